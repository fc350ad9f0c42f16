import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { moveFinding, NO_FILE_FINDINGS, type FileFindings, type Finding, type Severity } from '../analysis';
import { lastAtOrBefore } from '../analysis/split';
import { catalogue } from '../catalogue/catalogue';

export const SOURCE = 'k8s-failure-stories';

/**
 * Most findings published for one file, plus one diagnostic saying how many more there are. VS Code
 * keeps at most 1,000 diagnostics of a source per file (the most severe first) and drops the rest
 * after they were sent, serialised and converted: publishing more costs every edit of a big file
 * time for nothing. Hovers still explain every finding; the command line lists them all.
 */
export const MAX_DIAGNOSTICS = 999;

/** The LSP's severities run from 1 (error) to 4 (hint); read once, as loops over thousands of documents use them. */
const MOST_SEVERE: number = DiagnosticSeverity.Error;
const LEAST_SEVERE: number = DiagnosticSeverity.Hint;

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

/**
 * A document's diagnostics, lines relative to the document, and how many there are of each severity
 * (indexed by LSP severity); `placed` is the same list moved to where the document last was.
 */
interface DocumentDiagnostics { diagnostics: Diagnostic[]; counts: number[]; placed?: { line: number; diagnostics: Diagnostic[] } }

/** Converted once per list of findings: the engine hands out the same list while a document and what it depends on are unchanged. */
const converted = new WeakMap<readonly Finding[], DocumentDiagnostics>();

function converting(findings: readonly Finding[]): DocumentDiagnostics {
  const result: DocumentDiagnostics = { diagnostics: [], counts: [0, 0, 0, 0, 0] };
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const diagnostic = toDiagnostic(finding);
    result.diagnostics.push(diagnostic);
    result.counts[diagnostic.severity!]!++;
  }
  converted.set(findings, result);
  return result;
}

function toDiagnostic(finding: Finding): Diagnostic {
  const story = catalogue().story(finding.stories[0] ?? '');
  return {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    ...(story ? { codeDescription: { href: story.url } } : {}),
    message: finding.message,
  };
}

/** The document's diagnostics in file lines, for a document starting on `line` (kept while it stays there: typing seldom moves lines). */
function placedAt(document: DocumentDiagnostics, line: number): Diagnostic[] {
  if (line === 0) return document.diagnostics;
  if (document.placed?.line !== line) {
    document.placed = { line, diagnostics: document.diagnostics.map((diagnostic) => {
      const { start, end } = diagnostic.range;
      return { ...diagnostic, range: { start: { line: start.line + line, character: start.character }, end: { line: end.line + line, character: end.character } } };
    }) };
  }
  return document.placed.diagnostics;
}

/**
 * The diagnostics to publish for a file, in file order: at most MAX_DIAGNOSTICS, the most severe
 * first, then one saying how many are left out. One step per document converted (unchanged
 * documents are reused), so a first publish of a huge file can be spread over several turns.
 */
export function fileDiagnostics(documents: FileFindings): Generator<void, Diagnostic[], void> {
  return new PublishedDiagnostics().update(documents);
}

/** Entries per document in PublishedDiagnostics' counts: one per LSP severity (index 0 unused). */
const SEVERITY_SLOTS = LEAST_SEVERE + 1;

/**
 * What one file publishes, kept from one analysis to the next: per document (aligned with the last
 * list of documents) its diagnostics, and in one dense array its count of each severity. An edit
 * changes a few documents of the list; the unchanged ones before and after them are found by
 * comparing their findings lists, so an edit of a huge file converts and counts only the documents
 * it changed, then looks at the documents that publish — not at every document's objects.
 */
export class PublishedDiagnostics {
  private documents = NO_FILE_FINDINGS;
  private perDocument: DocumentDiagnostics[] = [];
  private counts = new Int32Array(0);
  private totals = new Array<number>(SEVERITY_SLOTS).fill(0);
  private lastSelection: Selection | undefined;

  /** `fileDiagnostics` of `documents`; what it keeps changes only once the steps are done. */
  *update(documents: FileFindings): Generator<void, Diagnostic[], void> {
    const changed = changedRange(this.documents.perDocument, documents.perDocument);
    for (const findings of unconverted(documents.perDocument, changed.start, changed.newEnd)) {
      converting(findings);
      yield;
    }
    const lines = this.documents.lines;
    this.keep(documents, changed);
    return this.selected(unmoved(lines, documents.lines, changed.start));
  }

  /** Takes `documents` as the file's: the unchanged documents keep their entries, the changed ones are counted anew. */
  private keep(documents: FileFindings, { start, oldEnd, newEnd }: ChangedRange): void {
    const middle: DocumentDiagnostics[] = [];
    for (let index = start; index < newEnd; index++) middle.push(converted.get(documents.perDocument[index]!)!);
    const counts = new Int32Array(documents.perDocument.length * SEVERITY_SLOTS);
    counts.set(this.counts.subarray(0, start * SEVERITY_SLOTS));
    counts.set(this.counts.subarray(oldEnd * SEVERITY_SLOTS), newEnd * SEVERITY_SLOTS);
    for (let index = start; index < oldEnd; index++) {
      for (let severity = MOST_SEVERE; severity <= LEAST_SEVERE; severity++) this.totals[severity]! -= this.counts[index * SEVERITY_SLOTS + severity]!;
    }
    middle.forEach((document, offset) => {
      for (let severity = MOST_SEVERE; severity <= LEAST_SEVERE; severity++) {
        counts[(start + offset) * SEVERITY_SLOTS + severity] = document.counts[severity]!;
        this.totals[severity]! += document.counts[severity]!;
      }
    });
    this.perDocument = this.perDocument.slice(0, start).concat(middle, this.perDocument.slice(oldEnd));
    this.counts = counts;
    this.documents = documents;
  }

