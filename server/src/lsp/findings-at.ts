import type { Finding } from '../analysis';

/**
 * Finds the findings at an offset without looking at every finding of the file: a 5 MB file has
 * tens of thousands, and a hover must answer in a millisecond or two. The findings are ordered by
 * start (the engine returns them so; others are sorted once), and `reach[i]` is the furthest any
 * of the first i + 1 findings reaches: a search walks back from the last finding starting at or
 * before the offset and stops where nothing earlier can reach it.
 */
class FindingsByOffset {
  private readonly sorted: readonly Finding[];
  private readonly reach: Int32Array;

  constructor(findings: readonly Finding[]) {
    const ordered = findings.every((finding, i) => i === 0 || findings[i - 1]!.offsets.start <= finding.offsets.start);
    this.sorted = ordered ? findings : [...findings].sort((a, b) => a.offsets.start - b.offsets.start);
    this.reach = new Int32Array(this.sorted.length);
    let furthest = 0;
    this.sorted.forEach((finding, i) => (this.reach[i] = furthest = Math.max(furthest, reachOf(finding))));
  }

  /** The findings that start at or before `to` and reach `from` or further, in order, that `keep` accepts. */
  between(from: number, to: number, keep: (finding: Finding) => boolean): Finding[] {
    let low = 0;
    let high = this.sorted.length;
    // The first finding starting after `to`.
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid]!.offsets.start <= to) low = mid + 1;
      else high = mid;
    }
    const found: Finding[] = [];
    for (let i = low - 1; i >= 0 && this.reach[i]! >= from; i--) {
      if (keep(this.sorted[i]!)) found.push(this.sorted[i]!);
    }
    return found.reverse();
  }
}

/** A finding covers at least one character, so an empty one can be hovered too. */
function reachOf(finding: Finding): number {
  return Math.max(finding.offsets.end, finding.offsets.start + 1);
}

/** Built once per list of findings (the list of one analysis), then shared by every request on it. */
const indexes = new WeakMap<readonly Finding[], FindingsByOffset>();

function indexOf(findings: readonly Finding[]): FindingsByOffset {
  let index = indexes.get(findings);
  if (!index) indexes.set(findings, (index = new FindingsByOffset(findings)));
  return index;
}

/** The findings under the cursor at `offset`, in file order. */
export function findingsAt(findings: readonly Finding[], offset: number): Finding[] {
  return indexOf(findings).between(offset, offset, (finding) => finding.offsets.start <= offset && offset <= reachOf(finding));
}

/** The findings whose range touches the range from `start` to `end` (a code action's), in file order. */
export function findingsTouching(findings: readonly Finding[], start: number, end: number): Finding[] {
  return indexOf(findings).between(start, end, (finding) => finding.offsets.end >= start && finding.offsets.start <= end);
}
