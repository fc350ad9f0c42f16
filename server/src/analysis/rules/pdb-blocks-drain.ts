import { replicaRange } from '../defaults';
import type { KubeObject } from '../kube-object';
import type { Rule } from '../rule';
import { namespaceOf, selectedPodOwners } from '../selectors';

const rule: Rule = {
  id: 'pdb-blocks-drain',
  title: 'PodDisruptionBudget that allows no eviction',
  severity: 'warning',
  why: 'A budget that never allows a disruption makes every eviction fail: `kubectl drain`, node upgrades and node-pool migrations hang on those pods (or time out and force them off), while the rest of the cluster moves on without them.',
  fix: 'Leave room for one eviction: `maxUnavailable: 1`, or a `minAvailable` below the replica count (and run at least 2 replicas).',
  scope: 'set',
  check(object, context) {
    if (object.kind !== 'PodDisruptionBudget') return [];
    const name = `PodDisruptionBudget "${object.name}"`;
    const maxUnavailable = object.get(['spec', 'maxUnavailable']);
    if (maxUnavailable === 0 || maxUnavailable === '0%') {
      return [{ path: ['spec', 'maxUnavailable'], message: `${name} sets maxUnavailable to ${String(maxUnavailable)}: none of its pods can ever be evicted, so node drains hang.` }];
    }
    const minAvailable = object.get(['spec', 'minAvailable']);
    const percent = typeof minAvailable === 'string' ? /^(\d+)%$/.exec(minAvailable) : null;
    if (percent && Number(percent[1]) >= 100) {
      return [{ path: ['spec', 'minAvailable'], message: `${name} requires ${minAvailable} of its pods available: none can ever be evicted, so node drains hang.` }];
    }
    if (!percent && !Number.isInteger(minAvailable)) return [];
    const pods = selectedPods(context.objects, object);
    if (!pods) return [];
    // The disruption controller rounds a minAvailable percentage up.
    const required = percent ? Math.ceil((pods.count * Number(percent[1])) / 100) : (minAvailable as number);
    if (pods.count === 0 || required < pods.count) return [];
    return [{
      path: ['spec', 'minAvailable'],
      message: pods.autoscaled
        ? `${name} requires ${required} available pod${plural(required)} but ${pods.owners} may scale down to ${pods.count} replica${plural(pods.count)}: then no pod can be evicted, so node drains hang.`
        : `${name} requires ${required} available pod${plural(required)} but ${pods.owners} ${pods.several ? 'have' : 'has'} only ${pods.count} replica${plural(pods.count)}: no pod can be evicted, so node drains hang.`,
    }];
  },
};

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

/**
 * How few pods the budget may select while any run: the sum of the fewest replicas each workload it
 * selects runs, when every one of them has a known range (no DaemonSet or other owner whose pod count
 * the manifests do not tell). Drains happen at any load, so also when autoscalers sit at their
 * minimum; one that scales to zero (KEDA) wakes up with a single pod.
 */
function selectedPods(objects: readonly KubeObject[], pdb: KubeObject): { count: number; owners: string; several: boolean; autoscaled: boolean } | undefined {
  const owners = selectedPodOwners(objects, namespaceOf(pdb), pdb.get(['spec', 'selector']));
  if (owners.length === 0) return undefined;
  let count = 0;
  let autoscaled = false;
  for (const owner of owners) {
    const range = replicaRange(objects, owner);
    if (!range) return undefined;
    if (range.autoscaler) {
      count += Math.max(range.min, 1);
      autoscaled = true;
    } else {
      count += range.min;
    }
  }
  const names = owners.map((owner) => `${owner.kind} "${owner.name}"`).join(' and ');
  return { count, owners: names, several: owners.length > 1, autoscaled };
}

export default rule;
