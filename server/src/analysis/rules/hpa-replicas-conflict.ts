import { scaledDownOnPurpose } from '../defaults';
import { removePair } from '../edit';
import type { Rule } from '../rule';
import { autoscalersTargeting } from '../selectors';

const rule: Rule = {
  id: 'hpa-replicas-conflict',
  title: 'Replica count set on an autoscaled workload',
  severity: 'warning',
  why: 'When a HorizontalPodAutoscaler manages a workload, every `kubectl apply` (or GitOps sync) of a manifest that also sets `spec.replicas` resets the scale to that number, possibly dropping most pods in the middle of a traffic peak until the autoscaler catches up.',
  fix: 'Remove `spec.replicas` from the workload and let the autoscaler\'s `minReplicas` set the floor.',
  scope: 'set',
  check(object, context) {
    const replicas = object.get(['spec', 'replicas']);
    if (!Number.isInteger(replicas)) return [];
    const autoscaler = autoscalersTargeting(context.objects, object)[0];
    if (!autoscaler || scaledDownOnPurpose(replicas, autoscaler)) return [];
    const edit = removePair(object, context.text, ['spec', 'replicas']);
    return [{
      path: ['spec', 'replicas'],
      message: `${object.kind} "${object.name}" sets replicas: ${String(replicas)} but ${autoscaler.kind} "${autoscaler.name}" scales it: every apply resets the autoscaled replica count.`,
      fixes: edit ? [{ title: 'Remove spec.replicas', edits: [edit] }] : [],
    }];
  },
};

export default rule;
