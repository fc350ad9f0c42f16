import { asArray, asRecord, type KubeObject, type Path } from './kube-object';
import { autoscalersTargeting, objectsOfKind } from './selectors';
import { onObjectReplaced } from './set-caches';
import { isControlled, workloadKind, type ContainerRef } from './workload';

/**
 * What the API server and its admission plugins fill in before a pod runs, as far as the analysed
 * set tells: the facts rules read instead of the fields as written. Rules never re-derive these.
 */

/** The resources rules care about. */
export type Resource = 'cpu' | 'memory';
export const RESOURCES: readonly Resource[] = ['cpu', 'memory'];

export interface EffectiveResources {
  /** Resources with a request once defaulting and LimitRanges have run. */
  requests: ReadonlySet<Resource>;
  /** Resources with a limit once LimitRanges have run. */
  limits: ReadonlySet<Resource>;
}

/**
 * A container's requests and limits as the pod will have them:
 * - the API server copies each limit into an absent request of the same resource;
 * - the LimitRanger admission plugin sets the `default` limits and `defaultRequest` requests of
 *   every Container LimitRange of the namespace for what is still unset.
 * LimitRanges that may apply count (see `namespaceDefaults`): quiet is better than a false alarm.
 */
export function effectiveResources(objects: readonly KubeObject[], workload: KubeObject, container: ContainerRef): EffectiveResources {
  const resources = asRecord(container.value.resources);
  const defaults = namespaceDefaults(objects, workload.namespace);
  const limits = new Set([...declared(resources?.limits), ...defaults.limits]);
  const requests = new Set([...declared(resources?.requests), ...declared(resources?.limits), ...defaults.requests]);
  return { requests, limits };
}

function declared(list: unknown): Resource[] {
  const record = asRecord(list);
  return RESOURCES.filter((resource) => record !== undefined && Object.hasOwn(record, resource) && record[resource] != null);
}

/** What the LimitRanges of a namespace fill in, per analysed set and namespace (every container asks). */
const defaultsCache = new WeakMap<readonly KubeObject[], Map<string | undefined, EffectiveResources>>();
// What LimitRanges fill in is worked out again when one of them is replaced.
onObjectReplaced((set, _position, old, next) => {
  if (old.kind === 'LimitRange' || next.kind === 'LimitRange') defaultsCache.delete(set);
});

/**
 * The resources the Container items of the LimitRanges that may apply in `namespace` fill in: those
 * of the same namespace, or when either has none, since a manifest without a namespace lands in
 * whichever namespace it is applied to (then we assume the defaults apply rather than risk a false
 * finding). The API server defaults the items themselves: an absent `default` limit is the `max`;
 * an absent `defaultRequest` is the `default`, then the `min`.
 */
function namespaceDefaults(objects: readonly KubeObject[], namespace: string | undefined): EffectiveResources {
  let byNamespace = defaultsCache.get(objects);
  if (!byNamespace) defaultsCache.set(objects, (byNamespace = new Map()));
  let defaults = byNamespace.get(namespace);
  if (!defaults) {
    const limits = new Set<Resource>();
    const requests = new Set<Resource>();
    for (const range of objectsOfKind(objects, 'LimitRange')) {
      if (range.apiVersion !== 'v1' || (range.namespace !== undefined && namespace !== undefined && range.namespace !== namespace)) continue;
      for (const item of asArray(range.get(['spec', 'limits']))) {
        const record = asRecord(item);
        if (record?.type !== 'Container') continue;
        const itemLimits = [...declared(record.default), ...declared(record.max)];
        itemLimits.forEach((resource) => limits.add(resource));
        [...declared(record.defaultRequest), ...itemLimits, ...declared(record.min)].forEach((resource) => requests.add(resource));
      }
    }
    defaults = { limits, requests };
    byNamespace.set(namespace, defaults);
  }
  return defaults;
}

/** How many pods a workload runs: between `min` and `max` (undefined: no upper bound we know). */
export interface ReplicaRange {
  min: number;
  max: number | undefined;
  /** The HPA or KEDA ScaledObject that sets the range, when one does. */
  autoscaler?: KubeObject;
  /** Whether `spec.replicas` is written in the manifest (when no autoscaler sets the range). */
  explicit: boolean;
}

