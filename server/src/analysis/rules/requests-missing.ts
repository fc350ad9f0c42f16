import { effectiveResources, RESOURCES, type Resource } from '../defaults';
import { setDeep } from '../edit';
import type { KubeObject } from '../kube-object';
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
  // Reads the LimitRanges of the set, which fill in default requests.
  scope: 'set',
  absence: true,
  check(object, context) {
    const all = containers(object, { init: true });
    const missingOf = new Map(all.map((container) => [container, missingRequests(context.objects, object, container)]));
    const app = all.filter((container) => !container.init);
    // The scheduler reserves max(any init container, sum of the app containers) for a pod, so a
    // run-to-completion init container is covered by the app containers' requests when they all
    // have them. Native sidecars (restartPolicy: Always) run beside the app and add to the sum.
    const appRequested = app.length > 0 && app.every((container) => missingOf.get(container)!.length === 0);
    return all.flatMap((container) => {
      const missing = missingOf.get(container)!;
      if (missing.length === 0) return [];
      if (appRequested && container.init && !container.sidecar) return [];
      const requestsPath = [...container.path, 'resources', 'requests'];
      // Placeholder amounts: the fix gives the shape, the user gives the numbers.
      const edit = missing.length === 2
        ? setDeep(object, context.text, requestsPath, [`cpu: ${PLACEHOLDER.cpu}`, `memory: ${PLACEHOLDER.memory}`])
        : setDeep(object, context.text, [...requestsPath, missing[0]!], [PLACEHOLDER[missing[0]!]]);
      return [{
        path: containerAnchor(container),
        target: 'pair' as const,
        fixes: edit ? [{ title: `Add ${missing.join(' and ')} requests (set them to measured usage)`, edits: [edit], review: true }] : [],
        message: `Container "${container.name}" has no ${missing.length === 2 ? 'CPU or memory requests' : `${missing[0] === 'cpu' ? 'CPU' : 'memory'} request`}: the scheduler cannot place it safely.`,
      }];
    });
  },
};

/** Resources without a request once the API server has defaulted them (limits, LimitRanges). */
function missingRequests(objects: readonly KubeObject[], workload: KubeObject, container: ContainerRef): Resource[] {
  const { requests } = effectiveResources(objects, workload, container);
  return RESOURCES.filter((resource) => !requests.has(resource));
}

export default rule;
