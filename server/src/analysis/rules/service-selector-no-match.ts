import { asRecord, type KubeObject } from '../kube-object';
import type { Rule } from '../rule';
import { namespaceOf, podOwners, selectedPodOwners } from '../selectors';
import { isCustomResource, podLabels, podTemplatePath, stringRecord } from '../workload';

const rule: Rule = {
  id: 'service-selector-no-match',
  title: 'Service whose selector matches no pods',
  severity: 'warning',
  why: 'A Service whose selector matches no pod has no endpoints: its clients get connection errors, and software that watches endpoints may not expect an empty list (Linkerd crashed on Services without endpoints and turned a Monzo incident into a full platform outage).',
  fix: 'Make `spec.selector` match the labels of the pod template it fronts (check for typos and labels added on only one side), or delete the Service.',
  scope: 'set',
  check(object, context) {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1' || object.get(['spec', 'type']) === 'ExternalName') return [];
    const selector = stringRecord(object.get(['spec', 'selector']));
    const entries = Object.entries(selector);
    if (entries.length === 0 || entries.some(([, value]) => value.includes('{{'))) return [];
    const namespace = namespaceOf(object);
    // The common case first, through the label index: something is selected.
    if (selectedPodOwners(context.objects, namespace, selector).length > 0) return [];
    const owners = podOwners(context.objects, namespace).filter(hasLabels);
    if (owners.length === 0 || owners.some((owner) => Object.values(podLabels(owner)).some((value) => value.includes('{{')))) return [];
    if (operatorMayOwnPods(context.objects, namespace, selector)) return [];
    return [{
      path: ['spec', 'selector'],
      target: 'key',
      message: `Service "${object.name}" selects ${entries.map(([key, value]) => `${key}=${value}`).join(', ')}, but no pod template in namespace "${namespace}" has these labels: it will have no endpoints.`,
    }];
  },
};

/** Pod owners with a real template: Kustomize patches of a Deployment often carry no labels. */
function hasLabels(owner: KubeObject): boolean {
  return asRecord(owner.get([...podTemplatePath(owner)!, 'metadata', 'labels'])) !== undefined;
}

/**
 * Operators (Prometheus, Strimzi, CloudNativePG, ...) create pods we cannot see, labelled with the
 * name of their custom resource: stay quiet when a selector value names one in the namespace.
 */
function operatorMayOwnPods(objects: readonly KubeObject[], namespace: string, selector: Record<string, string>): boolean {
  const values = new Set(Object.values(selector));
  return objects.some((candidate) => isCustomResource(candidate) && namespaceOf(candidate) === namespace && values.has(candidate.name));
}

export default rule;
