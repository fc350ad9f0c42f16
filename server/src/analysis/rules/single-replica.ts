import { replicaRange } from '../defaults';
import type { Rule } from '../rule';

const rule: Rule = {
  id: 'single-replica',
  title: 'Workload with a single replica',
  severity: 'information',
  why: 'With one replica every node drain, rollover or crash is an outage: while the only pod is rescheduled (and perhaps cannot start on the new node) nothing serves.',
  fix: 'Run at least 2 replicas (or let a HorizontalPodAutoscaler with `minReplicas: 2` manage them), spread across nodes and protected by a PodDisruptionBudget.',
  scope: 'set',
  absence: true,
  check(object, context) {
    const range = replicaRange(context.objects, object);
    // An autoscaler that may scale past one replica is a choice made there; only a count held at one is flagged.
    if (!range || range.min !== 1 || range.max !== 1) return [];
    const name = `${object.kind} "${object.name}"`;
    const message = range.autoscaler
      ? `${name} is held at a single replica by ${range.autoscaler.kind} "${range.autoscaler.name}" (minimum and maximum 1): a node drain or a crash takes it down.`
      : range.explicit
        ? `${name} runs a single replica: a node drain or a crash takes it down.`
        : `${name} sets no replicas, so it runs a single one: a node drain or a crash takes it down.`;
    return [{ path: ['spec', 'replicas'], target: range.explicit ? 'value' : 'key', message }];
  },
};

export default rule;
