import type { Finding, Fix, Suppression } from './analysis';
import type { ReportedFinding } from './story-groups';

/**
 * Findings packed into a few flat arrays, to cross from one process to another: serialisation
 * costs by the object, and a finding as an object is a dozen of them (range, positions, evidence
 * lists). The CLI's share processes send their findings this way; 77,000 findings as objects took
 * the main process ~1.5 s of CPU to receive. What is packed is what reports read (`ReportedFinding`).
 */
export interface FindingPack {
  /** How many findings each list had. */
  counts: number[];
  /** Rule ids and severities, each once. */
  names: string[];
  /** The evidence of the findings (every finding of a rule shares its rule's lists), each once. */
  evidence: Pick<Finding, 'stories' | 'citations'>[];
  /** Per finding, NUMBERS_PER_FINDING numbers: rule id and severity (in `names`), evidence, start line and character, end line and character. */
  numbers: Int32Array;
  messages: string[];
  /** For the findings that have them: [finding number, suppression, fixes]. */
  extras: [number, Suppression | undefined, Fix[] | undefined][];
}

const NUMBERS_PER_FINDING = 7;

/** Packs lists of findings (a list per file); fixes only when `withFixes` (no report prints them; `--fix` applies them). */
export function packFindings(lists: readonly (readonly ReportedFinding[])[], withFixes: boolean): FindingPack {
  const names = new Map<string, number>();
  const evidence = new Map<Finding['citations'], number>();
  const pack: FindingPack = { counts: [], names: [], evidence: [], numbers: new Int32Array(0), messages: [], extras: [] };
  const nameId = (name: string) => {
    let id = names.get(name);
    if (id === undefined) names.set(name, (id = pack.names.push(name) - 1));
    return id;
  };
  const numbers: number[] = [];
  for (const findings of lists) {
    pack.counts.push(findings.length);
    for (const finding of findings) {
      let evidenceId = evidence.get(finding.citations);
      if (evidenceId === undefined) {
        evidenceId = pack.evidence.push({ stories: finding.stories, citations: finding.citations }) - 1;
        evidence.set(finding.citations, evidenceId);
      }
      const { start, end } = finding.range;
      numbers.push(nameId(finding.ruleId), nameId(finding.severity), evidenceId, start.line, start.character, end.line, end.character);
      const fixes = withFixes && finding.fixes.length > 0 ? finding.fixes : undefined;
      if (finding.suppressed || fixes) pack.extras.push([pack.messages.length, finding.suppressed, fixes]);
      pack.messages.push(finding.message);
    }
  }
  pack.numbers = Int32Array.from(numbers);
  return pack;
}

/** The lists `packFindings` was given, as reports read them. */
export function unpackFindings(pack: FindingPack): ReportedFinding[][] {
  const { names, evidence, numbers, messages } = pack;
  const extras = new Map(pack.extras.map(([at, suppressed, fixes]) => [at, { suppressed, fixes }]));
  let next = 0;
  return pack.counts.map((count) => Array.from({ length: count }, () => {
    const at = next++;
    const n = at * NUMBERS_PER_FINDING;
    const extra = extras.get(at);
    const { stories, citations } = evidence[numbers[n + 2]!]!;
    return {
      ruleId: names[numbers[n]!]!,
      severity: names[numbers[n + 1]!] as Finding['severity'],
      message: messages[at]!,
      range: { start: { line: numbers[n + 3]!, character: numbers[n + 4]! }, end: { line: numbers[n + 5]!, character: numbers[n + 6]! } },
      stories, citations,
      fixes: extra?.fixes ?? [],
      ...(extra?.suppressed ? { suppressed: extra.suppressed } : {}),
    };
  }));
}
