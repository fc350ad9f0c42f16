import { effectiveResources } from '../defaults';
import { setDeep } from '../edit';
import { asRecord } from '../kube-object';
import { PLACEHOLDER } from './requests-missing';
import type { Rule } from '../rule';
import { containerAnchor, containers } from '../workload';

const rule: Rule = {
  id: 'memory-limit-missing',
  title: 'Container without a memory limit',
  severity: 'warning',
  why: 'A container without a memory limit can grow until the node itself runs out of memory; then the kernel and kubelet kill or evict unrelated pods and the node can go NotReady.',
  fix: 'Set `resources.limits.memory` (usually equal to the memory request) so a leak kills only the leaking container.',
  // Reads the LimitRanges of the set, which fill in default limits.
  scope: 'set',
  absence: true,
  check(object, context) {
    return containers(object, { init: true }).flatMap((container) => {
      if (effectiveResources(context.objects, object, container).limits.has('memory')) return [];
      const resources = asRecord(container.value.resources);
      // A memory limit equal to the request is the usual safe choice; otherwise a placeholder.
      const request = asRecord(resources?.requests)?.memory;
      const amount = typeof request === 'string' || typeof request === 'number' ? String(request) : PLACEHOLDER.memory;
      const edit = setDeep(object, context.text, [...container.path, 'resources', 'limits', 'memory'], [amount]);
      return [{
        path: containerAnchor(container),
        target: 'pair' as const,
        fixes: edit ? [{ title: `Add a memory limit of ${amount}`, edits: [edit], review: true }] : [],
        message: `Container "${container.name}" has no memory limit: a leak in it can take the whole node down.`,
      }];
    });
  },
};

export default rule;
