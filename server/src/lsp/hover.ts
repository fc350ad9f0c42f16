import type { Finding, RuleMeta } from '../analysis';
import { ruleMeta } from '../analysis';
import type { Catalogue } from '../catalogue/catalogue';
import { citationGroups, noCauseStatement } from '../catalogue/rule-evidence';
import { storiesInvolving } from '../catalogue/fields';
import type { Story } from '../catalogue/story';
import { escapeMarkdown, safeUrl } from './markdown';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', information: 'Info', hint: 'Hint' } as const;
const STORIES_ON_FIELD_HOVER = 3;
const API_BASIS = 'Its severity rests on the API: Kubernetes itself rejects or silently drops what this rule flags.';

/**
 * What the client asked for (our VS Code extension asks for both; other editors get plain, complete cards):
 * `openStoryLinks`, links to its story view; `diagnosticsInHover`, it already shows the diagnostic's message
 * above the card, so the card does not repeat it.
 */
export interface HoverOptions { openStoryLinks: boolean; diagnosticsInHover?: boolean }

export function storyLine(story: Story, options: HoverOptions): string {
  const url = safeUrl(story.url);
  const title = escapeMarkdown(story.title);
  const link = url ? `[${title}](${url})` : title;
  const open = options.openStoryLinks ? ` · ${openStoryLink(story.id)}` : '';
  return `- ${escapeMarkdown(story.organization)} · ${story.year} · ${link} — ${escapeMarkdown(story.impact)}${open}`;
}

/**
 * A command link to the extension's story view. The story id is ours (catalogue data, kebab-case),
 * the arguments are URI-encoded JSON, and the client trusts only this one command in hovers.
 */
export function openStoryLink(id: string): string {
  return `[Open story](command:k8sFailureStories.openStory?${encodeURIComponent(JSON.stringify([id]))})`;
}

/** The card for findings under the cursor: the rule, why, the stories behind it and the fix. */
export function findingsHover(findings: readonly Finding[], catalogue: Catalogue, options: HoverOptions): string {
  return findings.map((finding) => {
    const rule = ruleMeta(finding.ruleId);
    const lines = [`**${escapeMarkdown(rule?.title ?? finding.ruleId)}** · \`${finding.ruleId}\` · ${SEVERITY_LABEL[finding.severity]}`];
    // A suppressed finding has no diagnostic, so its card always says what it is about.
    if (!options.diagnosticsInHover || finding.suppressed) lines.push('', escapeMarkdown(finding.message));
    if (finding.suppressed) {
      const reason = finding.suppressed.reason ? `: ${escapeMarkdown(finding.suppressed.reason)}` : '';
      lines.push('', `_Suppressed by ${finding.suppressed.via}${reason}_`);
    }
    if (rule) lines.push('', `**Why it matters.** ${rule.why}`, ...citationLines(rule, catalogue, options), '', `**Fix.** ${rule.fix}`);
    return lines.join('\n');
  }).join('\n\n---\n\n');
}

/**
 * The rule's stories grouped by relation, strongest first, each with our note on what the source says;
 * a rule that no postmortem backs says so, and an API-backed one says what its severity rests on.
 */
export function citationLines(rule: RuleMeta, catalogue: Catalogue, options: HoverOptions): string[] {
  const lines: string[] = [];
  const capped = rule.severity !== rule.declaredSeverity ? `Its default severity is capped at ${rule.severity} until one does.` : '';
  const basis = [rule.severityBasis === 'api' ? API_BASIS : '', noCauseStatement(rule, catalogue) ?? '', capped].filter(Boolean).join(' ');
  if (basis) lines.push('', `_${escapeMarkdown(basis)}_`);
  for (const group of citationGroups(rule, catalogue)) {
    lines.push('', `**${escapeMarkdown(group.heading)}**`, '');
    // A trailing backslash is a Markdown hard break: the note goes under its story, inside the same item.
    for (const { citation, story } of group.items) lines.push(`${storyLine(story, options)}\\`, `  _${escapeMarkdown(citation.note)}_`);
  }
  return lines;
}

/** The card for a field that stories involve, shown even when nothing is wrong with it. */
export function fieldHover(field: string, catalogue: Catalogue, options: HoverOptions): string | undefined {
  const stories = storiesInvolving(catalogue, field);
  if (stories.length === 0) return undefined;
  const noun = stories.length === 1 ? 'failure story involves' : 'failure stories involve';
  const shown = stories.slice(0, STORIES_ON_FIELD_HOVER).map((story) => storyLine(story, options));
  const more = stories.length > STORIES_ON_FIELD_HOVER ? ['', `…and ${stories.length - STORIES_ON_FIELD_HOVER} more in the Failure Stories catalogue.`] : [];
  return [`**${stories.length} ${noun} \`${field}\`**`, '', ...shown, ...more].join('\n');
}
