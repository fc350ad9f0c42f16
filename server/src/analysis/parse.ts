import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, type Alias, type CST, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { helmTemplateAt } from './helm';
import { KubeObject, asRecord, own, sourceAt, type ObjectSource } from './kube-object';
import { MAX_DOCUMENT_DEPTH, expandedNodeBudget } from './limits';
import { SourceIndex, keyName } from './source-index';
import { LineIndex, normaliseLineEnds } from './split';

/**
 * Turns one document's text into the objects Kubernetes would store: YAML 1.1 merge keys applied,
 * aliases resolved, the last of duplicate keys kept (and each duplicate reported), Lists unwrapped
 * into their items. Every bound on the work a document may cause is checked here, before any rule
 * walks its value (see limits.ts).
 */

/** A problem found while reading a document, before any rule runs (offsets local to the chunk). */
export interface ParseProblem {
  /** The parse rule (yaml-syntax), or unrendered-template for a Helm template that does not parse. */
  ruleId: 'yaml-syntax' | 'unrendered-template';
  message: string;
  start: number;
  end: number;
}

/** What is learnt of one document's text; positions are the document's own (it starts at offset 0, line 0). */
export interface ParsedChunk {
  /** The document's text, each lone CR turned into LF (same length and offsets). */
  text: string;
  lines: LineIndex;
  /** The Kubernetes objects of the document: itself when it has apiVersion and kind, or the items of a List. */
  objects: KubeObject[];
  problems: ParseProblem[];
}

export function parseChunk(original: string, file: string): ParsedChunk {
  const text = normaliseLineEnds(original);
  const lines = new LineIndex(text);
  const problems: ParseProblem[] = [];
  const read = readDocument(text, problems);
  const objects = read ? kubeObjects(read.value, { index: read.index, node: read.index.root }, file) : [];
  return { text, lines, objects, problems };
}

/** One message however the depth was found (syntax tree, aliases expanded, or a stack overflow), so every path agrees. */
const TOO_DEEP = `The document is nested more than ${MAX_DOCUMENT_DEPTH} levels deep (aliases expanded); it was not analysed.`;

/** Kubernetes tooling reads YAML 1.1 merge keys. */
const PARSE_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' } as const;

/** The syntax tree is not kept: spans and fixes read the compact index built from it. */
interface ReadDocument { index: SourceIndex; value: unknown }

/** The document's plain value, or undefined with the reason in `problems`. */
function readDocument(text: string, problems: ParseProblem[]): ReadDocument | undefined {
  const whole = (message: string): undefined => {
    problems.push({ ruleId: 'yaml-syntax', message, start: 0, end: Math.min(text.length, 1) });
    return undefined;
  };
  let document: Document;
  try {
    // The syntax tree is built without recursion; turning it into nodes recurses per nesting level, so
    // too deep a tree is refused first. Otherwise whether the stack overflows (and what is reported)
    // would depend on the caller's stack and on what the JIT has compiled.
    const tokens = Array.from(new Parser().parse(text));
    if (tokens.some((token) => syntaxDepthExceeds(token, MAX_DOCUMENT_DEPTH))) return whole(TOO_DEEP);
    // As parseDocument does: the first document is the one read (a chunk holds one).
    [document] = Array.from(new Composer(PARSE_OPTIONS).compose(tokens, true, text.length)) as [Document];
  } catch (cause) {
    // A last resort for a caller already deep in its stack.
    return whole(cause instanceof RangeError ? TOO_DEEP : `The document could not be read: ${firstLine((cause as Error).message)}`);
  }
  const error = document.errors[0];
  // The parser turns its own stack overflow into an error placed wherever the stack ran out.
  if (error?.code === 'RESOURCE_EXHAUSTION') return whole(TOO_DEEP);
  if (error) {
    problems.push(syntaxProblem(text, error.message, error.pos));
    return undefined;
  }
  const shape = linkAliases(document.contents as Node | null, expandedNodeBudget(text.length));
  if ('cycle' in shape) {
    const [start, end] = shape.cycle.range ?? [0, 1];
    problems.push({
      ruleId: 'yaml-syntax', start, end,
      message: `The alias *${shape.cycle.source} refers to a node that contains it, so its value would be infinite; the document was not analysed.`,
    });
    return undefined;
  }
  if (shape.tooDeep) return whole(TOO_DEEP);
  if (shape.tooLarge) {
    return whole('The document expands its aliases to far more data than it holds (a possible alias bomb); it was not analysed.');
  }
  for (const key of shape.duplicates) problems.push(duplicateKey(key));
  try {
    // Aliases are linked and their expanded size bounded above: the library's alias count is not needed.
    const value = document.toJS({ maxAliasCount: -1 });
    return { index: SourceIndex.build(document.contents as Node | null), value };
  } catch (cause) {
    return whole(`The document could not be read: ${firstLine((cause as Error).message)}`);
  }
}

