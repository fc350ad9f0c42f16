import type { KubeObject } from '../kube-object';
import { setInMap } from '../edit';
import type { Rule } from '../rule';
import { isLongRunning, podSpecPath, workloadKind } from '../workload';

/**
 * Critical agents are the pods a node or the cluster cannot do without and that a manifest can
 * recognise as such: a DaemonSet's pods (network, credentials, logs, storage on every node) and the
 * long-running add-ons of kube-system. Other workloads may be just as important to their owners,
 * but nothing in the manifest says so; flagging every Deployment would be noise.
 */
function isCriticalAgent(object: KubeObject): boolean {
  return isLongRunning(object) && (runsOnEveryNode(object) || object.namespace === 'kube-system');
}

/** DaemonSets, OpenKruise's Advanced DaemonSets included. */
function runsOnEveryNode(object: KubeObject): boolean {
  return workloadKind(object)?.pods === 'per-node';
}

const rule: Rule = {
  id: 'critical-agent-no-priorityclass',
  title: 'Node agent or cluster add-on without a PriorityClass',
  severity: 'information',
  why: 'Without a `priorityClassName` a node agent or cluster add-on has the same priority as every ordinary pod: when nodes come back full after an incident or a scheduling storm it cannot preempt its way onto them, and under node pressure it is evicted like any other pod, taking networking, credentials or logging with it.',
  fix: 'Set `priorityClassName: system-node-critical` on per-node agents (DaemonSets, static pods) and `system-cluster-critical` on cluster add-ons (or a high PriorityClass of your own where a ResourceQuota limits the built-in ones outside kube-system).',
  scope: 'object',
  absence: true,
  check(object, context) {
    const spec = podSpecPath(object);
    if (!spec || !isCriticalAgent(object)) return [];
    const value = object.get([...spec, 'priorityClassName']);
    if (typeof value === 'string' ? value.trim() !== '' : value != null) return [];
    // Bound to one node: a DaemonSet's pods, and bare kube-system Pods (static pods of the node).
    const nodeBound = runsOnEveryNode(object) || object.kind === 'Pod';
    const priorityClass = nodeBound ? 'system-node-critical' : 'system-cluster-critical';
    const edit = setInMap(object, context.text, spec, 'priorityClassName', [priorityClass]);
    const what = runsOnEveryNode(object) ? 'runs on every node' : 'is a kube-system add-on';
    return [{
      path: [...spec, 'priorityClassName'],
      target: value === undefined ? 'key' : 'value',
      message: `${object.kind} "${object.name}" ${what} but has no priorityClassName: on full nodes it cannot preempt ordinary pods, and under pressure it is evicted like them.`,
      fixes: edit ? [{ title: `Set priorityClassName: ${priorityClass}`, edits: [edit], review: true }] : [],
    }];
  },
};

export default rule;
