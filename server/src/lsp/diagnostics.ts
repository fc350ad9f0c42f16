import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { moveFinding, type DocumentFindings, type Finding, type Severity } from '../analysis';
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
export function* fileDiagnostics(documents: readonly DocumentFindings[]): Generator<void, Diagnostic[], void> {
  for (const findings of unconverted(documents)) {
    converting(findings);
    yield;
  }
  return published(documents);
}

/**
 * The documents' findings not converted yet. The loops over every document of a file are kept out
 * of the generator: V8 runs them many times faster in a plain function.
 */
function unconverted(documents: readonly DocumentFindings[]): (readonly Finding[])[] {
  const found: (readonly Finding[])[] = [];
  for (let index = 0; index < documents.length; index++) if (!converted.has(documents[index]!.findings)) found.push(documents[index]!.findings);
  return found;
}

/** `fileDiagnostics` once every document is converted. */
function published(documents: readonly DocumentFindings[]): Diagnostic[] {
  const perDocument: DocumentDiagnostics[] = [];
  const counts = [0, 0, 0, 0, 0];
  for (let index = 0; index < documents.length; index++) {
    const document = converted.get(documents[index]!.findings) ?? converting(documents[index]!.findings);
    perDocument.push(document);
    if (document.diagnostics.length === 0) continue;
    for (let severity = MOST_SEVERE; severity <= LEAST_SEVERE; severity++) counts[severity]! += document.counts[severity]!;
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  // Every diagnostic more severe than `cutoff`, and the first `cutoffTaken` of that severity.
  let cutoff = LEAST_SEVERE + 1;
  let cutoffTaken = 0;
  if (total > MAX_DIAGNOSTICS) {
    let room = MAX_DIAGNOSTICS;
    for (let severity = MOST_SEVERE; severity <= LEAST_SEVERE; severity++) {
      if (counts[severity]! <= room) {
        room -= counts[severity]!;
        continue;
      }
      cutoff = severity;
      cutoffTaken = room;
      break;
    }
  }
  const shown: Diagnostic[] = [];
  for (let index = 0; index < documents.length; index++) {
    const document = perDocument[index]!;
    if (!publishesAny(document.counts, cutoff, cutoffTaken)) continue;
    for (const diagnostic of placedAt(document, documents[index]!.line)) {
      const severity = diagnostic.severity!;
      if (severity < cutoff || (severity === cutoff && cutoffTaken-- > 0)) shown.push(diagnostic);
    }
  }
  if (total > shown.length) shown.push(moreFindings(total - shown.length));
  return shown;
}

/** Whether a document with these counts has a diagnostic to publish: most documents of a big file have none. */
function publishesAny(counts: readonly number[], cutoff: number, cutoffTaken: number): boolean {
  for (let severity = MOST_SEVERE; severity < cutoff; severity++) if (counts[severity]! > 0) return true;
  return cutoffTaken > 0 && cutoff <= LEAST_SEVERE && counts[cutoff]! > 0;
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
export function placedAround(documents: readonly DocumentFindings[], start: number, end: number, find: (findings: readonly Finding[], offset: number) => readonly Finding[]): Finding[] {
  const found: Finding[] = [];
  for (let index = Math.max(0, lastAtOrBefore(documents.length, (i) => documents[i]!.offset, start) - 1); index < documents.length && documents[index]!.offset <= end; index++) {
    const { findings, offset, line } = documents[index]!;
    for (const finding of find(findings, offset)) found.push(moveFinding(finding, offset, line));
  }
  return found;
}
