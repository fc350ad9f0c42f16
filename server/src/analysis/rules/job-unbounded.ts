import { asRecord, type Path } from '../kube-object';
import { setInMap } from '../edit';
import type { Rule } from '../rule';
import { apiGroup } from '../workload';

/** Where the Job spec lives: the Job itself, or the template a CronJob stamps its Jobs from. */
const JOB_SPEC = new Map<string, Path>([
  ['Job', ['spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec']],
]);

const rule: Rule = {
  id: 'job-unbounded',
  title: 'Job without activeDeadlineSeconds',
  severity: 'information',
  why: 'A Job with no deadline can retry or hang forever: its pods keep eating node resources (Universe lost every node to one re-running Job), and a hung CronJob run with `concurrencyPolicy: Forbid` silently blocks every later run.',
  fix: 'Set `activeDeadlineSeconds` in the Job spec (a CronJob\'s `jobTemplate.spec`) a little above the longest normal run; the Job is then failed and its pods stopped when it runs over.',
  scope: 'object',
  absence: true,
  check(object, context) {
    const specPath = apiGroup(object) === 'batch' ? JOB_SPEC.get(object.kind) : undefined;
    const spec = specPath && asRecord(object.get(specPath));
    if (!specPath || !spec || spec.activeDeadlineSeconds !== undefined) return [];
    const edit = setInMap(object, context.text, specPath, 'activeDeadlineSeconds', ['3600']);
    return [{
      path: specPath,
      target: 'key',
      message: object.kind === 'Job'
        ? `Job "${object.name}" has no activeDeadlineSeconds: a stuck or crash-looping run is never stopped.`
        : `Jobs of CronJob "${object.name}" have no activeDeadlineSeconds: a hung run is never stopped and can block later runs.`,
      fixes: edit ? [{ title: 'Set activeDeadlineSeconds: 3600 (adjust to the longest normal run)', edits: [edit], review: true }] : [],
    }];
  },
};

export default rule;
