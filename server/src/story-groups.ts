import { RELATIONS, SEVERITIES, type Finding, type Relation } from './analysis';

/**
 * Findings grouped by the story they would repeat: the CLI's `check --by story` and the editor's
 * "Could Happen Here" view and story view read the same groups.
 */

/** What reports read of a finding: the CLI's share processes send no more (see cli-jobs.ts). */
export type ReportedFinding = Pick<Finding, 'ruleId' | 'severity' | 'message' | 'range' | 'stories' | 'citations' | 'suppressed' | 'fixes'>;

/** One file's findings; `file` is whatever names the file to the reader (a path, a URI). */
export interface FileReport<F extends ReportedFinding = ReportedFinding> { file: string; findings: F[] }

/** The findings one story backs, and the strongest way it backs any of them. */
export interface StoryGroup<F extends ReportedFinding = ReportedFinding> { story: string; relation: Relation; findings: { file: string; finding: F }[] }

/**
 * Active findings grouped by the stories their rules cite, strongest evidence first: stories that are
 * a cause before fixes before related ones, then by how many findings repeat them. Within a story,
 * the findings it backs most strongly come first, then by severity and position.
 */
export function groupByStory<F extends ReportedFinding>(reports: readonly FileReport<F>[]): StoryGroup<F>[] {
  const groups = new Map<string, StoryGroup<F>>();
  for (const { file, finding } of activeFindings(reports)) {
    for (const { story, relation } of finding.citations) {
      const group = groups.get(story) ?? { story, relation, findings: [] };
      if (RELATIONS.indexOf(relation) < RELATIONS.indexOf(group.relation)) group.relation = relation;
      group.findings.push({ file, finding });
      groups.set(story, group);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => RELATIONS.indexOf(a.relation) - RELATIONS.indexOf(b.relation)
    || b.findings.length - a.findings.length || a.story.localeCompare(b.story));
  for (const group of sorted) {
    group.findings.sort((a, b) => RELATIONS.indexOf(relationTo(a.finding, group.story)) - RELATIONS.indexOf(relationTo(b.finding, group.story))
      || SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity)
      || a.file.localeCompare(b.file) || a.finding.range.start.line - b.finding.range.start.line
      || a.finding.range.start.character - b.finding.range.start.character);
  }
  return sorted;
}

export function relationTo(finding: ReportedFinding, story: string): Relation {
  return finding.citations.find((citation) => citation.story === story)!.relation;
}

export function activeFindings<F extends ReportedFinding>(reports: readonly FileReport<F>[]): { file: string; finding: F }[] {
  return reports.flatMap(({ file, findings }) => findings.filter((finding) => !finding.suppressed).map((finding) => ({ file, finding })));
}
