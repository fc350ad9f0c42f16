import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { ObjectRef, Target } from './types';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Offsets relative to the start of the object's document chunk. */
export interface LocalSpan { start: number; end: number }

/**
 * A Kubernetes object (a YAML document with apiVersion and kind) with its plain value and a way to
 * find the source span of any path in it.
 */
export class KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;

  constructor(
    readonly value: Record<string, unknown>,
    /** The parsed document, for source spans; undefined once detached. */
    private readonly document: Document | undefined,
    /** Identifies the file the object came from; cross-object rules use it to tell files apart. */
    readonly file: string,
  ) {
    this.apiVersion = String(value.apiVersion);
    this.kind = String(value.kind);
    const metadata = asRecord(value.metadata);
    this.name = typeof metadata?.name === 'string' ? metadata.name : '';
    this.namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
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

  /** The plain value at `path`, or undefined. */
  get(path: Path): unknown {
    let current: unknown = this.value;
    for (const segment of path) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<PathSegment, unknown>)[segment];
    }
    return current;
  }

  /** The YAML node at `path`, or undefined. */
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
        const wholePair = exact && target === 'pair' && isScalar(found.value) && valueRange;
        return { start: keyRange[0], end: wholePair ? valueRange[1] : keyRange[1] };
      }
      if (found.value) return spanOfNode(found.value);
    }
    return { start: 0, end: 0 };
  }

  private walk(path: Path): { key: Node | undefined; value: Node | undefined } | undefined {
    let key: Node | undefined;
    let value = (this.document?.contents ?? null) as Node | null;
    for (const segment of path) {
      if (!value) return undefined;
      if (isMap(value)) {
        const pair = value.items.find((item: Pair) => isScalar(item.key) && item.key.value === segment);
        if (!pair) return undefined;
        key = pair.key as Node;
        value = pair.value as Node | null;
      } else if (isSeq(value) && typeof segment === 'number') {
        const item = value.items[segment];
        if (item === undefined || isPair(item)) return undefined;
        key = undefined;
        value = item as Node | null;
      } else {
        return undefined;
      }
    }
    return { key, value: value ?? undefined };
  }
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
