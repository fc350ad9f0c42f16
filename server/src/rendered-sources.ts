import { posix } from 'node:path';
import type { FileReport, ReportedFinding } from './report';

/**
 * `helm template` output names the template each document came from in a `# Source:` comment at its
 * top. Findings in such a document are reported against that template, their lines counted from the
 * line after the comment (the template's own line when no directive above changed the line count).
 * Documents without one (kustomize output, hand-written streams) stay on the stream's own name.
 */

/** The `# Source:` comment that heads a document: its path and the 0-based line it is on. */
interface SourceComment { path: string; line: number }

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/;
const DOCUMENT_START = /^---(\s|$)/;

/** For each line of `text`, the `# Source:` comment heading the document it belongs to, if any. */
function sourcesByLine(text: string): (SourceComment | undefined)[] {
  const sources: (SourceComment | undefined)[] = [];
  let current: SourceComment | undefined;
  // Before a document's first content line, a `# Source:` comment still counts as its heading.
  let inHeading = true;
  for (const [index, line] of text.split(/\r?\n|\r/).entries()) {
    if (DOCUMENT_START.test(line)) {
      current = undefined;
      inHeading = true;
    } else if (inHeading) {
      const source = SOURCE_COMMENT.exec(line);
      if (source) current = { path: source[1]!, line: index };
      else if (line.trim() !== '' && !line.trimStart().startsWith('#')) inHeading = false;
    }
    sources.push(current);
  }
  return sources;
}

/** `finding` with its lines counted from `firstLine`; a finding on the heading itself goes to the first line. */
function fromLine(finding: ReportedFinding, firstLine: number): ReportedFinding {
  const { start, end } = finding.range;
  const line = (at: number) => Math.max(0, at - firstLine);
  return { ...finding, range: { start: { ...start, line: line(start.line) }, end: { ...end, line: line(end.line) } } };
}

/**
 * Splits the report of a rendered stream into one report per `# Source:` template, in the order the
 * templates first appear; findings outside any such document stay in the stream's report. Helm's
 * paths start at the chart's name: `root` is the folder they are relative to (the chart's parent).
 */
export function reportsBySource(report: FileReport, text: string, root = ''): FileReport[] {
  if (!/^#\s*Source:/m.test(text)) return [report];
  const sources = sourcesByLine(text);
  const byFile = new Map<string, ReportedFinding[]>();
  for (const finding of report.findings) {
    const source = sources[finding.range.start.line];
    const file = source ? posix.join(root, source.path) : report.file;
    const findings = byFile.get(file) ?? [];
    findings.push(source ? fromLine(finding, source.line + 1) : finding);
    byFile.set(file, findings);
  }
  return [...byFile].map(([file, findings]) => ({ file, findings }));
}
