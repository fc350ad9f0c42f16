import { removePair } from '../edit';
import { asRecord, type KubeObject, type Path } from '../kube-object';
import type { Rule } from '../rule';
import { containers, isLongRunning } from '../workload';

const rule: Rule = {
  id: 'cpu-limit-throttling',
  title: 'CPU limit that throttles the container',
  severity: 'information',
  why: 'A CPU limit is enforced by CFS quota in 100 ms slices: a container that bursts (a GC, a request spike, startup) is paused for the rest of the slice even when the node has idle CPU, which shows up as latency spikes, failed health checks and dropped connections.',
  fix: 'Remove `resources.limits.cpu` from latency-sensitive containers and rely on an accurate `resources.requests.cpu`; keep limits only where a noisy neighbour is the bigger risk, and watch the throttling metrics.',
  scope: 'object',
  check(object, context) {
    // Batch pods trade time for throughput; the throttling stories are about serving latency.
    if (!isLongRunning(object)) return [];
    return containers(object).flatMap((container) => {
      const limit = asRecord(asRecord(container.value.resources)?.limits)?.cpu;
      if (limit == null || (typeof limit === 'string' && limit.includes('{{'))) return [];
      const edit = removePair(object, context.text, emptiedAncestor(object, [...container.path, 'resources', 'limits', 'cpu']));
      return [{
        path: [...container.path, 'resources', 'limits', 'cpu'],
        message: `Container "${container.name}" has a CPU limit of ${String(limit)}: CFS quota pauses it whenever it bursts past that, even on an idle node.`,
        fixes: edit ? [{ title: 'Remove the CPU limit', edits: [edit], review: true }] : [],
      }];
    });
  },
};

/** Removing `cpu` must not leave `limits:` (or `resources:`) behind with nothing under it. */
function emptiedAncestor(object: KubeObject, path: Path): Path {
  let target = path;
  while (target.length > path.length - 2 && Object.keys(asRecord(object.get(target.slice(0, -1))) ?? {}).length === 1) {
    target = target.slice(0, -1);
  }
  return target;
}

export default rule;
