import { setInMap } from '../edit';
import type { Rule } from '../rule';

const SAFE_POLICIES = new Set(['Forbid', 'Replace']);

const rule: Rule = {
  id: 'cronjob-concurrency',
  title: 'CronJob that lets runs pile up',
  severity: 'warning',
  why: 'With the default `concurrencyPolicy: Allow`, runs that do not finish in time overlap; a stuck or slow job then spawns pod after pod until the cluster or the API server gives way.',
  fix: 'Set `concurrencyPolicy: Forbid` (skip a run while one is active) or `Replace` (cancel the old run).',
  scope: 'object',
  absence: true,
  check(object, context) {
    if (object.kind !== 'CronJob') return [];
    const policy = object.get(['spec', 'concurrencyPolicy']);
    if (typeof policy === 'string' && SAFE_POLICIES.has(policy)) return [];
    const edit = setInMap(object, context.text, ['spec'], 'concurrencyPolicy', ['Forbid']);
    return [{
      path: policy === undefined ? ['spec'] : ['spec', 'concurrencyPolicy'],
      target: policy === undefined ? 'key' : 'value',
      message: policy === undefined
        ? `CronJob "${object.name}" has no concurrencyPolicy, so overlapping runs are allowed.`
        : `CronJob "${object.name}" allows overlapping runs (concurrencyPolicy: ${String(policy)}).`,
      fixes: edit ? [{ title: 'Set concurrencyPolicy: Forbid', edits: [edit] }] : [],
    }];
  },
};

export default rule;
