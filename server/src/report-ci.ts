import { createHash } from 'node:crypto';
import { ruleMeta, type Severity } from './analysis';
import type { Catalogue } from './catalogue/catalogue';
import { printable, strongestStory } from './report';
import { activeFindings, type FileReport } from './story-groups';

/** Output formats read by CI systems: GitHub workflow commands and GitLab's code-quality report. */

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** GitHub's escaping of a workflow command's message (its "data"). */
function githubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a workflow command's property values, where `:` and `,` are separators. */
function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github`: one workflow command per active finding, which the runner shows as an annotation
 * on the line: the rule as the title, the message and the strongest story as the text. Text from
 * manifests and file names is made printable first, so it cannot end the command or start another.
 */
export function formatGithub(reports: readonly FileReport[], catalogue: Catalogue): string {
  const lines: string[] = [];
  for (const { file, finding } of activeFindings(reports)) {
    const { start, end } = finding.range;
    const properties = [
      `file=${githubProperty(printable(file))}`,
      `line=${start.line + 1}`,
      `endLine=${end.line + 1}`,
      `col=${start.character + 1}`,
      `endColumn=${end.character + 1}`,
      `title=${githubProperty(`${finding.ruleId}: ${ruleMeta(finding.ruleId)?.title ?? finding.ruleId}`)}`,
    ];
    const story = strongestStory(finding, catalogue);
    const message = printable(finding.message) + (story ? `\n${story}` : '');
    lines.push(`::${GITHUB_COMMAND[finding.severity]} ${properties.join(',')}::${githubData(message)}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** GitLab's severities: info, minor, major, critical, blocker. */
const GITLAB_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', information: 'minor', hint: 'info' };

/**
 * `--format gitlab`: a code-quality report (GitLab's subset of the Code Climate issue format).
 * A fingerprint names the finding by file, rule and message, not line, so a finding keeps its
 * fingerprint when lines above it move and GitLab does not call it new; repeats are numbered.
 */
export function formatGitlab(reports: readonly FileReport[], catalogue: Catalogue): string {
  const seen = new Map<string, number>();
  const issues = activeFindings(reports).map(({ file, finding }) => {
    const key = `${file}\0${finding.ruleId}\0${finding.message}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const story = strongestStory(finding, catalogue);
    return {
      type: 'issue',
      check_name: finding.ruleId,
      description: printable(finding.message) + (story ? ` (${story})` : ''),
      severity: GITLAB_SEVERITY[finding.severity],
      fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex'),
      location: { path: file, lines: { begin: finding.range.start.line + 1, end: finding.range.end.line + 1 } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}
