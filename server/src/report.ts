import { ALL_RULE_METAS, RELATIONS, SEVERITIES, type RuleMeta, type Severity } from './analysis';
import type { Catalogue } from './catalogue/catalogue';
import { citingRules, noCauseStatement, severityDecision } from './catalogue/rule-evidence';
import type { Story } from './catalogue/story';
import { activeFindings, groupByStory, relationTo, type FileReport, type ReportedFinding } from './story-groups';

/** Output formats of the CLI: plain data in, text out. */

export type { FileReport, ReportedFinding };
export interface Totals { files: number; documents: number }

/**
 * Control characters (C0, DEL, C1 — ESC sequences among them), line and paragraph separators and
 * bidirectional overrides: from a manifest they could clear the screen, forge finding lines or
 * hyperlinks, or reorder what is shown.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/** `text` with every unprintable character written as an escape, so user strings print as one inert line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatText(reports: readonly FileReport[], totals: Totals, catalogue: Catalogue): string {
  const out: string[] = [];
  for (const { file, findings } of reports) {
    for (const finding of findings) {
      if (finding.suppressed) continue;
      out.push(findingLine(file, finding));
      const story = strongestStory(finding, catalogue);
      if (story) out.push(`    ↳ ${story}`);
    }
  }
  out.push(summaryLine(reports, totals));
  return out.join('\n') + '\n';
}

/** `file:line:col severity rule message`, the finding line of the text output. */
function findingLine(file: string, finding: ReportedFinding): string {
  const { line, character } = finding.range.start;
  return `${printable(file)}:${line + 1}:${character + 1} ${finding.severity} ${finding.ruleId} ${printable(finding.message)}`;
}

/**
 * The strongest story in full, with what it proves; the others by count, so long reports stay readable.
 * Undefined for a finding no story backs.
 */
export function strongestStory(finding: ReportedFinding, catalogue: Catalogue): string | undefined {
  const strongest = finding.citations[0];
  const story = strongest && catalogue.story(strongest.story);
  if (!story) return undefined;
  const others = finding.citations.length - 1;
  return `${strongest.relation}: ${storyName(story)}` + (others > 0 ? ` and ${others} more` : '');
}

function storyName(story: Story): string {
  return `${story.organization} (${story.year}): ${story.title} <${story.url}>`;
}

function summaryLine(reports: readonly FileReport[], totals: Totals): string {
  const active = reports.flatMap((report) => report.findings.filter((f) => !f.suppressed));
  const suppressed = reports.reduce((sum, report) => sum + report.findings.length, 0) - active.length;
  const bySeverity = SEVERITIES.flatMap((severity) => {
    const count = active.filter((f) => f.severity === severity).length;
    return count ? [severity === 'information' ? `${count} information` : plural(count, severity)] : [];
  });
  return `${plural(active.length, 'finding')}${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''} in ${plural(totals.files, 'file')}, ` +
    `${plural(totals.documents, 'document')}` + (suppressed ? `; ${suppressed} suppressed` : '');
}

/** `check --by story`: each story that could repeat here, with the findings that would repeat it. */
export function formatTextByStory(reports: readonly FileReport[], totals: Totals, catalogue: Catalogue): string {
  const out: string[] = [];
  for (const group of groupByStory(reports)) {
    const story = catalogue.story(group.story);
    out.push(`${group.relation}: ${story ? storyName(story) : group.story} (${plural(group.findings.length, 'finding')})`);
    for (const { file, finding } of group.findings) {
      // A weaker link than the heading's is said, so a "cause" heading does not overstate it.
      const relation = relationTo(finding, group.story);
      out.push(`    ${findingLine(file, finding)}${relation === group.relation ? '' : ` (${relation})`}`);
    }
    out.push('');
  }
  const unbacked = activeFindings(reports).filter(({ finding }) => finding.citations.length === 0);
  if (unbacked.length > 0) {
    out.push(`no story (${plural(unbacked.length, 'finding')})`, ...unbacked.map(({ file, finding }) => `    ${findingLine(file, finding)}`), '');
  }
  out.push(summaryLine(reports, totals));
  return out.join('\n') + '\n';
}

