/**
 * A rule's evidence as every front door words it: the relation headings, the "no postmortem names this
 * yet" statement and the severity decision (one place, so the hover, the docs and the CLI agree); which
 * rules cite a story; and the checks of citations data against the rules and the catalogue.
 */
import { ALL_RULE_METAS, RELATIONS, UNCITED_SEVERITY_CAP, type Citation, type CitationsData, type Relation, type RuleMeta } from '../analysis';
import type { Catalogue } from './catalogue';
import type { Story } from './story';

export interface CitationGroup {
  relation: Relation;
  /** "Caused outages at Zalando, Omio", "Fixed by this at DFDS", "Related". */
  heading: string;
  items: { citation: Citation; story: Story }[];
}

export function storyLabel(story: Story): string {
  return `${story.organization} ${story.year}`;
}

function heading(relation: Relation, stories: readonly Story[]): string {
  const where = [...new Set(stories.map((story) => story.organization))].join(', ');
  switch (relation) {
    case 'cause': return `Caused outages at ${where}`;
    case 'fix': return `Fixed by this at ${where}`;
    case 'related': return 'Related';
  }
}

/** The rule's cited stories grouped by relation, strongest group first; stories missing from the catalogue are left out. */
export function citationGroups(rule: RuleMeta, catalogue: Catalogue): CitationGroup[] {
  return RELATIONS.flatMap((relation) => {
    const items = rule.citations
      .filter((citation) => citation.relation === relation)
      .flatMap((citation) => {
        const story = catalogue.story(citation.story);
        return story ? [{ citation, story }] : [];
      });
    return items.length > 0 ? [{ relation, heading: heading(relation, items.map((item) => item.story)), items }] : [];
  });
}

/**
 * Said plainly when no postmortem names the rule's setting as a cause or fix; undefined when one
 * does. The related stories are named so a reader sees what there is.
 */
export function noCauseStatement(rule: RuleMeta, catalogue: Catalogue): string | undefined {
  if (rule.severityBasis === 'postmortem') return undefined;
  const related = rule.stories.flatMap((id) => catalogue.story(id) ?? []).map(storyLabel);
  return related.length > 0 ? `No public postmortem names this setting as a cause yet; related: ${related.join(', ')}.` : 'No public postmortem names this setting as a cause yet.';
}

/** Why the rule's default severity is what it is, in one sentence. */
export function severityDecision(rule: RuleMeta): string {
  switch (rule.severityBasis) {
    case 'postmortem':
      return `${rule.severity}: a postmortem names this setting as a cause or as the fix.`;
    case 'api':
      return `${rule.severity}: Kubernetes itself rejects or silently drops what this rule flags, so its severity rests on the API's behaviour rather than on a postmortem.`;
    case 'uncited':
      return rule.severity === rule.declaredSeverity
        ? `${rule.severity}: no public postmortem names this setting as a cause yet, and a rule without one stays at ${UNCITED_SEVERITY_CAP} or below.`
        : `${rule.severity} (capped from ${rule.declaredSeverity}): no public postmortem names this setting as a cause yet, and a warning must be backed by a real outage.`;
  }
}

/** The rules that cite a story and how, strongest relation first (rule order within a relation). */
export function citingRules(storyId: string): { rule: RuleMeta; citation: Citation }[] {
  return ALL_RULE_METAS
    .flatMap((rule) => rule.citations.filter((citation) => citation.story === storyId).map((citation) => ({ rule, citation })))
    .sort((a, b) => RELATIONS.indexOf(a.citation.relation) - RELATIONS.indexOf(b.citation.relation));
}

/**
 * What is wrong with citations data beyond its schema: unknown rules or stories, rules without a
 * citation, a story cited twice by one rule, and cause/fix claims resting on a story whose postmortem
 * was not read (`evidence: "listing"`). Empty when all is well.
 */
export function citationProblems(data: CitationsData, ruleIds: readonly string[], catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const known = new Set(ruleIds);
  for (const id of Object.keys(data.rules)) if (!known.has(id)) problems.push(`${id}: no such rule`);
  // A rule whose severity rests on the API's behaviour may honestly have no story yet; every other rule needs one.
  for (const id of ruleIds) {
    const entry = Object.hasOwn(data.rules, id) ? data.rules[id] : undefined;
    if (!entry || (entry.citations.length === 0 && entry.basis !== 'api')) problems.push(`${id}: cites no story`);
  }
  for (const [id, entry] of Object.entries(data.rules)) {
    const seen = new Set<string>();
    for (const citation of entry.citations) {
      const story = catalogue.story(citation.story);
      if (seen.has(citation.story)) problems.push(`${id}: cites ${citation.story} twice`);
      seen.add(citation.story);
      if (!story) problems.push(`${id}: cites unknown story ${citation.story}`);
      else if (citation.relation !== 'related' && story.evidence !== 'read') {
        problems.push(`${id}: ${citation.relation} rests on ${citation.story}, whose postmortem was not read (evidence: ${story.evidence})`);
      }
    }
  }
  return problems;
}
