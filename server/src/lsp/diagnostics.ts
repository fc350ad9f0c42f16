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

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

/** A document's diagnostics, lines relative to the document, and how many there are of each severity (indexed by LSP severity). */
interface DocumentDiagnostics { diagnostics: Diagnostic[]; counts: number[] }

/** Converted once per list of findings: the engine hands out the same list while a document and what it depends on are unchanged. */
const converted = new WeakMap<readonly Finding[], DocumentDiagnostics>();

function documentDiagnostics(findings: readonly Finding[]): DocumentDiagnostics {
  let result = converted.get(findings);
  if (!result) {
    result = { diagnostics: [], counts: [0, 0, 0, 0, 0] };
    for (const finding of findings) {
      if (finding.suppressed) continue;
      const diagnostic = toDiagnostic(finding);
      result.diagnostics.push(diagnostic);
      result.counts[diagnostic.severity!]!++;
    }
    converted.set(findings, result);
  }
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

/** `diagnostic` moved down `lines` lines (its characters stay: documents start at a line's start). */
function shifted(diagnostic: Diagnostic, lines: number): Diagnostic {
  if (lines === 0) return diagnostic;
  const { start, end } = diagnostic.range;
  return { ...diagnostic, range: { start: { line: start.line + lines, character: start.character }, end: { line: end.line + lines, character: end.character } } };
}

/**
 * The diagnostics to publish for a file, in file order: at most MAX_DIAGNOSTICS, the most severe
 * first, then one saying how many are left out. One step per document converted (unchanged
 * documents are reused), so a first publish of a huge file can be spread over several turns.
 */
export function* fileDiagnostics(documents: readonly DocumentFindings[]): Generator<void, Diagnostic[], void> {
  const perDocument: DocumentDiagnostics[] = [];
  const counts = [0, 0, 0, 0, 0];
  for (const document of documents) {
    const known = converted.has(document.findings);
    const diagnostics = documentDiagnostics(document.findings);
    perDocument.push(diagnostics);
    diagnostics.counts.forEach((count, severity) => (counts[severity]! += count));
    if (!known) yield;
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  // Every diagnostic more severe than `cutoff`, and the first `cutoffTaken` of that severity.
  let cutoff = DiagnosticSeverity.Hint + 1;
  let cutoffTaken = 0;
  if (total > MAX_DIAGNOSTICS) {
    let room = MAX_DIAGNOSTICS;
    for (let severity = DiagnosticSeverity.Error; severity <= DiagnosticSeverity.Hint; severity++) {
      if (counts[severity]! <= room) {
        room -= counts[severity]!;
        continue;
      }
      cutoff = severity;
      cutoffTaken = room;
      break;
    }
  }
  const published: Diagnostic[] = [];
  documents.forEach((document, index) => {
    for (const diagnostic of perDocument[index]!.diagnostics) {
      const severity = diagnostic.severity!;
      if (severity < cutoff || (severity === cutoff && cutoffTaken-- > 0)) published.push(shifted(diagnostic, document.line));
    }
  });
  if (total > published.length) published.push(moreFindings(total - published.length));
  return published;
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
