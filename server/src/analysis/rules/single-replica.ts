import type { Rule } from '../rule';
import { autoscalersTargeting } from '../selectors';
import { replicaCount } from '../workload';

const KINDS = new Set(['Deployment', 'StatefulSet']);

const rule: Rule = {
  id: 'single-replica',
  title: 'Workload with a single replica',
  severity: 'information',
  why: 'With one replica every node drain, rollover or crash is an outage: while the only pod is rescheduled (and perhaps cannot start on the new node) nothing serves.',
  fix: 'Run at least 2 replicas (or let a HorizontalPodAutoscaler with `minReplicas: 2` manage them), spread across nodes and protected by a PodDisruptionBudget.',
  scope: 'set',
  absence: true,
  check(object, context) {
    if (!KINDS.has(object.kind) || replicaCount(object) !== 1) return [];
    if (autoscalersTargeting(context.objects, object).length > 0) return [];
    const explicit = object.get(['spec', 'replicas']) != null;
    return [{
      path: ['spec', 'replicas'],
      target: explicit ? 'value' : 'key',
      message: explicit
        ? `${object.kind} "${object.name}" runs a single replica: a node drain or a crash takes it down.`
        : `${object.kind} "${object.name}" sets no replicas, so it runs a single one: a node drain or a crash takes it down.`,
    }];
  },
};

export default rule;
