import { asArray, asRecord, type KubeObject } from './kube-object';
import { onObjectReplaced, partsOf } from './set-caches';
import { podLabels, podTemplatePath, stringRecord } from './workload';

/**
 * Label selectors and object references across the analysed set: which pods a Service, PDB or
 * HPA points at. Anything that cannot be decided from the manifests answers "unknown" (undefined),
 * and rules stay quiet on unknowns.
 */

/** A Service-style selector (a plain map) or a LabelSelector (matchLabels + matchExpressions). */
export function matchesSelector(labels: Readonly<Record<string, string>>, selector: unknown): boolean | undefined {
  const record = asRecord(selector);
  if (!record) return undefined;
  const matchLabels = requiredLabels(record);
  // Own properties only: a label key such as "constructor" must not find Object.prototype's.
  const has = (key: string) => Object.hasOwn(labels, key);
  for (const [key, value] of Object.entries(matchLabels)) if (!has(key) || labels[key] !== value) return false;
  for (const expression of asArray(record.matchExpressions)) {
    const { key, operator, values } = asRecord(expression) ?? {};
    if (typeof key !== 'string') return undefined;
    const allowed = asArray(values).map(String);
    switch (operator) {
      case 'In': if (!has(key) || !allowed.includes(labels[key]!)) return false; break;
      case 'NotIn': if (has(key) && allowed.includes(labels[key]!)) return false; break;
      case 'Exists': if (!has(key)) return false; break;
      case 'DoesNotExist': if (has(key)) return false; break;
      default: return undefined;
    }
  }
  return true;
}

/** The labels a selector requires as they are: a Service's plain map, or a LabelSelector's matchLabels. */
function requiredLabels(selector: Record<string, unknown>): Record<string, string> {
  const isLabelSelector = Object.hasOwn(selector, 'matchLabels') || Object.hasOwn(selector, 'matchExpressions');
  return stringRecord(isLabelSelector ? selector.matchLabels : selector);
}

export function namespaceOf(object: KubeObject): string {
  return object.namespace ?? 'default';
}

/**
 * Lookups by kind and namespace, built once per analysed set: the rules of every object ask them,
 * so scanning the whole set each time would make a file's analysis quadratic.
 */
interface SetIndex {
  byKind: Map<string, KubeObject[]>;
  podOwners: Map<string, KubeObject[]>;
  /** "namespace/key=value" of every pod template label → the pod owners carrying it. */
  podOwnersByLabel: Map<string, KubeObject[]>;
  /** "namespace/key=value" of the first entry of each Service selector → those Services. */
  servicesBySelector: Map<string, KubeObject[]>;
}
const setIndexes = new WeakMap<readonly KubeObject[], SetIndex>();

const LOOKUPS: readonly (keyof SetIndex)[] = ['byKind', 'podOwners', 'podOwnersByLabel', 'servicesBySelector'];

function setIndex(objects: readonly KubeObject[]): SetIndex {
  let index = setIndexes.get(objects);
  if (!index) {
    index = { byKind: new Map(), podOwners: new Map(), podOwnersByLabel: new Map(), servicesBySelector: new Map() };
    const parts = partsOf(objects);
    if (parts && parts.others.length > 0) {
      // This file's objects, then the other files' lists (kept for them): the same lists, in the same
      // order, as filing the whole set, for a copy of lists instead of 20-30 ms over a big workspace.
      for (let i = 0; i < parts.ownCount; i++) file(index, objects[i]!);
      const others = setIndex(parts.others);
      for (const lookup of LOOKUPS) {
        const lists = index[lookup];
        for (const [key, list] of others[lookup]) lists.set(key, lists.get(key)?.concat(list) ?? list.slice());
      }
    } else {
      for (const object of objects) file(index, object);
    }
    setIndexes.set(objects, index);
  }
  return index;
}

function file(index: SetIndex, object: KubeObject): void {
  for (const [lookup, key] of placesOf(object)) push(index[lookup], key, object);
}

/** An object's keys in the lookups of any set index: worked out once per object (objects never change). */
type IndexPlaces = [keyof SetIndex, string][];
const indexPlaces = new WeakMap<KubeObject, IndexPlaces>();

function placesOf(object: KubeObject): IndexPlaces {
  let places = indexPlaces.get(object);
  if (places) return places;
  const namespace = namespaceOf(object);
  places = [['byKind', `${object.kind}/${namespace}`], ['byKind', object.kind]];
  if (podTemplatePath(object) !== undefined) {
    places.push(['podOwners', namespace]);
    for (const [key, value] of Object.entries(podLabels(object))) places.push(['podOwnersByLabel', `${namespace}/${key}=${value}`]);
  }
  const selector = object.kind === 'Service' ? Object.entries(stringRecord(object.get(['spec', 'selector']))) : [];
  if (selector.length > 0) places.push(['servicesBySelector', `${namespace}/${selector[0]![0]}=${selector[0]![1]}`]);
  indexPlaces.set(object, places);
  return places;
}

