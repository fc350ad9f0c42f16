import { describeMinimum, replicaRange } from '../defaults';
import type { KubeObject } from '../kube-object';
import type { Rule } from '../rule';
import { matchesSelector, objectsOfKind } from '../selectors';
import { podLabels } from '../workload';

const rule: Rule = {
  id: 'pdb-missing',
  title: 'Replicated workload without a PodDisruptionBudget',
  severity: 'information',
  why: 'Node drains (upgrades, node-pool rollovers, autoscaler scale-down) evict pods through the eviction API; without a PodDisruptionBudget nothing stops them from evicting several or all replicas of a workload at once.',
  fix: 'Add a PodDisruptionBudget whose selector matches the pod labels, with `maxUnavailable: 1` (or a `minAvailable` below the replica count).',
  scope: 'set',
  absence: true,
  check(object, context) {
    const range = replicaRange(context.objects, object);
    if (!range || range.min < 2 || hasBudget(context.objects, object)) return [];
    return [{
      path: ['spec', 'replicas'],
      target: range.explicit ? 'value' : 'key',
      message: `${object.kind} "${object.name}" runs ${describeMinimum(range)} and no PodDisruptionBudget selects its pods: a drain may evict them all at once.`,
    }];
  },
};

/** A PDB that covers the workload's pods, or one whose selector we cannot evaluate (stay quiet). */
function hasBudget(objects: readonly KubeObject[], workload: KubeObject): boolean {
  const labels = podLabels(workload);
  return objectsOfKind(objects, 'PodDisruptionBudget').some((candidate) =>
    // A manifest without a namespace is applied into one chosen at deploy time: it may be the PDB's.
    (candidate.namespace === undefined || workload.namespace === undefined || candidate.namespace === workload.namespace)
    && matchesSelector(labels, candidate.get(['spec', 'selector'])) !== false);
}

export default rule;
