import { setDeep } from '../edit';
import { asRecord } from '../kube-object';
import type { Rule } from '../rule';
import { containerAnchor, containers } from '../workload';

/** Starting values for a new requests block; deliberately modest, always to be reviewed. */
export const PLACEHOLDER = { cpu: '100m', memory: '128Mi' };

const rule: Rule = {
  id: 'requests-missing',
  title: 'Container without CPU and memory requests',
  severity: 'warning',
  stories: ['bluematador-2019-node-oom', 'nunl-2019-cluster-failure', 'moonlight-2019-pods-same-node', 'dfds-2025-node-resource-starvation'],
  why: 'Without requests the scheduler packs pods onto nodes blindly: nodes run out of memory, pods are evicted in cascades and whole nodes go NotReady.',
  fix: 'Set `resources.requests.cpu` and `resources.requests.memory` to what the container really uses under normal load.',
  scope: 'object',
  absence: true,
  check(object, context) {
    return containers(object, { init: true }).flatMap((container) => {
      const requests = asRecord(asRecord(container.value.resources)?.requests);
      const missing = ['cpu', 'memory'].filter((resource) => requests?.[resource] === undefined);
      if (missing.length === 0) return [];
      const requestsPath = [...container.path, 'resources', 'requests'];
      // Placeholder amounts: the fix gives the shape, the user gives the numbers.
      const edit = missing.length === 2
        ? setDeep(object, context.text, requestsPath, [`cpu: ${PLACEHOLDER.cpu}`, `memory: ${PLACEHOLDER.memory}`])
        : setDeep(object, context.text, [...requestsPath, missing[0]!], [PLACEHOLDER[missing[0] as 'cpu' | 'memory']]);
      return [{
        path: containerAnchor(container),
        target: 'pair' as const,
        fixes: edit ? [{ title: `Add ${missing.join(' and ')} requests (set them to measured usage)`, edits: [edit], review: true }] : [],
        message: `Container "${container.name}" has no ${missing.length === 2 ? 'CPU or memory requests' : `${missing[0] === 'cpu' ? 'CPU' : 'memory'} request`}: the scheduler cannot place it safely.`,
      }];
    });
  },
};

export default rule;
