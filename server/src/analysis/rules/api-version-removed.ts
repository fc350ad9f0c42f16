import { replaceScalar } from '../edit';
import { asRecord, type KubeObject } from '../kube-object';
import type { Rule } from '../rule';

interface RemovedApi {
  apiVersion: string;
  kinds: string[];
  /** Release that deprecated it (when the hint starts) and release that stopped serving it. */
  deprecated: string;
  removed: string;
  replacement: string;
  /** Release that serves the replacement; set when only the apiVersion needs to change (same schema). */
  sameSchemaSince?: string;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet'];
const RBAC = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const FLOW_CONTROL = ['FlowSchema', 'PriorityLevelConfiguration'];
const WEBHOOKS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

/**
 * Built-in API versions that Kubernetes stopped serving, after the official Deprecated API
 * Migration Guide. Kinds are listed because several of these group versions were later reused for
 * new kinds (admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy, networking.k8s.io/v1beta1
 * ServiceCIDR, storage.k8s.io/v1beta1 VolumeAttributesClass...).
 */
const REMOVED_APIS: RemovedApi[] = [
  { apiVersion: 'extensions/v1beta1', kinds: WORKLOADS, deprecated: '1.9', removed: '1.16', replacement: 'apps/v1 (spec.selector becomes required)' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecated: '1.9', removed: '1.16', replacement: 'networking.k8s.io/v1', sameSchemaSince: '1.8' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], deprecated: '1.11', removed: '1.16', replacement: 'Pod Security Admission (policy/v1beta1 PodSecurityPolicy was removed in 1.25 too)' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecated: '1.14', removed: '1.22', replacement: 'networking.k8s.io/v1 (backends and pathType change)' },
  { apiVersion: 'apps/v1beta1', kinds: [...WORKLOADS, 'StatefulSet', 'ControllerRevision'], deprecated: '1.9', removed: '1.16', replacement: 'apps/v1 (spec.selector becomes required)' },
  { apiVersion: 'apps/v1beta2', kinds: [...WORKLOADS, 'StatefulSet', 'ControllerRevision'], deprecated: '1.9', removed: '1.16', replacement: 'apps/v1 (some defaults change)' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], deprecated: '1.8', removed: '1.21', replacement: 'batch/v1', sameSchemaSince: '1.21' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecated: '1.21', removed: '1.25', replacement: 'batch/v1', sameSchemaSince: '1.21' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress'], deprecated: '1.19', removed: '1.22', replacement: 'networking.k8s.io/v1 (backends and pathType change)' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['IngressClass'], deprecated: '1.19', removed: '1.22', replacement: 'networking.k8s.io/v1', sameSchemaSince: '1.19' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: WEBHOOKS, deprecated: '1.16', removed: '1.22', replacement: 'admissionregistration.k8s.io/v1 (sideEffects and admissionReviewVersions become required, failurePolicy defaults to Fail)' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], deprecated: '1.16', removed: '1.22', replacement: 'apiextensions.k8s.io/v1 (per-version structural schemas)' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], deprecated: '1.19', removed: '1.22', replacement: 'apiregistration.k8s.io/v1', sameSchemaSince: '1.10' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: RBAC, deprecated: '1.17', removed: '1.22', replacement: 'rbac.authorization.k8s.io/v1', sameSchemaSince: '1.8' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], deprecated: '1.14', removed: '1.22', replacement: 'scheduling.k8s.io/v1', sameSchemaSince: '1.14' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], deprecated: '1.19', removed: '1.22', replacement: 'storage.k8s.io/v1', sameSchemaSince: '1.19' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], deprecated: '1.19', removed: '1.22', replacement: 'certificates.k8s.io/v1 (signerName becomes required)' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecated: '1.19', removed: '1.22', replacement: 'coordination.k8s.io/v1', sameSchemaSince: '1.14' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecated: '1.21', removed: '1.25', replacement: 'policy/v1 (an empty selector then selects every pod of the namespace)', sameSchemaSince: '1.21' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecated: '1.21', removed: '1.25', replacement: 'Pod Security Admission or a policy engine' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecated: '1.22', removed: '1.25', replacement: 'autoscaling/v2 (metric targets change shape)' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecated: '1.23', removed: '1.26', replacement: 'autoscaling/v2', sameSchemaSince: '1.23' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], deprecated: '1.21', removed: '1.25', replacement: 'discovery.k8s.io/v1 (topology becomes nodeName and zone)' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecated: '1.22', removed: '1.25', replacement: 'events.k8s.io/v1 (several fields renamed)' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecated: '1.22', removed: '1.25', replacement: 'node.k8s.io/v1', sameSchemaSince: '1.20' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecated: '1.24', removed: '1.27', replacement: 'storage.k8s.io/v1', sameSchemaSince: '1.24' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: FLOW_CONTROL, deprecated: '1.23', removed: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1 (v1beta3 before 1.29)', sameSchemaSince: '1.29' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: FLOW_CONTROL, deprecated: '1.26', removed: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1 (v1beta3 before 1.29)', sameSchemaSince: '1.29' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: FLOW_CONTROL, deprecated: '1.29', removed: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1', sameSchemaSince: '1.29' },
];

/** "1.25" → 1025, for ordering releases; undefined when it is not "major.minor". */
function release(version: string): number | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
}

/** The new apiVersion text, when switching it is enough (same schema, served by the target). */
function replacementVersion(api: RemovedApi, target: number, object: KubeObject): string | undefined {
  if (!api.sameSchemaSince || target < release(api.sameSchemaSince)!) return undefined;
  // policy/v1 reads an empty selector as "every pod", v1beta1 as "none": not a rename then.
  if (object.kind === 'PodDisruptionBudget' && Object.keys(asRecord(object.get(['spec', 'selector'])) ?? {}).length === 0) return undefined;
  return api.replacement.split(' ')[0];
}

const rule: Rule = {
  id: 'api-version-removed',
  title: 'API version removed from Kubernetes',
  severity: 'error',
  why: 'The API server rejects objects in API versions it no longer serves, so deploys and upgrades fail, often in the middle of a cluster upgrade; deprecated versions give warning a few releases ahead.',
  fix: 'Move the manifest to the replacement apiVersion (checking the schema changes the migration guide lists) before upgrading the cluster.',
  scope: 'object',
  check(object, context) {
    const api = REMOVED_APIS.find((entry) => entry.apiVersion === object.apiVersion && entry.kinds.includes(object.kind));
    const target = release(context.kubernetesVersion);
    if (!api || target === undefined) return [];
    const removed = target >= release(api.removed)!;
    if (!removed && target < release(api.deprecated)!) return [];
    const newVersion = replacementVersion(api, target, object);
    const edit = newVersion && replaceScalar(object, ['apiVersion'], newVersion);
    return [{
      path: ['apiVersion'],
      message: removed
        ? `${object.kind} "${object.name}" uses ${api.apiVersion}, which Kubernetes stopped serving in ${api.removed} (target ${context.kubernetesVersion}): use ${api.replacement}.`
        : `${object.kind} "${object.name}" uses ${api.apiVersion}, deprecated and removed in Kubernetes ${api.removed}: move to ${api.replacement} before upgrading.`,
      severity: removed ? undefined : 'hint',
      fixes: edit ? [{ title: `Use apiVersion ${newVersion}`, edits: [edit] }] : [],
    }];
  },
};

export default rule;
