import { setInMap } from '../edit';
import type { Rule } from '../rule';

const rule: Rule = {
  id: 'cronjob-starting-deadline',
  title: 'CronJob without startingDeadlineSeconds',
  severity: 'information',
  why: 'Without a starting deadline, runs the controller missed (control plane down, CronJob suspended, cluster recovering) start whenever it catches up, however late, right when the cluster is least able to take them.',
  fix: 'Set `spec.startingDeadlineSeconds` to how late a run may still usefully start, e.g. `300`; keep it below the schedule interval for frequent jobs and above 10 seconds (the controller checks every 10s).',
  scope: 'object',
  absence: true,
  check(object, context) {
    if (object.kind !== 'CronJob' || object.get(['spec', 'startingDeadlineSeconds']) !== undefined) return [];
    const edit = setInMap(object, context.text, ['spec'], 'startingDeadlineSeconds', ['300']);
    return [{
      path: ['spec'],
      target: 'key',
      message: `CronJob "${object.name}" has no startingDeadlineSeconds: missed runs start however late the controller catches up.`,
      fixes: edit ? [{ title: 'Set startingDeadlineSeconds: 300 (runs more than 5 minutes late are skipped)', edits: [edit] }] : [],
    }];
  },
};

export default rule;
