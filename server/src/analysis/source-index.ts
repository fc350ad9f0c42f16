import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';

/**
 * What spans, fixes and re-analysis need of a document's syntax tree, in a few typed arrays: each
 * node's kind and range, each collection's entries (key and value nodes), each map key's name.
 * Built once per document from the parsed tree, which is then dropped: the tree takes ten times
 * the memory (an object and a range array per node), and an editor keeps every document of every
 * open file. Node ids are small integers; `NONE` stands for a missing key or value.
 *
 * The tree it is built from has its aliases linked (see `linkAliases` in parse.ts): an alias is
 * the node it points at, so a node may be the value of several entries and keeps one id. An alias
 * left unlinked (its anchor unknown) is a node of kind 'alias', which paths do not go through.
 */

export const NONE = -1;

export type NodeKind = 'scalar' | 'map' | 'seq' | 'alias';

/** Node flags: the kind in the low bits (an index into KINDS), then FLOW and NULL_VALUE. */
const KINDS: readonly NodeKind[] = ['scalar', 'map', 'seq', 'alias'];
const MAP = 1;
const SEQ = 2;
const ALIAS = 3;
const KIND_MASK = 0b11;
const FLOW = 0b100;
/** A scalar whose value is null (`key:` with nothing after it, `~`, `null`). */
const NULL_VALUE = 0b1000;

/** Entry flags: a `<<` merge key (the parser gives it a symbol as its value). */
const MERGE_KEY = 0b1;
/** A key whose value is a string, as opposed to a number, boolean or null that names the same field. */
const STRING_KEY = 0b10;

/** Fields of a node's record in `nodes`, and of an entry's in `entries`. */
const NODE_FLAGS = 0;
const NODE_START = 1;
const NODE_END = 2;
const NODE_FIRST_ENTRY = 3;
const NODE_FIELDS = 4;
const ENTRY_KEY = 0;
const ENTRY_VALUE = 1;
const ENTRY_FLAGS = 2;
const ENTRY_FIELDS = 3;

export class SourceIndex {
  private constructor(
    /**
     * Per node: flags, start and end offsets, first entry. One more record holds only the entry
     * count, so a collection's entries are its first entry up to the next record's first entry.
     * (Two arrays per document rather than one per field: each typed array costs a hundred bytes or so.)
     */
    private readonly nodes: Int32Array,
    /** Per entry: key node (NONE for a sequence's item), value node, flags. */
    private readonly entryRecords: Int32Array,
    /** Per entry: the key's name, for a scalar key that is no merge key. */
    private readonly keyNames: readonly (string | undefined)[],
    /** The document's root node, NONE for an empty document. */
    readonly root: number,
  ) {}

  /**
   * Indexes the tree under `root`, breadth first: nodes are numbered in the order they are
   * processed, so each node's entries follow the previous node's in the entry records.
   */
  static build(root: Node | null): SourceIndex {
    const queue: Node[] = [];
    const anchored = new Map<Node, number>();
    const idOf = (node: unknown): number => {
      if (!node) return NONE;
      const known = anchored.get(node as Node);
      if (known !== undefined) return known;
      const id = queue.push(node as Node) - 1;
      if ((node as Node).anchor) anchored.set(node as Node, id);
      return id;
    };
    const nodes: number[] = [];
    const entries: number[] = [];
    const keyNames: (string | undefined)[] = [];
    /** Key names repeat from object to object: one string per distinct name. */
    const names = new Map<string, string>();
    const rootId = idOf(root);
    for (let id = 0; id < queue.length; id++) {
      const node = queue[id]!;
      const range = node.range ?? [0, 0];
      const firstEntry = keyNames.length;
      if (isSeq(node)) {
        nodes.push(SEQ | (node.flow ? FLOW : 0), range[0], range[1], firstEntry);
        for (const item of node.items) {
          entries.push(NONE, idOf(item), 0);
          keyNames.push(undefined);
        }
      } else if (isMap(node)) {
        nodes.push(MAP | (node.flow ? FLOW : 0), range[0], range[1], firstEntry);
        for (const { key, value } of node.items as Pair<Node | null, Node | null>[]) {
          const scalarKey = isScalar(key) ? key : undefined;
          const merge = typeof scalarKey?.value === 'symbol' && scalarKey.value.description === '<<';
          const name = scalarKey && !merge ? keyName(scalarKey) : undefined;
          entries.push(idOf(key), idOf(value), (merge ? MERGE_KEY : 0) | (typeof scalarKey?.value === 'string' ? STRING_KEY : 0));
          keyNames.push(name === undefined ? undefined : names.get(name) ?? (names.set(name, name), name));
        }
      } else {
        const flags = isAlias(node) ? ALIAS : isScalar(node) && node.value === null ? NULL_VALUE : 0;
        nodes.push(flags, range[0], range[1], firstEntry);
      }
    }
    nodes.push(0, 0, 0, keyNames.length);
    return new SourceIndex(Int32Array.from(nodes), Int32Array.from(entries), keyNames, rootId);
  }

