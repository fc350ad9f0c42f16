import { asArray, asRecord, type KubeObject, type Path } from './kube-object';

/** What Kubernetes (or a well-known operator) does with the pod template of one workload kind. */
export interface WorkloadKind {
  /** Where the pod template (its metadata and spec) lives; [] for a Pod, which is its own template. */
  template: Path;
  /** Its pods run to completion (Jobs) instead of until they are deleted. */
  batch?: true;
  /** How many pods it runs: a `spec.replicas` field (with the count it means when absent), or one per node. */
  pods?: { replicasDefault: number } | 'per-node';
  /** Promises each replica its own identity and storage (`volumeClaimTemplates` stays with the replica). */
  stateful?: true;
  /** Can give each replica a PersistentVolumeClaim through `spec.volumeClaimTemplates`. */
  claimTemplates?: true;
  /** Probes the owner gives the pod's containers when the manifest sets none. */
  defaultProbes?: readonly string[];
}

const TEMPLATE: Path = ['spec', 'template'];
const REPLICATED = { replicasDefault: 1 };

/**
 * The kinds known to own a pod template, by API group and kind: a core `Service` is not a Knative
 * `Service`, and a CRD may reuse any kind name. A Map, so that kinds such as `toString` or
 * `__proto__` are just unknown.
 */
const WORKLOAD_KINDS = new Map<string, WorkloadKind>([
  ['/Pod', { template: [] }],
  ['/ReplicationController', { template: TEMPLATE, pods: REPLICATED }],
  // apps/v1beta1 and v1beta2 share the group; extensions/v1beta1 served the same kinds before 1.16.
  ...['apps', 'extensions'].flatMap((group): [string, WorkloadKind][] => [
    [`${group}/Deployment`, { template: TEMPLATE, pods: REPLICATED }],
    [`${group}/ReplicaSet`, { template: TEMPLATE, pods: REPLICATED }],
    [`${group}/DaemonSet`, { template: TEMPLATE, pods: 'per-node' }],
  ]),
  ['apps/StatefulSet', { template: TEMPLATE, pods: REPLICATED, stateful: true, claimTemplates: true }],
  ['batch/Job', { template: TEMPLATE, batch: true }],
  ['batch/CronJob', { template: ['spec', 'jobTemplate', 'spec', 'template'], batch: true }],
  // Argo Rollouts: a Deployment with progressive delivery (or a `workloadRef` to one, then no template).
  ['argoproj.io/Rollout', { template: TEMPLATE, pods: REPLICATED }],
  // OpenKruise: CloneSet (a Deployment that can keep claims), Advanced StatefulSet and DaemonSet.
  ['apps.kruise.io/CloneSet', { template: TEMPLATE, pods: REPLICATED, claimTemplates: true }],
  ['apps.kruise.io/StatefulSet', { template: TEMPLATE, pods: REPLICATED, stateful: true, claimTemplates: true }],
  ['apps.kruise.io/DaemonSet', { template: TEMPLATE, pods: 'per-node' }],
  // Knative scales revisions itself (annotations, down to zero): no replica field we can read. It
  // gives the serving container a TCP readiness probe on its port when none is set.
  ...['Service', 'Configuration'].map((kind): [string, WorkloadKind] => [`serving.knative.dev/${kind}`, { template: TEMPLATE, defaultProbes: ['readinessProbe'] }]),
  // OpenShift DeploymentConfig, also served in OpenShift 3's legacy core "v1". Its replicas field
  // is a plain int32 with no defaulting: left out, it is 0, not 1.
  ...['apps.openshift.io', ''].map((group): [string, WorkloadKind] => [`${group}/DeploymentConfig`, { template: TEMPLATE, pods: { replicasDefault: 0 } }]),
]);

/** The API group of an object: "" for the core group (`apiVersion: v1`). */
export function apiGroup(object: KubeObject): string {
  const slash = object.apiVersion.indexOf('/');
  return slash === -1 ? '' : object.apiVersion.slice(0, slash);
}

