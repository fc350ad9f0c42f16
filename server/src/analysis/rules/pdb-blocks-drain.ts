import type { KubeObject } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { autoscalersTargeting, namespaceOf, selectedPodOwners } from '../selectors';
import { replicaCount } from '../workload';

const rule: Rule = {
  id: 'pdb-blocks-drain',
  title: 'PodDisruptionBudget that allows no eviction',
  severity: 'warning',
  stories: ['devopshof-2019-externaltrafficpolicy-drain'],
  why: 'A budget that never allows a disruption makes every eviction fail: `kubectl drain`, node upgrades and node-pool migrations hang on those pods (or time out and force them off), while the rest of the cluster moves on without them.',
  fix: 'Leave room for one eviction: `maxUnavailable: 1`, or a `minAvailable` below the replica count (and run at least 2 replicas).',
  scope: 'set',
  check(object, context) {
    if (object.kind !== 'PodDisruptionBudget') return [];
    const name = `PodDisruptionBudget "${object.name}"`;
    const maxUnavailable = object.get(['spec', 'maxUnavailable']);
    if (maxUnavailable === 0 || maxUnavailable === '0' || maxUnavailable === '0%') {
      return [finding(['spec', 'maxUnavailable'], `${name} has maxUnavailable: ${String(maxUnavailable)}: none of its pods can ever be evicted, so node drains hang.`)];
    }
    const minAvailable = object.get(['spec', 'minAvailable']);
    const percent = typeof minAvailable === 'string' ? /^(\d+)%$/.exec(minAvailable) : null;
    if (percent && Number(percent[1]) >= 100) {
      return [finding(['spec', 'minAvailable'], `${name} requires ${minAvailable} of its pods available: none can ever be evicted, so node drains hang.`)];
    }
    if (!percent && !Number.isInteger(minAvailable)) return [];
    const pods = selectedPods(context.objects, object);
    if (!pods) return [];
    // The disruption controller rounds a minAvailable percentage up.
    const required = percent ? Math.ceil((pods.count * Number(percent[1])) / 100) : (minAvailable as number);
    if (required < pods.count) return [];
    return [finding(['spec', 'minAvailable'],
      `${name} requires ${required} available pod${required === 1 ? '' : 's'} but ${pods.owners} run${pods.count === 1 ? 's' : ''} only ${pods.count}: no pod can be evicted, so node drains hang.`)];
  },
};

function finding(path: string[], message: string): Draft {
  return { path, message };
}

/**
 * How many pods the budget selects, when every workload it selects has a fixed replica count
 * (no autoscaler, no DaemonSet or other owner whose pod count the manifests do not tell).
 */
function selectedPods(objects: readonly KubeObject[], pdb: KubeObject): { count: number; owners: string } | undefined {
  const owners = selectedPodOwners(objects, namespaceOf(pdb), pdb.get(['spec', 'selector']));
  if (owners.length === 0) return undefined;
  let count = 0;
  for (const owner of owners) {
    const replicas = replicaCount(owner);
    if (replicas === undefined || autoscalersTargeting(objects, owner).length > 0) return undefined;
    count += replicas;
  }
  return { count, owners: owners.map((owner) => `${owner.kind} "${owner.name}"`).join(' and ') };
}

export default rule;
