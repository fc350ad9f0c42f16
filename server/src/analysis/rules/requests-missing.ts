import { setDeep } from '../edit';
import { asRecord } from '../kube-object';
import type { Rule } from '../rule';
import { containerAnchor, containers, type ContainerRef } from '../workload';

/** Starting values for a new requests block; deliberately modest, always to be reviewed. */
export const PLACEHOLDER = { cpu: '100m', memory: '128Mi' };

const rule: Rule = {
  id: 'requests-missing',
  title: 'Container without CPU and memory requests',
  severity: 'warning',
  why: 'Without requests the scheduler packs pods onto nodes blindly: nodes run out of memory, pods are evicted in cascades and whole nodes go NotReady.',
  fix: 'Set `resources.requests.cpu` and `resources.requests.memory` to what the container really uses under normal load.',
  scope: 'object',
  absence: true,
  check(object, context) {
    const all = containers(object, { init: true });
    const app = all.filter((container) => !container.init);
    // The scheduler reserves max(any init container, sum of the app containers) for a pod, so a
    // run-to-completion init container is covered by the app containers' requests when they all
    // have them. Native sidecars (restartPolicy: Always) run beside the app and add to the sum.
    const appRequested = app.length > 0 && app.every((container) => missingRequests(container).length === 0);
    return all.flatMap((container) => {
      const missing = missingRequests(container);
      if (missing.length === 0) return [];
      if (appRequested && container.init && container.value.restartPolicy !== 'Always') return [];
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

function missingRequests(container: ContainerRef): string[] {
  const requests = asRecord(asRecord(container.value.resources)?.requests);
  return ['cpu', 'memory'].filter((resource) => requests?.[resource] === undefined);
}

export default rule;
