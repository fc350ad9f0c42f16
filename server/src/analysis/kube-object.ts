import { crossObjectValue } from './cross-object';
import { NONE, SourceNode, type SourceIndex } from './source-index';
import type { ObjectRef, Target } from './types';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Offsets relative to the start of the object's document chunk. */
export interface LocalSpan { start: number; end: number }

/** Where an object sits in its document's source index, for source spans. */
export interface ObjectSource {
  index: SourceIndex;
  /** The object's node: the document's root, or an item of a List. */
  node: number;
}

/**
 * A Kubernetes object (a YAML document with apiVersion and kind, or an item of a List) with its
 * plain value and a way to find the source span of any path in it. Paths are relative to the
 * object; spans follow aliases and merge keys to the text that holds the value Kubernetes would use.
 */
export class KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** Shared by the object's findings. */
  readonly ref: ObjectRef;

  constructor(
    readonly value: Record<string, unknown>,
    /** The document's source index, for source spans; undefined once detached. */
    private readonly source: ObjectSource | undefined,
    /** Identifies the file the object came from; cross-object rules use it to tell files apart. */
    readonly file: string,
  ) {
    this.apiVersion = String(value.apiVersion);
    this.kind = String(value.kind);
    const metadata = asRecord(own(value, 'metadata'));
    const name = own(metadata, 'name');
    const namespace = own(metadata, 'namespace');
    this.name = typeof name === 'string' ? name : '';
    this.namespace = typeof namespace === 'string' ? namespace : undefined;
    this.ref = this.namespace === undefined ? { kind: this.kind, name: this.name } : { kind: this.kind, name: this.name, namespace: this.namespace };
  }

  /**
   * The object as other files' cross-object rules read it: no source index, only the facts they may
   * read (`crossObjectValue`). A fraction of the memory: the workspace index keeps thousands of these.
   */
  asOtherObject(): KubeObject {
    return new KubeObject(crossObjectValue(this.value) as Record<string, unknown>, undefined, this.file);
  }



  /** The plain value at `path`, or undefined (never a built-in property such as `toString`). */
  get(path: Path): unknown {
    let current: unknown = this.value;
    for (const segment of path) current = own(current, segment);
    return current;
  }

  /** The source node at `path` (an alias resolved to its anchor's node), or undefined. */
  node(path: Path): SourceNode | undefined {
    const found = this.walk(path);
    return found && found.value !== NONE ? new SourceNode(this.source!.index, found.value) : undefined;
  }

  /**
   * The span of the value (or key) at `path`; when the path does not exist, the key of the deepest
   * existing ancestor (a missing field is reported on the object that lacks it).
   */
  span(path: Path, target: Target = 'value'): LocalSpan {
    if (!this.source) return { start: 0, end: 0 };
    const { index } = this.source;
    for (let depth = path.length; depth >= 0; depth--) {
      const found = this.walk(depth === path.length ? path : path.slice(0, depth));
      if (!found) continue;
      const exact = depth === path.length;
      const { key, value } = found;
      if (key !== NONE && (!exact || target !== 'value')) {
        const wholePair = exact && target === 'pair' && value !== NONE && index.kind(value) === 'scalar' && index.start(value) > index.start(key);
        return { start: index.start(key), end: wholePair ? index.end(value) : index.end(key) };
      }
      if (value !== NONE) return spanOfNode(index, value);
    }
    return { start: 0, end: 0 };
  }

  /** The key and value nodes at `path` (NONE where there is none), or undefined when the path does not exist. */
  private walk(path: Path): { key: number; value: number } | undefined {
    if (!this.source) return undefined;
    const { index, node } = this.source;
    // The object's own node has no key: an item of a List has none of its own, and its spans stop at the item.
    let found: { key: number; value: number } | undefined = { key: NONE, value: node };
    for (const segment of path) {
      found = found.value !== NONE ? step(index, found.value, segment) : undefined;
      if (!found) return undefined;
    }
    return found;
  }
}

/** The source of the node at `path` below `source`'s node (a List's item): NONE when there is none. */
export function sourceAt(source: ObjectSource, path: Path): ObjectSource {
  let node = source.node;
  for (const segment of path) node = node === NONE ? NONE : step(source.index, node, segment)?.value ?? NONE;
  return { index: source.index, node };
}

/** One step down: a map's entry (merged maps included) or a sequence's item. */
function step(index: SourceIndex, node: number, segment: PathSegment): { key: number; value: number } | undefined {
  const kind = index.kind(node);
  if (kind === 'map') {
    const entry = entryFor(index, node, String(segment));
    return entry === NONE ? undefined : { key: index.resolved(index.entryKey(entry)), value: index.resolved(index.entryValue(entry)) };
  }
  if (kind === 'seq' && typeof segment === 'number') {
    const { first, end } = index.entries(node);
    const entry = first + segment;
    if (!Number.isInteger(segment) || segment < 0 || entry >= end) return undefined;
    return { key: NONE, value: index.resolved(index.entryValue(entry)) };
  }
  return undefined;
}

/**
 * The entry Kubernetes tooling reads for `key`: the last one written in the map (later duplicates
 * win, as in the plain value), else the first of the merged maps (`<<: *a` or `<<: [*a, *b]`) that
 * has it. Keys compare as the plain value's keys do, as strings. Merge chains are finite and
 * shallow: cycles and deep nesting are refused at parse (see limits.ts).
 */
function entryFor(index: SourceIndex, map: number, key: string): number {
  const { first, end } = index.entries(map);
  /** The values of the map's `<<` keys, last first. */
  const merges: number[] = [];
  for (let entry = end - 1; entry >= first; entry--) {
    if (index.isMergeKey(entry)) {
      const value = index.resolved(index.entryValue(entry));
      if (value !== NONE) merges.push(value);
    } else if (index.keyName(entry) === key) {
      return entry;
    }
  }
  // Earlier merge keys, and earlier maps in one merge list, win.
  for (let i = merges.length - 1; i >= 0; i--) {
    const merge = merges[i]!;
    const sources = index.kind(merge) === 'seq' ? mergeListItems(index, merge) : [merge];
    for (const source of sources) {
      const entry = index.kind(source) === 'map' ? entryFor(index, source, key) : NONE;
      if (entry !== NONE) return entry;
    }
  }
  return NONE;
}

/** The maps of a merge list (`<<: [*a, *b]`), unlinked aliases left out. */
function mergeListItems(index: SourceIndex, seq: number): number[] {
  const { first, end } = index.entries(seq);
  const items: number[] = [];
  for (let entry = first; entry < end; entry++) {
    const item = index.resolved(index.entryValue(entry));
    if (item !== NONE) items.push(item);
  }
  return items;
}

/** `record[key]` when `record` holds it as its own entry: never an inherited property. */
export function own(record: unknown, key: PathSegment): unknown {
  return record !== null && typeof record === 'object' && Object.hasOwn(record, key)
    ? (record as Record<PathSegment, unknown>)[key]
    : undefined;
}

/** Collections span many lines: point at their first entry instead of the whole block. */
function spanOfNode(index: SourceIndex, node: number): LocalSpan {
  const kind = index.kind(node);
  if (kind === 'map' || kind === 'seq') {
    const { first, end } = index.entries(node);
    if (first < end) {
      const firstNode = kind === 'map' ? index.entryKey(first) : index.entryValue(first);
      if (firstNode !== NONE) return { start: index.start(firstNode), end: index.end(firstNode) };
    }
  }
  return { start: index.start(node), end: index.end(node) };
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