/** A repeated key, reported where it repeats: the value rules read is the last one, as in kubectl's decoder. */
function duplicateKey(key: Scalar): ParseProblem {
  const [start, end] = key.range ?? [0, 1];
  return {
    ruleId: 'yaml-syntax', start, end,
    message: `Duplicate key "${truncate(keyName(key), 60)}": kubectl rejects the manifest, and tools that accept it keep only the last value.`,
  };
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** A document that does not parse: a Helm template is named as such (it is not meant to parse unrendered). */
function syntaxProblem(text: string, message: string, [start, end]: [number, number]): ParseProblem {
  const helm = helmTemplateAt(text);
  if (helm) {
    return {
      ruleId: 'unrendered-template', start: helm.start, end: helm.end,
      message: `Unrendered Helm template ${helm.expression}: this is a chart template, not YAML Kubernetes can read; check the output of \`helm template\` instead.`,
    };
  }
  return { ruleId: 'yaml-syntax', message: firstLine(message), start, end: Math.max(end, start + 1) };
}

/** Whether collections nest more than `limit` deep in a syntax tree (no recursion: the tree may be far deeper than the stack). */
function syntaxDepthExceeds(root: CST.Token, limit: number): boolean {
  const pending: [CST.Token | null | undefined, number][] = [[root.type === 'document' ? root.value : root, 0]];
  while (pending.length > 0) {
    const [token, depth] = pending.pop()!;
    if (!token || !('items' in token)) continue;
    if (depth + 1 > limit) return true;
    for (const item of token.items) pending.push([item.key, depth + 1], [item.value, depth + 1]);
  }
  return false;
}

type Shape =
  | { cycle: Alias }
  | { duplicates: Scalar[]; tooDeep: boolean; tooLarge: boolean };

interface Size { nodes: number; depth: number }

/** A collection being measured: its entries are visited one by one (a map's key, then its value). */
interface Frame { node: Node; items: unknown[]; index: number; onValue: boolean; nodes: number; depth: number }

const LEAF: Size = { nodes: 1, depth: 1 };

/**
 * Links each alias of a syntax tree to the node it points at — the alias is replaced by that node,
 * so the tree becomes a graph that the value conversion and spans follow directly (the library
 * searches the document again for every alias it converts: quadratic in the number of aliases) —
 * and measures the value this expands to (node count and depth) without expanding anything.
 * One pass, no recursion (the tree may be deep). An alias points at the last anchor of its name
 * before it; an anchor still open when its alias is reached contains the alias: a cycle, left
 * unlinked. Sizes are kept for anchored nodes only, the ones aliases use. Also collects the
 * repeated keys of each map.
 */
function linkAliases(root: Node | null, budget: number): Shape {
  const duplicates: Scalar[] = [];
  const anchors = new Map<string, Node>();
  const anchoredSizes = new Map<Node, Size>();
  const open = new Set<Node>();
  const stack: Frame[] = [];
  /** The size of `node` when known at once (a leaf), else undefined and its frame pushed. */
  const enter = (node: Node | null): Size | undefined => {
    if (!node) return LEAF;
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isMap(node) && !isSeq(node)) {
      if (node.anchor) anchoredSizes.set(node, LEAF);
      return LEAF;
    }
    if (node.anchor) open.add(node);
    if (isMap(node)) collectRepeatedKeys(node, duplicates);
    stack.push({ node, items: node.items, index: 0, onValue: false, nodes: 1, depth: 0 });
    return undefined;
  };
  let result = enter(root);
  while (true) {
    if (result !== undefined) {
      if (result.depth > MAX_DOCUMENT_DEPTH) return { duplicates, tooDeep: true, tooLarge: false };
      const parent = stack[stack.length - 1];
      if (!parent) return { duplicates, tooDeep: false, tooLarge: result.nodes > budget };
      parent.nodes += result.nodes;
      parent.depth = Math.max(parent.depth, result.depth);
      if (parent.nodes > budget) return { duplicates, tooDeep: false, tooLarge: true };
    }
    const frame = stack[stack.length - 1]!;
    if (frame.index < frame.items.length) {
      const index = frame.index;
      const item = frame.items[index];
      const pair = isPair(item) ? item : undefined;
      const onKey = pair !== undefined && !frame.onValue;
      const child = (pair ? (onKey ? pair.key : pair.value) : item) as Node | null;
      frame.onValue = onKey;
      if (!onKey) frame.index++;
      if (!isAlias(child)) {
        result = enter(child);
        continue;
      }
      const target = anchors.get(child.source);
      if (target && open.has(target)) return { cycle: child };
      // An unknown anchor stays an alias: the conversion reports it.
      if (target) {
        if (!pair) frame.items[index] = target;
        else if (onKey) pair.key = target;
        else pair.value = target;
      }
      result = (target && anchoredSizes.get(target)) || LEAF;
      continue;
    }
    stack.pop();
    result = { nodes: frame.nodes, depth: frame.depth + 1 };
    if (frame.node.anchor) {
      open.delete(frame.node);
      anchoredSizes.set(frame.node, result);
    }
  }
}