/** Built-in API groups have no dot ("", apps) or end in .k8s.io; anything else is a custom resource. */
export function isCustomResource(object: KubeObject): boolean {
  const group = apiGroup(object);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

export function workloadKind(object: KubeObject): WorkloadKind | undefined {
  return WORKLOAD_KINDS.get(`${apiGroup(object)}/${object.kind}`);
}

/** A workload as its pods will run: where their spec is, and whether they keep running. */
export interface Workload {
  kind: WorkloadKind;
  specPath: Path;
  /** Pods that run until deleted: probes and graceful shutdown matter for them, not for one-shot pods. */
  longRunning: boolean;
}

/** Deploy tools run a Pod with one of these annotations as a hook, and wait for it to complete (`helm test`). */
const HOOK_ANNOTATIONS = ['helm.sh/hook', 'argocd.argoproj.io/hook'];

const workloadCache = new WeakMap<KubeObject, Workload | null>();

/** The object as a workload, when its kind is known to own a pod template and the template has a pod spec. */
export function workloadOf(object: KubeObject): Workload | undefined {
  let workload = workloadCache.get(object);
  if (workload === undefined) {
    const kind = workloadKind(object);
    const specPath = kind && [...kind.template, 'spec'];
    workload = kind && specPath && asRecord(object.get(specPath)) ? { kind, specPath, longRunning: !runsOnce(object, kind, specPath) } : null;
    workloadCache.set(object, workload);
  }
  return workload ?? undefined;
}

/** Jobs, Pods that are not restarted once they exit, and hook Pods of deploy tools run to completion. */
function runsOnce(object: KubeObject, kind: WorkloadKind, specPath: Path): boolean {
  if (kind.batch) return true;
  const restartPolicy = object.get([...specPath, 'restartPolicy']);
  if (restartPolicy === 'Never' || restartPolicy === 'OnFailure') return true;
  const annotations = asRecord(asRecord(object.value.metadata)?.annotations) ?? {};
  return kind.template.length === 0 && HOOK_ANNOTATIONS.some((key) => Object.hasOwn(annotations, key));
}

export function podSpecPath(object: KubeObject): Path | undefined {
  return workloadOf(object)?.specPath;
}

/** Long-running workloads: probes and graceful shutdown matter for them, not for one-shot pods. */
export function isLongRunning(object: KubeObject): boolean {
  return workloadOf(object)?.longRunning === true;
}

/**
 * Pod template of any object, including kinds we do not know that follow the `spec.template`
 * convention (operators): used to match Services, PDBs and HPAs to pods.
 */
export function podTemplatePath(object: KubeObject): Path | undefined {
  const known = workloadKind(object);
  if (known) return known.template;
  return asRecord(object.get(['spec', 'template', 'spec'])) ? TEMPLATE : undefined;
}

const podLabelCache = new WeakMap<KubeObject, Readonly<Record<string, string>>>();

/** The pod template's labels (objects never change, so they are read once per object). */
export function podLabels(object: KubeObject): Readonly<Record<string, string>> {
  let labels = podLabelCache.get(object);
  if (!labels) {
    const template = podTemplatePath(object);
    labels = template ? stringRecord(object.get([...template, 'metadata', 'labels'])) : {};
    podLabelCache.set(object, labels);
  }
  return labels;
}

export interface ContainerRef {
  path: Path;
  value: Record<string, unknown>;
  name: string;
  init: boolean;
  /**
   * A native sidecar: an init container with `restartPolicy: Always` (on by default since 1.29). It
   * keeps running beside the app containers, and is stopped only after them at shutdown.
   */
  sidecar: boolean;
}

/** Most rules walk the containers of every object: read them once per object (objects never change). */
const containerCache = new WeakMap<KubeObject, readonly ContainerRef[]>();

/** The pod's containers, init containers first when `init` is set. */
export function containers(object: KubeObject, options: { init?: boolean } = {}): readonly ContainerRef[] {
  let all = containerCache.get(object);
  if (!all) {
    const spec = podSpecPath(object);
    all = !spec ? [] : ['initContainers', 'containers'].flatMap((list) =>
      asArray(object.get([...spec, list])).flatMap((item, index) => {
        const value = asRecord(item);
        if (!value) return [];
        const name = typeof value.name === 'string' ? value.name : `#${index + 1}`;
        const init = list === 'initContainers';
        return [{ path: [...spec, list, index], value, name, init, sidecar: init && value.restartPolicy === 'Always' }];
      }));
    containerCache.set(object, all);
  }
  return options.init ? all : all.filter((container) => !container.init);
}

/**
 * The containers that keep running in a long-running pod: its app containers and native sidecars.
 * None for one-shot pods (Jobs, `restartPolicy: Never` Pods, `helm test` hooks).
 */
export function longRunningContainers(object: KubeObject): readonly ContainerRef[] {
  return isLongRunning(object) ? containers(object, { init: true }).filter((container) => !container.init || container.sidecar) : [];
}

/** Long-running containers that lack the probe `field`, neither set nor given by their owner. */
export function longRunningContainersWithout(object: KubeObject, field: string): readonly ContainerRef[] {
  if (workloadOf(object)?.kind.defaultProbes?.includes(field)) return [];
  return longRunningContainers(object).filter((container) => container.value[field] === undefined);
}

/** The line that names a container: where findings about something it lacks are pinned. */
export function containerAnchor(container: ContainerRef): Path {
  return Object.hasOwn(container.value, 'name') ? [...container.path, 'name'] : container.path;
}

export function stringRecord(value: unknown): Record<string, string> {
  const record = asRecord(value);
  if (!record) return {};
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, String(item)]));
}

/**
 * Managed by another object of the cluster (a ReplicaSet of a Deployment, a Pod of a ReplicaSet), as
 * `kubectl get -o yaml` dumps show them: the owner's manifest says how many pods there are.
 */
export function isControlled(object: KubeObject): boolean {
  return asArray(asRecord(object.value.metadata)?.ownerReferences).some((reference) => asRecord(reference)?.controller === true);
}
