import { asArray, asRecord, type KubeObject } from './kube-object';
import { podLabels, podTemplatePath, stringRecord } from './workload';

/**
 * Label selectors and object references across the analysed set: which pods a Service, PDB or
 * HPA points at. Anything that cannot be decided from the manifests answers "unknown" (undefined),
 * and rules stay quiet on unknowns.
 */

/** A Service-style selector (a plain map) or a LabelSelector (matchLabels + matchExpressions). */
export function matchesSelector(labels: Record<string, string>, selector: unknown): boolean | undefined {
  const record = asRecord(selector);
  if (!record) return undefined;
  const isLabelSelector = 'matchLabels' in record || 'matchExpressions' in record;
  const matchLabels = stringRecord(isLabelSelector ? record.matchLabels : record);
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  for (const expression of asArray(record.matchExpressions)) {
    const { key, operator, values } = asRecord(expression) ?? {};
    if (typeof key !== 'string') return undefined;
    const allowed = asArray(values).map(String);
    switch (operator) {
      case 'In': if (!(key in labels) || !allowed.includes(labels[key]!)) return false; break;
      case 'NotIn': if (key in labels && allowed.includes(labels[key]!)) return false; break;
      case 'Exists': if (!(key in labels)) return false; break;
      case 'DoesNotExist': if (key in labels) return false; break;
      default: return undefined;
    }
  }
  return true;
}

export function namespaceOf(object: KubeObject): string {
  return object.namespace ?? 'default';
}

/** Objects with a pod template (any workload kind, Argo Rollouts and the like) in `namespace`. */
export function podOwners(objects: readonly KubeObject[], namespace: string): KubeObject[] {
  return objects.filter((object) => podTemplatePath(object) !== undefined && namespaceOf(object) === namespace);
}

/** Pod owners in the selector's namespace whose pod labels it matches. An empty selector matches nothing. */
export function selectedPodOwners(objects: readonly KubeObject[], namespace: string, selector: unknown): KubeObject[] {
  const record = asRecord(selector);
  if (!record || Object.keys(record).length === 0) return [];
  return podOwners(objects, namespace).filter((owner) => matchesSelector(podLabels(owner), selector) === true);
}

/** Whether a HorizontalPodAutoscaler in the set scales `object` (by scaleTargetRef kind and name). */
export function hpasTargeting(objects: readonly KubeObject[], object: KubeObject): KubeObject[] {
  return objects.filter((candidate) => {
    if (candidate.kind !== 'HorizontalPodAutoscaler' || namespaceOf(candidate) !== namespaceOf(object)) return false;
    const target = asRecord(candidate.get(['spec', 'scaleTargetRef']));
    return target?.kind === object.kind && target?.name === object.name;
  });
}

/**
 * Autoscalers in the set that own `object`'s replica count: HPAs, and KEDA ScaledObjects (KEDA
 * creates the HPA itself; their scaleTargetRef kind defaults to Deployment).
 */
export function autoscalersTargeting(objects: readonly KubeObject[], object: KubeObject): KubeObject[] {
  const scaledObjects = objects.filter((candidate) => {
    if (candidate.kind !== 'ScaledObject' || !candidate.apiVersion.startsWith('keda.sh/')) return false;
    if (namespaceOf(candidate) !== namespaceOf(object)) return false;
    const target = asRecord(candidate.get(['spec', 'scaleTargetRef']));
    return (target?.kind ?? 'Deployment') === object.kind && target?.name === object.name;
  });
  return [...hpasTargeting(objects, object), ...scaledObjects];
}

/** Core Services in `owner`'s namespace whose selector matches its pod labels (selector-less Services never do). */
export function servicesSelecting(objects: readonly KubeObject[], owner: KubeObject): KubeObject[] {
  const labels = podLabels(owner);
  return objects.filter((candidate) => {
    if (candidate.kind !== 'Service' || candidate.apiVersion !== 'v1' || namespaceOf(candidate) !== namespaceOf(owner)) return false;
    const selector = asRecord(candidate.get(['spec', 'selector']));
    return selector !== undefined && Object.keys(selector).length > 0 && matchesSelector(labels, selector) === true;
  });
}