/**
 * Keys written again later in the same map (merge keys aside), compared as the plain value's keys;
 * a Set per map, where the parser's own check compares every key with every other (quadratic).
 */
function collectRepeatedKeys(map: YAMLMap, repeated: Scalar[]): void {
  const seen = new Set<string>();
  for (const { key } of map.items) {
    if (!isScalar(key) || typeof key.value === 'symbol') continue;
    const name = keyName(key);
    if (seen.has(name)) repeated.push(key);
    else seen.add(name);
  }
}

/**
 * The objects a document holds: itself, or the items of a List (`kind: List`, or a typed list such
 * as `DeploymentList`, whose items may leave out their apiVersion and kind), as kubectl reads them.
 */
function kubeObjects(value: unknown, source: ObjectSource, file: string): KubeObject[] {
  const record = asRecord(value);
  const apiVersion = own(record, 'apiVersion');
  const kind = own(record, 'kind');
  if (!record || typeof apiVersion !== 'string' || typeof kind !== 'string') return [];
  const items = own(record, 'items');
  if (!kind.endsWith('List') || !Array.isArray(items)) return [new KubeObject(record, source, file)];
  const itemKind = kind.slice(0, -'List'.length);
  return items.flatMap((item, index) => {
    const itemRecord = asRecord(item);
    // As kubectl's decoder does: an item with neither apiVersion nor kind is of the list's version and
    // item kind — which only a typed list (DeploymentList) names; a plain List's items must say it themselves.
    const typed = itemRecord && itemKind && own(itemRecord, 'kind') === undefined && own(itemRecord, 'apiVersion') === undefined
      ? { ...itemRecord, apiVersion, kind: itemKind }
      : itemRecord;
    return kubeObjects(typed, sourceAt(source, ['items', index]), file);
  });
}

function firstLine(message: string): string {
  const line = message.split('\n')[0]!;
  const at = line.search(/ at line \d+, column \d+:?$/);
  return at === -1 ? line : line.slice(0, at);
}