  /**
   * Every diagnostic more severe than the cutoff severity and the first `cutoffTaken` of it, in file
   * order. The first `unchanged` documents are as last time, so under the same cutoff they give what
   * they gave then: a huge file's documents before an edit are not looked at again.
   */
  private selected(unchanged: number): Diagnostic[] {
    const total = this.totals.reduce((sum, count) => sum + count, 0);
    let cutoff = LEAST_SEVERE + 1;
    let cutoffTaken = 0;
    if (total > MAX_DIAGNOSTICS) {
      let room = MAX_DIAGNOSTICS;
      for (let severity = MOST_SEVERE; severity <= LEAST_SEVERE; severity++) {
        if (this.totals[severity]! <= room) {
          room -= this.totals[severity]!;
          continue;
        }
        cutoff = severity;
        cutoffTaken = room;
        break;
      }
    }
    let showing = cutoffTaken;
    for (let severity = MOST_SEVERE; severity < cutoff; severity++) showing += this.totals[severity]!;
    const count = this.documents.perDocument.length;
    const last = this.lastSelection;
    const reused = last?.cutoff === cutoff && last.cutoffTaken === cutoffTaken ? Math.min(unchanged, last.visited) : 0;
    const starts = new Int32Array(count + 1);
    const takenLeft = new Int32Array(count + 1);
    let shown: Diagnostic[] = [];
    let left = cutoffTaken;
    if (last && reused > 0) {
      starts.set(last.starts.subarray(0, reused));
      takenLeft.set(last.takenLeft.subarray(0, reused));
      shown = last.shown.slice(0, last.starts[reused]);
      left = last.takenLeft[reused]!;
    }
    let index = reused;
    // Once all that shows is found, the documents after it are not looked at.
    for (; index < count && shown.length < showing; index++) {
      starts[index] = shown.length;
      takenLeft[index] = left;
      if (!publishesAny(this.counts, index * SEVERITY_SLOTS, cutoff, left)) continue;
      for (const diagnostic of placedAt(this.perDocument[index]!, this.documents.lines[index]!)) {
        const severity = diagnostic.severity!;
        if (severity < cutoff || (severity === cutoff && left-- > 0)) shown.push(diagnostic);
      }
    }
    starts[index] = shown.length;
    takenLeft[index] = left;
    this.lastSelection = { cutoff, cutoffTaken, visited: index, starts, takenLeft, shown };
    // The note goes on a copy: `shown` is read again by the next selection.
    return total > shown.length ? [...shown, moreFindings(total - shown.length)] : shown;
  }
}

/**
 * Where a selection of diagnostics stopped (`visited` documents looked at) and, for each of those
 * documents and the one after, how many diagnostics were taken before it (`starts`) and how many of
 * the cutoff severity were still to take (`takenLeft`).
 */
interface Selection { cutoff: number; cutoffTaken: number; visited: number; starts: Int32Array; takenLeft: Int32Array; shown: readonly Diagnostic[] }

/** How many of the first `limit` documents start on the same line in both lists. */
function unmoved(old: readonly number[], next: readonly number[], limit: number): number {
  let index = 0;
  while (index < limit && old[index] === next[index]) index++;
  return index;
}

/** Documents `start`..`oldEnd` of the old list became `start`..`newEnd` of the new one; those around them kept their findings. */
interface ChangedRange { start: number; oldEnd: number; newEnd: number }

function changedRange(old: readonly (readonly Finding[])[], next: readonly (readonly Finding[])[]): ChangedRange {
  let start = 0;
  while (start < old.length && start < next.length && old[start] === next[start]) start++;
  let oldEnd = old.length;
  let newEnd = next.length;
  while (oldEnd > start && newEnd > start && old[oldEnd - 1] === next[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * The findings of documents `start`..`end` not converted yet. The loops over documents are kept out
 * of the generator: V8 runs them many times faster in a plain function.
 */
function unconverted(perDocument: readonly (readonly Finding[])[], start: number, end: number): (readonly Finding[])[] {
  const found: (readonly Finding[])[] = [];
  for (let index = start; index < end; index++) if (!converted.has(perDocument[index]!)) found.push(perDocument[index]!);
  return found;
}

/** Whether the document whose counts start at `at` has a diagnostic to publish: most documents of a big file have none. */
function publishesAny(counts: Int32Array, at: number, cutoff: number, cutoffTaken: number): boolean {
  for (let severity = MOST_SEVERE; severity < cutoff; severity++) if (counts[at + severity]! > 0) return true;
  return cutoffTaken > 0 && cutoff <= LEAST_SEVERE && counts[at + cutoff]! > 0;
}

function moreFindings(left: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: 'more-findings',
    message: `${left} more findings in this file are not shown: the editor shows ${MAX_DIAGNOSTICS}, the most severe first. The command line lists them all: k8s-failure-stories check <file>`,
  };
}

/**
 * What `find` picks among the findings of the documents that hold offsets `start`..`end` of the file
 * and of the document before them (a finding may reach where the next document starts), placed in
 * the file: hovers and code actions look at a document or two, never at the whole file's findings.
 * `find` gets a document's findings and its offset.
 */
export function placedAround({ perDocument, offsets, lines }: FileFindings, start: number, end: number, find: (findings: readonly Finding[], offset: number) => readonly Finding[]): Finding[] {
  const found: Finding[] = [];
  for (let index = Math.max(0, lastAtOrBefore(perDocument.length, (i) => offsets[i]!, start) - 1); index < perDocument.length && offsets[index]! <= end; index++) {
    for (const finding of find(perDocument[index]!, offsets[index]!)) found.push(moveFinding(finding, offsets[index]!, lines[index]!));
  }
  return found;
}
