import { appendToSeq, setInMap } from '../edit';
import { asArray, asRecord, type KubeObject, type Path } from '../kube-object';
import type { Rule } from '../rule';
import { matchesSelector } from '../selectors';

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

export interface WebhookRef {
  path: Path;
  value: Record<string, unknown>;
  name: string;
  /** API version of the configuration ('v1', 'v1beta1'): the defaults differ between them. */
  version: string;
}

export function webhooks(object: KubeObject): WebhookRef[] {
  if (!WEBHOOK_KINDS.has(object.kind) || !object.apiVersion.startsWith('admissionregistration.k8s.io/')) return [];
  const version = object.apiVersion.slice('admissionregistration.k8s.io/'.length);
  return asArray(object.get(['webhooks'])).flatMap((item, index) => {
    const value = asRecord(item);
    if (!value) return [];
    const name = typeof value.name === 'string' ? value.name : `#${index + 1}`;
    return [{ path: ['webhooks', index], value, name, version }];
  });
}

/** Where findings about something a webhook lacks are pinned: its `name` line. */
export function webhookAnchor(webhook: WebhookRef): Path {
  return 'name' in webhook.value ? [...webhook.path, 'name'] : webhook.path;
}

/**
 * API groups the control plane and kube-system add-ons write to keep running: pods, configmaps,
 * services, endpoints (core), leader-election leases, endpoint slices, workloads and RBAC.
 */
const CONTROL_PLANE_GROUPS = new Set(['*', '', 'apps', 'batch', 'extensions', 'coordination.k8s.io', 'discovery.k8s.io', 'rbac.authorization.k8s.io']);

/**
 * Whether the webhook intercepts what the control plane itself writes. A webhook limited to
 * Ingresses or to its own custom resources blocks those when it fails, but not the cluster's healing.
 */
export function interceptsControlPlaneResources(webhook: WebhookRef): boolean {
  return asArray(webhook.value.rules).some((rule) =>
    asArray(asRecord(rule)?.apiGroups).some((group) => typeof group === 'string' && CONTROL_PLANE_GROUPS.has(group)));
}

/** kube-system's labels on a default cluster: only the automatic name label. */
const KUBE_SYSTEM_LABELS = { 'kubernetes.io/metadata.name': 'kube-system' };

/**
 * Whether the webhook leaves kube-system alone: its namespaceSelector does not match kube-system's
 * labels, its objectSelector only admits objects that opted in with a label, or a matchCondition
 * names kube-system. Unknown selector operators count as scoped (quiet when unsure).
 */
function sparesKubeSystem(webhook: WebhookRef): boolean {
  const namespaceSelector = webhook.value.namespaceSelector;
  if (namespaceSelector !== undefined && matchesSelector(KUBE_SYSTEM_LABELS, namespaceSelector) !== true) return true;
  const objectSelector = asRecord(webhook.value.objectSelector);
  const optIn = Object.keys(asRecord(objectSelector?.matchLabels) ?? {}).length > 0
    || asArray(objectSelector?.matchExpressions).some((e) => ['In', 'Exists'].includes(String(asRecord(e)?.operator)));
  if (optIn) return true;
  return asArray(webhook.value.matchConditions).some((condition) => String(asRecord(condition)?.expression).includes('kube-system'));
}

const EXCLUDE_KUBE_SYSTEM = ['key: kubernetes.io/metadata.name', 'operator: NotIn', 'values:', '  - kube-system'];

function excludeKubeSystem(object: KubeObject, text: string, webhook: WebhookRef) {
  const selector = asRecord(webhook.value.namespaceSelector);
  if (!selector) {
    return setInMap(object, text, webhook.path, 'namespaceSelector', ['matchExpressions:', ...EXCLUDE_KUBE_SYSTEM.map((line, i) => (i === 0 ? '  - ' : '    ') + line)]);
  }
  const selectorPath = [...webhook.path, 'namespaceSelector'];
  return Array.isArray(selector.matchExpressions)
    ? appendToSeq(object, text, [...selectorPath, 'matchExpressions'], EXCLUDE_KUBE_SYSTEM)
    : setInMap(object, text, selectorPath, 'matchExpressions', EXCLUDE_KUBE_SYSTEM.map((line, i) => (i === 0 ? '- ' : '  ') + line));
}

const rule: Rule = {
  id: 'webhook-failure-policy',
  title: 'Fail-closed admission webhook that also intercepts kube-system',
  severity: 'error',
  why: 'When a fail-closed webhook\'s backend is down or slow, the API server rejects every request it intercepts, including the control plane\'s and kube-system add-ons\' own writes, so the cluster cannot heal itself (or even upgrade) until someone deletes the webhook.',
  fix: 'Exclude kube-system (and the webhook\'s own namespace) with a `namespaceSelector` on `kubernetes.io/metadata.name`, and use `failurePolicy: Ignore` unless the policy must never be bypassed.',
  scope: 'object',
  check(object, context) {
    return webhooks(object).flatMap((webhook) => {
      const policy = webhook.value.failurePolicy;
      const failsClosed = policy === 'Fail' || (policy === undefined && webhook.version === 'v1');
      if (!failsClosed || !interceptsControlPlaneResources(webhook) || sparesKubeSystem(webhook)) return [];
      const edit = excludeKubeSystem(object, context.text, webhook);
      const how = policy === undefined ? 'fails closed (failurePolicy defaults to Fail in admissionregistration.k8s.io/v1)' : 'fails closed (failurePolicy: Fail)';
      return [{
        path: policy === undefined ? webhookAnchor(webhook) : [...webhook.path, 'failurePolicy'],
        target: policy === undefined ? 'pair' : 'value',
        message: `Webhook "${webhook.name}" ${how} and also intercepts kube-system: if its backend goes down, the control plane's own writes are rejected.`,
        fixes: edit ? [{ title: 'Exclude kube-system with a namespaceSelector (and review failurePolicy)', edits: [edit], review: true }] : [],
      }];
    });
  },
};

export default rule;
