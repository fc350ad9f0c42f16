import { replaceScalar } from '../edit';
import type { Rule } from '../rule';
import { namespaceOf, selectedPodOwners } from '../selectors';
import { workloadKind } from '../workload';

const rule: Rule = {
  id: 'external-traffic-policy',
  title: 'externalTrafficPolicy: Local in front of pods that do not run on every node',
  severity: 'information',
  why: 'With `externalTrafficPolicy: Local` a node only passes the load balancer\'s health check while one of the Service\'s pods runs on it. Flagged when those pods come from a Deployment, StatefulSet or the like rather than a DaemonSet: when nodes are drained or a node pool is replaced, the nodes the load balancer targets can be left without a pod, and all traffic stops (DevOps Hof lost all ingress traffic this way during a GKE node-pool migration).',
  fix: 'Run the pods on every node the load balancer targets (a DaemonSet), or use `externalTrafficPolicy: Cluster` if the client source IP is not needed; before draining nodes, make sure replacement pods are Ready on the nodes the load balancer will send traffic to.',
  scope: 'set',
  check(object, context) {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') return [];
    const type = object.get(['spec', 'type']);
    if ((type !== 'LoadBalancer' && type !== 'NodePort') || object.get(['spec', 'externalTrafficPolicy']) !== 'Local') return [];
    // Quiet when the pods are not in the set, or when a DaemonSet provides a pod on each node.
    const owners = selectedPodOwners(context.objects, namespaceOf(object), object.get(['spec', 'selector']));
    if (owners.length === 0 || owners.some((owner) => workloadKind(owner)?.pods === 'per-node')) return [];
    const edit = replaceScalar(object, ['spec', 'externalTrafficPolicy'], 'Cluster');
    return [{
      path: ['spec', 'externalTrafficPolicy'],
      message: `Service "${object.name}" only sends external traffic to nodes running one of its pods, and ${owners[0]!.kind} "${owners[0]!.name}" does not run on every node: draining or replacing those nodes drops traffic.`,
      fixes: edit ? [{ title: 'Use externalTrafficPolicy: Cluster (client source IPs are then not preserved)', edits: [edit], review: true }] : [],
    }];
  },
};

export default rule;
