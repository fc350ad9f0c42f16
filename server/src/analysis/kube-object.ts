import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ObjectRef, Target } from './types';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Offsets relative to the start of the object's document chunk. */
export interface LocalSpan { start: number; end: number }

/** Where an object sits in its parsed document, for source spans. */
export interface SourceTree {
  /** Aliases already replaced by the nodes they point at (see `linkAliases` in parse.ts). */
  document: Document;
  /** Path from the document's root to the object: [] for a document, ['items', i] for an item of a List. */
  base: Path;
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

  constructor(
    readonly value: Record<string, unknown>,
    /** The syntax tree, for source spans; undefined once detached. */
    private readonly source: SourceTree | undefined,
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
  }

  /**
   * The same object without its syntax tree: enough for other files' cross-object rules, a
   * fraction of the memory (the workspace index keeps thousands of these).
   */
  detach(): KubeObject {
    return new KubeObject(this.value, undefined, this.file);
  }

  get ref(): ObjectRef {
    return this.namespace === undefined
      ? { kind: this.kind, name: this.name }
      : { kind: this.kind, name: this.name, namespace: this.namespace };
  }

  /** The plain value at `path`, or undefined (never a built-in property such as `toString`). */
  get(path: Path): unknown {
    let current: unknown = this.value;
    for (const segment of path) current = own(current, segment);
    return current;
  }

  /** The YAML node at `path` (an alias resolved to its anchor's node), or undefined. */
  node(path: Path): Node | undefined {
    return this.walk(path)?.value;
  }

  /**
   * The span of the value (or key) at `path`; when the path does not exist, the key of the deepest
   * existing ancestor (a missing field is reported on the object that lacks it).
   */
  span(path: Path, target: Target = 'value'): LocalSpan {
    for (let depth = path.length; depth >= 0; depth--) {
      const found = this.walk(path.slice(0, depth));
      if (!found) continue;
      const exact = depth === path.length;
      if (found.key?.range && (!exact || target !== 'value')) {
        const keyRange = found.key.range;
        const valueRange = found.value?.range;
        const wholePair = exact && target === 'pair' && isScalar(found.value) && valueRange && valueRange[0] > keyRange[0];
        return { start: keyRange[0], end: wholePair ? valueRange[1] : keyRange[1] };
      }
      if (found.value) return spanOfNode(found.value);
    }
    return { start: 0, end: 0 };
  }

  private walk(path: Path): { key: Node | undefined; value: Node | undefined } | undefined {
    if (!this.source) return undefined;
    const { document, base } = this.source;
    let found: { key: Node | undefined; value: Node | undefined } | undefined = { key: undefined, value: this.resolve(document.contents) };
    for (const [index, segment] of [...base, ...path].entries()) {
      found = found?.value ? this.step(found.value, segment) : undefined;
      // An item of a List has no key of its own: its spans stop at the item.
      if (found && index === base.length - 1) found = { key: undefined, value: found.value };
    }
    return found;
  }

  /** One step down: a map's entry (merged maps included) or a sequence's item. */
  private step(node: Node, segment: PathSegment): { key: Node | undefined; value: Node | undefined } | undefined {
    if (isMap(node)) {
      const pair = this.entry(node, String(segment));
      return pair && { key: this.resolve(pair.key as Node | null), value: this.resolve(pair.value as Node | null) };
    }
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined || isPair(item)) return undefined;
      return { key: undefined, value: this.resolve(item as Node | null) };
    }
    return undefined;
  }

  /**
   * The entry Kubernetes tooling reads for `key`: the last one written in the map (later duplicates
   * win, as in the plain value), else the first of the merged maps (`<<: *a` or `<<: [*a, *b]`) that
   * has it. Keys compare as the plain value's keys do, as strings. Merge chains are finite and
   * shallow: cycles and deep nesting are refused at parse (see limits.ts).
   */
  private entry(map: YAMLMap, key: string): Pair | undefined {
    /** The values of the map's `<<` keys, last first. */
    const merges: Node[] = [];
    for (let i = map.items.length - 1; i >= 0; i--) {
      const pair = map.items[i]!;
      const pairKey = this.resolve(pair.key as Node | null);
      if (!isScalar(pairKey)) continue;
      if (isMergeKey(pairKey)) {
        const value = this.resolve(pair.value as Node | null);
        if (value) merges.push(value);
      } else if (keyName(pairKey) === key) {
        return pair;
      }
    }
    // Earlier merge keys, and earlier maps in one merge list, win.
    for (let i = merges.length - 1; i >= 0; i--) {
      const merge = merges[i]!;
      for (const item of isSeq(merge) ? merge.items : [merge]) {
        const source = this.resolve(item as Node | null);
        const pair = isMap(source) ? this.entry(source, key) : undefined;
        if (pair) return pair;
      }
    }
    return undefined;
  }

  /** A node of the tree; an alias left unlinked (its anchor unknown) has no value to point at. */
  private resolve(node: Node | null | undefined): Node | undefined {
    return node && !isAlias(node) ? node : undefined;
  }
}

/** A `<<` merge key: the parser (merge keys on) gives it a symbol as its value. */
function isMergeKey(key: { value: unknown }): boolean {
  return typeof key.value === 'symbol' && key.value.description === '<<';
}

/** A map key as the plain value names it: a string (null is ''). */
export function keyName(key: { value: unknown }): string {
  return key.value === null ? '' : String(key.value);
}

/** `record[key]` when `record` holds it as its own entry: never an inherited property. */
export function own(record: unknown, key: PathSegment): unknown {
  return record !== null && typeof record === 'object' && Object.hasOwn(record, key)
    ? (record as Record<PathSegment, unknown>)[key]
    : undefined;
}

/** Collections span many lines: point at their first entry instead of the whole block. */
function spanOfNode(node: Node): LocalSpan {
  if (isMap(node) || isSeq(node)) {
    const first = node.items[0] as Pair | Node | undefined;
    const firstNode = (isPair(first) ? first.key : first) as Node | undefined;
    if (firstNode?.range) return { start: firstNode.range[0], end: firstNode.range[1] };
  }
  const range = node.range ?? [0, 0];
  return { start: range[0], end: range[1] };
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
