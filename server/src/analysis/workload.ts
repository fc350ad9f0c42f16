import { asArray, asRecord, type KubeObject, type Path } from './kube-object';

/** Where the pod spec lives in each workload kind. */
const POD_SPEC_PATHS: Record<string, Path> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const BATCH_KINDS = new Set(['Job', 'CronJob']);

export function isWorkload(object: KubeObject): boolean {
  return object.kind in POD_SPEC_PATHS;
}

/** Long-running workloads: probes and graceful shutdown matter for them, not for batch pods. */
export function isLongRunning(object: KubeObject): boolean {
  return isWorkload(object) && !BATCH_KINDS.has(object.kind);
}

export function podSpecPath(object: KubeObject): Path | undefined {
  const path = POD_SPEC_PATHS[object.kind];
  return path && asRecord(object.get(path)) ? path : undefined;
}

/**
 * Pod template of any object, including kinds we do not know that follow the `spec.template`
 * convention (Argo Rollouts, operators): used to match Services, PDBs and HPAs to pods.
 */
export function podTemplatePath(object: KubeObject): Path | undefined {
  const known = POD_SPEC_PATHS[object.kind];
  if (known) return object.kind === 'Pod' ? [] : known.slice(0, -1);
  return asRecord(object.get(['spec', 'template', 'spec'])) ? ['spec', 'template'] : undefined;
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
        return [{ path: [...spec, list, index], value, name, init: list === 'initContainers' }];
      }));
    containerCache.set(object, all);
  }
  return options.init ? all : all.filter((container) => !container.init);
}

/** Main containers of a long-running workload that lack `field` (probes matter only for pods that keep running). */
export function longRunningContainersWithout(object: KubeObject, field: string): readonly ContainerRef[] {
  return isLongRunning(object) ? containers(object).filter((container) => container.value[field] === undefined) : [];
}

/** The line that names a container: where findings about something it lacks are pinned. */
export function containerAnchor(container: ContainerRef): Path {
  return 'name' in container.value ? [...container.path, 'name'] : container.path;
}

export function stringRecord(value: unknown): Record<string, string> {
  const record = asRecord(value);
  if (!record) return {};
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, String(item)]));
}

/** Kinds whose `spec.replicas` defaults to 1 when absent. */
const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/**
 * The number of pods a workload asks for: its integer `spec.replicas`, or 1 when a replicated kind
 * leaves it out. Undefined when unknown (templated or non-integer value, kinds without replicas).
 * An autoscaler may still change it: see `autoscalersTargeting`.
 */
export function replicaCount(object: KubeObject): number | undefined {
  const replicas = object.get(['spec', 'replicas']);
  if (replicas == null) return REPLICATED_KINDS.has(object.kind) ? 1 : undefined;
  return Number.isInteger(replicas) ? (replicas as number) : undefined;
}