  kind(node: number): NodeKind {
    return KINDS[this.nodes[node * NODE_FIELDS + NODE_FLAGS]! & KIND_MASK]!;
  }

  isFlow(node: number): boolean {
    return (this.nodes[node * NODE_FIELDS + NODE_FLAGS]! & FLOW) !== 0;
  }

  isNullScalar(node: number): boolean {
    return (this.nodes[node * NODE_FIELDS + NODE_FLAGS]! & NULL_VALUE) !== 0;
  }

  start(node: number): number {
    return this.nodes[node * NODE_FIELDS + NODE_START]!;
  }

  end(node: number): number {
    return this.nodes[node * NODE_FIELDS + NODE_END]!;
  }

  /** Entries of a collection are numbered across the document: `entries(node)` gives their range. */
  entries(node: number): { first: number; end: number } {
    return { first: this.nodes[node * NODE_FIELDS + NODE_FIRST_ENTRY]!, end: this.nodes[(node + 1) * NODE_FIELDS + NODE_FIRST_ENTRY]! };
  }

  entryKey(entry: number): number {
    return this.entryRecords[entry * ENTRY_FIELDS + ENTRY_KEY]!;
  }

  entryValue(entry: number): number {
    return this.entryRecords[entry * ENTRY_FIELDS + ENTRY_VALUE]!;
  }

  isMergeKey(entry: number): boolean {
    return (this.entryRecords[entry * ENTRY_FIELDS + ENTRY_FLAGS]! & MERGE_KEY) !== 0;
  }

  /** The entry's key as the plain value names it, when the key is a scalar (and no merge key). */
  keyName(entry: number): string | undefined {
    return this.keyNames[entry];
  }

  /** The key is a string scalar (`"8080": x` or `name: x`, not `8080: x` or `true: x`). */
  hasStringKey(entry: number): boolean {
    return (this.entryRecords[entry * ENTRY_FIELDS + ENTRY_FLAGS]! & STRING_KEY) !== 0;
  }

  /** A node as it may be used: an unlinked alias points at nothing. */
  resolved(node: number): number {
    return node !== NONE && this.kind(node) !== 'alias' ? node : NONE;
  }
}

/** A map key as the plain value names it: a string (null is ''). */
export function keyName(key: { value: unknown }): string {
  return key.value === null ? '' : String(key.value);
}

/** A node of an index, as fixes read it: a small view, made when asked for. */
export class SourceNode {
  constructor(private readonly index: SourceIndex, readonly id: number) {}

  get kind(): NodeKind {
    return this.index.kind(this.id);
  }

  /** A flow collection (`{a: 1}`, `[a]`) rather than a block one. */
  get flow(): boolean {
    return this.index.isFlow(this.id);
  }

  get isNull(): boolean {
    return this.index.isNullScalar(this.id);
  }

  get start(): number {
    return this.index.start(this.id);
  }

  get end(): number {
    return this.index.end(this.id);
  }

  /** The key node of a map's `entry`-th entry (undefined for a sequence's item). */
  key(entry: number): SourceNode | undefined {
    const { first, end } = this.index.entries(this.id);
    return first + entry < end ? this.view(this.index.entryKey(first + entry)) : undefined;
  }

  /** The `entry`-th item of a sequence. */
  item(entry: number): SourceNode | undefined {
    const { first, end } = this.index.entries(this.id);
    return this.kind === 'seq' && first + entry < end ? this.view(this.index.entryValue(first + entry)) : undefined;
  }

  /** The first entry of a map whose key is the string `name`. */
  pairNamed(name: string): { key: SourceNode; value: SourceNode | undefined } | undefined {
    const { first, end } = this.index.entries(this.id);
    for (let entry = first; entry < end; entry++) {
      if (this.index.hasStringKey(entry) && this.index.keyName(entry) === name) {
        return { key: this.view(this.index.entryKey(entry))!, value: this.view(this.index.entryValue(entry)) };
      }
    }
    return undefined;
  }

  private view(node: number): SourceNode | undefined {
    return node === NONE ? undefined : new SourceNode(this.index, node);
  }
}
