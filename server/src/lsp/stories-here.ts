import type { Finding } from '../analysis';
import type { ObjectHere, StoryHere } from '../protocol';
import { groupByStory, relationTo, type FileReport, type StoryGroup } from '../story-groups';

/**
 * Where each story could happen in what the server checked: the story groups of the CLI's
 * `check --by story`, with their findings gathered by object (a Deployment flagged by two rules
 * citing the story is one object). `file` in the reports is the URI diagnostics are published for.
 */
export class StoriesHere {
  private readonly groups: StoryGroup<Finding>[];
  private readonly objects = new Map<string, ObjectHere[]>();

  constructor(reports: readonly FileReport<Finding>[]) {
    this.groups = groupByStory(reports);
  }

  /** The stories, strongest evidence first, each with its counts. */
  stories(): StoryHere[] {
    return this.groups.map((group) => ({
      story: group.story, relation: group.relation, objectCount: this.objectsOf(group).length, findingCount: group.findings.length,
    }));
  }

  /** The objects where `story`'s citing rules fire, in the order of their strongest finding. */
  objectsOfStory(story: string): ObjectHere[] {
    const group = this.groups.find((candidate) => candidate.story === story);
    return group ? this.objectsOf(group) : [];
  }

  private objectsOf(group: StoryGroup<Finding>): ObjectHere[] {
    let objects = this.objects.get(group.story);
    if (objects) return objects;
    const byObject = new Map<string, ObjectHere>();
    for (const { file, finding } of group.findings) {
      const key = objectKey(file, finding);
      let object = byObject.get(key);
      if (!object) {
        object = { uri: file, ...(finding.object ? { object: finding.object } : {}), findings: [] };
        byObject.set(key, object);
      }
      object.findings.push({ ruleId: finding.ruleId, relation: relationTo(finding, group.story), severity: finding.severity, message: finding.message, range: finding.range });
    }
    objects = [...byObject.values()];
    this.objects.set(group.story, objects);
    return objects;
  }
}

/** One object of one file; findings about the file itself (no object) count as one. */
function objectKey(file: string, finding: Finding): string {
  const object = finding.object;
  return JSON.stringify([file, object?.kind, object?.namespace, object?.name]);
}