/** A relative file path as a URI reference: each segment percent-encoded, so no control character survives. */
function fileUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function jsonFinding(file: string, finding: ReportedFinding) {
  const { start, end } = finding.range;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file,
    range: { start: { line: start.line + 1, column: start.character + 1 }, end: { line: end.line + 1, column: end.character + 1 } },
    stories: finding.stories,
    citations: finding.citations,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The stable JSON shape; `byStory` adds the findings grouped by story (`check --by story`) after the usual fields. */
export function formatJson(reports: readonly FileReport[], totals: Totals, options: { byStory?: boolean } = {}): string {
  const all = reports.flatMap(({ file, findings }) => findings.map((finding) => ({ file, finding })));
  return JSON.stringify({
    version: 1,
    files: totals.files,
    documents: totals.documents,
    findings: all.filter(({ finding }) => !finding.suppressed).map(({ file, finding }) => jsonFinding(file, finding)),
    suppressed: all.filter(({ finding }) => finding.suppressed).map(({ file, finding }) => ({
      ...jsonFinding(file, finding),
      suppressedBy: finding.suppressed!.via,
      ...(finding.suppressed!.reason ? { reason: finding.suppressed!.reason } : {}),
    })),
    ...(options.byStory ? {
      byStory: groupByStory(reports).map(({ story, relation, findings }) => ({
        story, relation, findings: findings.map(({ file, finding }) => jsonFinding(file, finding)),
      })),
    } : {}),
  }, null, 2) + '\n';
}

export function formatSarif(reports: readonly FileReport[], catalogue: Catalogue, version: string): string {
  const rules: readonly RuleMeta[] = ALL_RULE_METAS;
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const primaryUrl = (rule: RuleMeta) => catalogue.story(rule.stories[0]!)?.url;
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'k8s-failure-stories',
          version,
          informationUri: 'https://k8s.af',
          rules: rules.map((rule) => ({
            id: rule.id,
            name: rule.title,
            shortDescription: { text: rule.title },
            fullDescription: { text: rule.why },
            help: { text: `${rule.why}\nFix: ${rule.fix}`, markdown: `${rule.why}\n\n**Fix.** ${rule.fix}` },
            ...(primaryUrl(rule) ? { helpUri: primaryUrl(rule) } : {}),
            defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
            properties: { stories: rule.stories, citations: rule.citations, severityBasis: rule.severityBasis },
          })),
        },
      },
      results: reports.flatMap(({ file, findings }) => findings.map((finding) => ({
        ruleId: finding.ruleId,
        ruleIndex: index.get(finding.ruleId),
        level: SARIF_LEVEL[finding.severity],
        message: { text: printable(finding.message) },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: fileUri(file) },
            region: {
              startLine: finding.range.start.line + 1, startColumn: finding.range.start.character + 1,
              endLine: finding.range.end.line + 1, endColumn: finding.range.end.character + 1,
            },
          },
        }],
        properties: { stories: finding.stories, citations: finding.citations },
        ...(finding.suppressed
          ? { suppressions: [{ kind: 'inSource', ...(finding.suppressed.reason ? { justification: finding.suppressed.reason } : {}) }] }
          : {}),
      }))),
    }],
  }, null, 2) + '\n';
}

/** `rules`: each rule with its severity decision and its stories by relation, strongest first. */
export function formatRulesText(rules: readonly RuleMeta[], catalogue: Catalogue): string {
  return rules.map((rule) => {
    const lines = [`${rule.id} (${rule.severity}): ${rule.title}`];
    for (const relation of RELATIONS) {
      const ids = rule.citations.filter((citation) => citation.relation === relation).map((citation) => citation.story);
      if (ids.length > 0) lines.push(`  ${relation}: ${ids.join(', ')}`);
    }
    const noCause = noCauseStatement(rule, catalogue);
    if (noCause) lines.push(`  ${noCause}`);
    lines.push(`  severity: ${severityDecision(rule)}`);
    return lines.join('\n');
  }).join('\n') + '\n';
}

/** `rules --format json`: a stable shape for other tools. */
export function formatRulesJson(rules: readonly RuleMeta[]): string {
  return JSON.stringify({
    version: 1,
    rules: rules.map(({ id, title, severity, citations }) => ({
      id, title, severity, citations: citations.map(({ story, relation, note }) => ({ story, relation, note })),
    })),
  }, null, 2) + '\n';
}

/** `stories [query]`: each story with the rules that cite it and how. */
export function formatStoriesText(stories: readonly Story[], query: string): string {
  if (stories.length === 0) return `no story matches "${query}"\n`;
  return stories.map((story) => {
    const rules = citingRules(story.id).map(({ rule, citation }) => `${rule.id} (${citation.relation})`);
    return `${story.organization} (${story.year}, ${story.kind}): ${story.title}\n  ${story.url}\n  impact: ${story.impact}` +
      (rules.length ? `\n  rules: ${rules.join(', ')}` : '');
  }).join('\n\n') + '\n';
}

/** `stories [query] --format json`: a stable shape for other tools (an empty list when nothing matches). */
export function formatStoriesJson(stories: readonly Story[]): string {
  return JSON.stringify({ version: 1, stories }, null, 2) + '\n';
}
