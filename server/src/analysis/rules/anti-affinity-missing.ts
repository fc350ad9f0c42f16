import { setInMap } from '../edit';
import { asRecord, type KubeObject, type Path } from '../kube-object';
import { describeMinimum, replicaRange } from '../defaults';
import type { Rule } from '../rule';
import { podLabels, podSpecPath, stringRecord } from '../workload';

const rule: Rule = {
  id: 'anti-affinity-missing',
  title: 'Replicas that may all land on the same node',
  severity: 'warning',
  why: 'Without pod anti-affinity or topology spread constraints the scheduler may put every replica on the same node: when that node fails (or is overloaded by them) all replicas go down together.',
  fix: 'Add `affinity.podAntiAffinity` on `kubernetes.io/hostname` (preferred or required) or `topologySpreadConstraints` matching the pod labels.',
  // Reads the autoscalers of the set: the replicas that always run are their minimum.
  scope: 'set',
  absence: true,
  check(object, context) {
    const spec = podSpecPath(object);
    const range = spec && replicaRange(context.objects, object);
    if (!spec || !range || range.min < 2) return [];
    if (object.get([...spec, 'affinity', 'podAntiAffinity']) !== undefined) return [];
    if (object.get([...spec, 'topologySpreadConstraints']) !== undefined) return [];
    const edit = antiAffinityEdit(object, context.text, spec);
    return [{
      path: spec,
      target: 'key',
      message: `${object.kind} "${object.name}" runs ${describeMinimum(range)} with no pod anti-affinity or topology spread: they may all be scheduled onto one node and fail together.`,
      fixes: edit ? [{ title: 'Prefer spreading the replicas across nodes', edits: [edit] }] : [],
    }];
  },
};

function antiAffinityEdit(object: KubeObject, text: string, spec: Path) {
  // The selector's labels stay the same across rollouts; template labels may carry a version.
  const selector = stringRecord(object.get(['spec', 'selector', 'matchLabels']));
  const labels = Object.keys(selector).length > 0 ? selector : podLabels(object);
  const entries = Object.entries(labels);
  if (entries.length === 0 || entries.some(([key, value]) => `${key}${value}`.includes('{{'))) return undefined;
  const antiAffinity = [
    'podAntiAffinity:',
    '  preferredDuringSchedulingIgnoredDuringExecution:',
    '    - weight: 100',
    '      podAffinityTerm:',
    '        topologyKey: kubernetes.io/hostname',
    '        labelSelector:',
    '          matchLabels:',
    ...entries.map(([key, value]) => `            ${scalar(key)}: ${scalar(value)}`),
  ];
  const affinity = asRecord(object.get([...spec, 'affinity']));
  return affinity
    ? setInMap(object, text, [...spec, 'affinity'], 'podAntiAffinity', antiAffinity.slice(1).map((line) => line.slice(2)))
    : setInMap(object, text, spec, 'affinity', antiAffinity);
}

/**
 * A label key or value as a YAML scalar: plain when it cannot read as anything but a string, also
 * for YAML 1.1 parsers (kubectl's), where `on`, `no` or `y` are booleans.
 */
function scalar(value: string): string {
  const plain = /^[A-Za-z][\w./-]*$/.test(value) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

export default rule;