/**
 * Works out where each object goes in a set index ahead of time (the workspace index does it in the
 * background as it reads files): indexing a set that holds them then only files them. Working out the
 * keys is most of building an index (189 of 254 ms for 21,600 objects in a profile), which the first
 * edit after the set changes would otherwise wait for.
 */
export function prepareSetIndex(objects: readonly KubeObject[]): void {
  for (const object of objects) placesOf(object);
}

/** The lists of `index` that hold `object`, by their keys. */
function indexKeys(index: SetIndex, object: KubeObject): [Map<string, KubeObject[]>, string][] {
  return placesOf(object).map(([lookup, key]) => [index[lookup], key]);
}

onObjectReplaced((set, _position, old, next) => {
  const index = setIndexes.get(set);
  if (!index) return;
  const keys = indexKeys(index, next);
  const oldKeys = indexKeys(index, old);
  if (keys.length !== oldKeys.length || keys.some(([map, key], i) => oldKeys[i]![0] !== map || oldKeys[i]![1] !== key)) {
    setIndexes.delete(set);
    return;
  }
  for (const [map, key] of keys) {
    const list = map.get(key) ?? [];
    const at = list.indexOf(old);
    if (at === -1) {
      setIndexes.delete(set);
      return;
    }
    list[at] = next;
  }
});

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Objects of `kind` in the set, in `namespace` when given. */
export function objectsOfKind(objects: readonly KubeObject[], kind: string, namespace?: string): readonly KubeObject[] {
  return setIndex(objects).byKind.get(namespace === undefined ? kind : `${kind}/${namespace}`) ?? [];
}

/** Objects with a pod template (any workload kind, Argo Rollouts and the like) in `namespace`. */
export function podOwners(objects: readonly KubeObject[], namespace: string): readonly KubeObject[] {
  return setIndex(objects).podOwners.get(namespace) ?? [];
}

/** Pod owners in the selector's namespace whose pod labels it matches. An empty selector matches nothing. */
export function selectedPodOwners(objects: readonly KubeObject[], namespace: string, selector: unknown): KubeObject[] {
  const record = asRecord(selector);
  if (!record || Object.keys(record).length === 0) return [];
  // Narrow the candidates through one required label when the selector has one.
  const required = Object.entries(requiredLabels(record))[0];
  const candidates = required
    ? setIndex(objects).podOwnersByLabel.get(`${namespace}/${required[0]}=${required[1]}`) ?? []
    : podOwners(objects, namespace);
  return candidates.filter((owner) => matchesSelector(podLabels(owner), selector) === true);
}

/** Whether a HorizontalPodAutoscaler in the set scales `object` (by scaleTargetRef kind and name). */
export function hpasTargeting(objects: readonly KubeObject[], object: KubeObject): KubeObject[] {
  return objectsOfKind(objects, 'HorizontalPodAutoscaler', namespaceOf(object)).filter((candidate) => {
    const target = asRecord(candidate.get(['spec', 'scaleTargetRef']));
    return target?.kind === object.kind && target?.name === object.name;
  });
}

/**
 * Autoscalers in the set that own `object`'s replica count: HPAs, and KEDA ScaledObjects (KEDA
 * creates the HPA itself; their scaleTargetRef kind defaults to Deployment).
 */
export function autoscalersTargeting(objects: readonly KubeObject[], object: KubeObject): KubeObject[] {
  const scaledObjects = objectsOfKind(objects, 'ScaledObject', namespaceOf(object)).filter((candidate) => {
    if (!candidate.apiVersion.startsWith('keda.sh/')) return false;
    const target = asRecord(candidate.get(['spec', 'scaleTargetRef']));
    return (target?.kind ?? 'Deployment') === object.kind && target?.name === object.name;
  });
  return [...hpasTargeting(objects, object), ...scaledObjects];
}

/** Core Services in `owner`'s namespace whose selector matches its pod labels (selector-less Services never do). */
export function servicesSelecting(objects: readonly KubeObject[], owner: KubeObject): KubeObject[] {
  const labels = podLabels(owner);
  const index = setIndex(objects);
  const candidates = Object.entries(labels).flatMap(([key, value]) => index.servicesBySelector.get(`${namespaceOf(owner)}/${key}=${value}`) ?? []);
  return candidates.filter((candidate) => {
    if (candidate.apiVersion !== 'v1') return false;
    const selector = asRecord(candidate.get(['spec', 'selector']));
    return selector !== undefined && Object.keys(selector).length > 0 && matchesSelector(labels, selector) === true;
  });
}