interface AutoscalerBounds { min: string; minDefault: number; max: string; maxDefault: number | undefined }

/** Where each autoscaler keeps its bounds, and what it means when it leaves them out (KEDA scales to zero). */
const AUTOSCALER_BOUNDS = new Map<string, AutoscalerBounds>([
  ['HorizontalPodAutoscaler', { min: 'minReplicas', minDefault: 1, max: 'maxReplicas', maxDefault: undefined }],
  ['ScaledObject', { min: 'minReplicaCount', minDefault: 0, max: 'maxReplicaCount', maxDefault: 100 }],
]);

/**
 * Whether `replicas: 0` scales a workload down on purpose: the HPA controller leaves a target at
 * zero alone, while KEDA scales a ScaledObject's target up from zero when its triggers fire.
 */
export function scaledDownOnPurpose(replicas: unknown, autoscaler: KubeObject | undefined): boolean {
  return replicas === 0 && autoscaler?.kind !== 'ScaledObject';
}

/**
 * The effective replica range of a workload with a replica count: zero when scaled down on purpose;
 * else the minimum and maximum of the autoscaler of the set that targets it; else `spec.replicas`
 * or the kind's default. Undefined when it cannot be told: kinds without a replica count
 * (DaemonSets, Jobs, Pods), objects controlled by an owner, templated values, several autoscalers.
 */
export function replicaRange(objects: readonly KubeObject[], object: KubeObject): ReplicaRange | undefined {
  const pods = workloadKind(object)?.pods;
  if (!pods || pods === 'per-node' || isControlled(object)) return undefined;
  const replicas = object.get(['spec', 'replicas']);
  const autoscalers = autoscalersTargeting(objects, object);
  if (autoscalers.length > 1) return undefined;
  if (scaledDownOnPurpose(replicas, autoscalers[0])) return fixed(0, true);
  if (autoscalers.length === 1) return autoscalerRange(autoscalers[0]!);
  if (replicas == null) return fixed(pods.replicasDefault, false);
  return Number.isInteger(replicas) ? fixed(replicas as number, true) : undefined;
}

function fixed(count: number, explicit: boolean): ReplicaRange {
  return { min: count, max: count, explicit };
}

function autoscalerRange(autoscaler: KubeObject): ReplicaRange | undefined {
  const bounds = AUTOSCALER_BOUNDS.get(autoscaler.kind)!;
  const min = autoscaler.get(['spec', bounds.min]) ?? bounds.minDefault;
  const max = autoscaler.get(['spec', bounds.max]) ?? bounds.maxDefault;
  if (!Number.isInteger(min)) return undefined;
  return { min: min as number, max: Number.isInteger(max) ? (max as number) : undefined, autoscaler, explicit: false };
}

/** "3 replicas", or "at least 3 replicas (HorizontalPodAutoscaler "web" minReplicas: 3)": a range's minimum, for messages. */
export function describeMinimum(range: ReplicaRange): string {
  const replicas = `${range.min} replica${range.min === 1 ? '' : 's'}`;
  if (!range.autoscaler) return replicas;
  return `at least ${replicas} (${range.autoscaler.kind} "${range.autoscaler.name}" ${AUTOSCALER_BOUNDS.get(range.autoscaler.kind)!.min}: ${range.min})`;
}

/** What the API server sets when a pod spec leaves terminationGracePeriodSeconds out. */
export const DEFAULT_GRACE_SECONDS = 30;

/**
 * The seconds between a pod's deletion and its containers being killed: its
 * terminationGracePeriodSeconds, or the default. Undefined when not a whole number (templated).
 */
export function gracePeriod(object: KubeObject, specPath: Path): { seconds: number; declared: boolean } | undefined {
  const declared = object.get([...specPath, 'terminationGracePeriodSeconds']);
  const seconds = declared ?? DEFAULT_GRACE_SECONDS;
  return Number.isInteger(seconds) ? { seconds: seconds as number, declared: declared !== undefined } : undefined;
}

/** A probe's failureThreshold and periodSeconds as the pod will have them (the API server defaults 3 and 10). */
export function probeTiming(probe: Record<string, unknown>): { failureThreshold: unknown; periodSeconds: unknown } {
  return { failureThreshold: probe.failureThreshold ?? 3, periodSeconds: probe.periodSeconds ?? 10 };
}
