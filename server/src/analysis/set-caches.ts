import type { KubeObject } from './kube-object';

/**
 * Lookups built once per analysed set (the cross-object indexes of selectors.ts, LimitRange defaults,
 * Ingress claims) are cached by the set's array. While someone types, the set changes only by objects
 * replaced with objects of the same cross-object facts, at the same places (see FileAnalyzer): the
 * set is then changed in place and every cache swaps the object, instead of being built again over
 * the whole set on each edit. A cache that cannot tell the swap is harmless forgets the set.
 */
type Swap = (set: readonly KubeObject[], position: number, old: KubeObject, next: KubeObject) => void;

const swaps: Swap[] = [];

/** Registers what a cache does when an object of a set it indexed is replaced. */
export function onObjectReplaced(swap: Swap): void {
  swaps.push(swap);
}

/** Puts `next` at `position` of `set` and tells every cache. */
export function replaceInSet(set: KubeObject[], position: number, next: KubeObject): void {
  const old = set[position]!;
  set[position] = next;
  for (const swap of swaps) swap(set, position, old, next);
}

/** A set made of a file's objects followed by the objects of other files (an array of its own). */
export interface SetParts { ownCount: number; others: readonly KubeObject[] }

const composition = new WeakMap<readonly KubeObject[], SetParts>();

/**
 * Records that `set` is its first `ownCount` objects followed by `others`: a cache may then build its
 * lookups for `set` from those it keeps for `others` (an editor's other files change seldom, its own
 * file often) instead of over the whole set.
 */
export function composedSet(set: readonly KubeObject[], ownCount: number, others: readonly KubeObject[]): void {
  composition.set(set, { ownCount, others });
}

export function partsOf(set: readonly KubeObject[]): SetParts | undefined {
  return composition.get(set);
}
