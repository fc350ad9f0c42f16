import { asArray, asRecord, type KubeObject, type Path } from '../kube-object';
import type { Draft, Rule } from '../rule';
import type { TextEdit } from '../types';

const MASTER = 'node-role.kubernetes.io/master';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/** Renames the label inside the key or value at `path`, keeping its quoting. */
function rename(object: KubeObject, text: string, path: Path, target: 'key' | 'value'): TextEdit {
  const { start, end } = object.span(path, target);
  return { start, end, newText: text.slice(start, end).replace(MASTER, CONTROL_PLANE) };
}

function draft(object: KubeObject, text: string, path: Path, target: 'key' | 'value', where: string): Draft {
  return {
    path,
    target,
    message: `${object.kind} "${object.name}" uses the "${MASTER}" node label in ${where}; Kubernetes 1.24 stopped setting it (1.25 removed the taint), use "${CONTROL_PLANE}".`,
    fixes: [{ title: `Use ${CONTROL_PLANE}`, edits: [rename(object, text, path, target)] }],
  };
}

/** The `key` fields of the node selector terms of a nodeAffinity, with their paths. */
function affinityKeys(nodeAffinity: Record<string, unknown>, path: Path): { path: Path; key: unknown }[] {
  const required = asRecord(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
  const terms: { path: Path; term: unknown }[] = [
    ...asArray(required?.nodeSelectorTerms).map((term, i) => ({ path: [...path, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', i], term })),
    ...asArray(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((item, i) => ({
      path: [...path, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'preference'], term: asRecord(item)?.preference,
    })),
  ];
  return terms.flatMap(({ path: termPath, term }) =>
    (['matchExpressions', 'matchFields'] as const).flatMap((list) =>
      asArray(asRecord(term)?.[list]).map((expression, i) => ({ path: [...termPath, list, i, 'key'], key: asRecord(expression)?.key }))));
}

/**
 * Walks the whole object, so that pod specs, pod templates of custom resources (operators) and
 * Calico resources are all covered. Uses that also name the control-plane label (nodes selected or
 * tolerated under either name) are compatible and stay quiet; a nodeSelector requiring master never is.
 */
function visit(object: KubeObject, text: string, value: unknown, path: Path, calico: boolean, out: Draft[]): void {
  if (typeof value === 'string') {
    // Calico selects nodes with selector expressions such as "has(node-role.kubernetes.io/master)".
    if (calico && value.includes(MASTER) && !value.includes(CONTROL_PLANE)) out.push(draft(object, text, path, 'value', 'a Calico selector'));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => visit(object, text, item, [...path, i], calico, out));
    return;
  }
  const record = asRecord(value);
  if (!record) return;
  for (const [key, child] of Object.entries(record)) {
    const childPath = [...path, key];
    const childRecord = asRecord(child);
    if (key === 'nodeSelector' && childRecord) {
      if (MASTER in childRecord) out.push(draft(object, text, [...childPath, MASTER], 'key', 'a nodeSelector'));
      continue;
    } else if (key === 'nodeAffinity' && childRecord) {
      const keys = affinityKeys(childRecord, childPath);
      if (!keys.some((entry) => entry.key === CONTROL_PLANE)) {
        for (const entry of keys) if (entry.key === MASTER) out.push(draft(object, text, entry.path, 'value', 'a node affinity'));
      }
      continue;
    } else if (key === 'tolerations' && Array.isArray(child)) {
      const tolerations = child.map((item) => asRecord(item) ?? {});
      // A toleration without a key and with operator Exists tolerates every taint.
      const covered = tolerations.some((t) => t.key === CONTROL_PLANE || (t.key === undefined && t.operator === 'Exists'));
      if (!covered) tolerations.forEach((t, i) => { if (t.key === MASTER) out.push(draft(object, text, [...childPath, i, 'key'], 'value', 'a toleration')); });
      continue;
    }
    visit(object, text, child, childPath, calico, out);
  }
}

const rule: Rule = {
  id: 'master-node-label',
  title: 'Selector or toleration on the removed master node role',
  severity: 'warning',
  why: 'Kubernetes 1.24 stopped labelling control-plane nodes `node-role.kubernetes.io/master` (and 1.25 dropped the taint): after the upgrade, anything selecting nodes by it silently selects nothing, which took Reddit\'s Calico route reflectors, and the site, down for hours.',
  fix: 'Select and tolerate `node-role.kubernetes.io/control-plane` instead (keep both during a mixed-version upgrade).',
  scope: 'object',
  check(object, context) {
    const out: Draft[] = [];
    const calico = object.apiVersion.includes('projectcalico.org/');
    visit(object, context.text, object.value, [], calico, out);
    return out;
  },
};

export default rule;
