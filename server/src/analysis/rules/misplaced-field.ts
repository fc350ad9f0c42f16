import { removePair, setInMap } from '../edit';
import { asArray, asRecord, type KubeObject, type Path } from '../kube-object';
import type { Draft, Rule } from '../rule';
import type { SourceNode } from '../source-index';
import type { TextEdit } from '../types';
import fieldTree from '../field-tree.json';

/**
 * The field tree of the built-in kinds, generated from the Kubernetes OpenAPI schema by
 * scripts/field-tree.mjs: `kinds` maps "apiVersion kind" to a type, `types` maps each type's fields
 * to the type of their value ("" for values the tree does not descend into, `[]T` for lists of T,
 * `{}T` for maps of T).
 */
const KINDS: Readonly<Record<string, string>> = fieldTree.kinds;
const TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = fieldTree.types;

/** `record[key]` for the tree's own entries only: a key such as `toString` or `constructor` is no field. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** "group kind" → the type of the kind's GA version (v1, v2…) in that group ("" is the core group). */
const GA_KINDS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(KINDS).flatMap(([key, type]) => {
  const match = /^(?:(.+)\/)?v\d+ (\w+)$/.exec(key);
  return match ? [[`${match[1] ?? ''} ${match[2]}`, type]] : [];
}));

/**
 * The schema type of an object of a built-in kind. Versions the schema no longer has (the
 * batch/v2alpha1 CronJob of Zalando's incident) are read with their group's GA version: what was
 * renamed or dropped since is unknown there, and stays quiet unless a nearby level has that name.
 */
function rootType(object: KubeObject): string | undefined {
  const slash = object.apiVersion.indexOf('/');
  return own(KINDS, `${object.apiVersion} ${object.kind}`) ?? own(GA_KINDS, `${slash === -1 ? '' : object.apiVersion.slice(0, slash)} ${object.kind}`);
}

/** How far a field's home may be from the misplaced key: in nesting levels, and in levels down. */
const MAX_DISTANCE = 5;
const MAX_DEPTH_DOWN = 2;

/** A map of the object and the schema type it has there. */
interface Level { path: Path; type: string }

/** Where a field that is unknown at its level does belong. */
interface Home { path: Path; up: number; down: number }

const rule: Rule = {
  id: 'misplaced-field',
  title: 'Field at a level where Kubernetes does not read it',
  severity: 'warning',
  why: 'A field one level off is not a field there: the API server drops unknown fields (kubectl\'s strict validation rejects them, but Helm with validation off, operators and API clients only get a warning), so the setting silently never applies. A CronJob\'s `concurrencyPolicy` inside the pod template let its jobs pile up until the API server ran out of memory.',
  fix: 'Move the field to the level the message names (the quick fix does it when that level does not set it yet).',
  scope: 'object',
  check(object, context) {
    const root = rootType(object);
    if (!root) return [];
    const drafts: Draft[] = [];
    visit(object.value, [{ path: [], type: root }], (key, chain) => {
      const home = homeOf(object, key, chain);
      if (home) drafts.push(draft(object, context.text, key, chain[chain.length - 1]!.path, home));
    });
    return drafts;
  },
};

/** Walks the maps of `value` along the schema, calling `unknown` for each key its type lacks. */
function visit(value: Record<string, unknown>, chain: Level[], unknown: (key: string, chain: Level[]) => void): void {
  const { path, type } = chain[chain.length - 1]!;
  const fields = own(TYPES, type) ?? {};
  for (const [key, child] of Object.entries(value)) {
    const entry = own(fields, key);
    if (entry === undefined) {
      // `$patch`, `$retainKeys`…: strategic-merge directives of Kustomize patches, not fields.
      if (!key.startsWith('$')) unknown(key, chain);
      continue;
    }
    const childType = entry.replace(/^(\[\]|\{\})/, '');
    for (const [childPath, item] of children(entry, [...path, key], child)) {
      const record = asRecord(item);
      if (record) visit(record, [...chain, { path: childPath, type: childType }], unknown);
    }
  }
}

/** The maps the tree descends into under a field: its value, each list item or each map value. */
function children(entry: string, path: Path, value: unknown): [Path, unknown][] {
  if (!entry) return [];
  if (entry.startsWith('[]')) return asArray(value).map((item, index) => [[...path, index], item]);
  if (entry.startsWith('{}')) return Object.entries(asRecord(value) ?? {}).map(([key, item]) => [[...path, key], item]);
  return [[path, value]];
}

/**
 * The nearest level of the same object whose type has `key`: an ancestor of the key's map, or a
 * map of the manifest reached from one of them through plain object fields (not list items, where
 * the item would be a guess). Levels the manifest does not have are no home: that a field exists
 * somewhere in the schema does not make it the one the author meant. At equal distance an
 * ancestor wins; undefined when there is no home, or two equally near ones.
 */
function homeOf(object: KubeObject, key: string, chain: readonly Level[]): Home | undefined {
  const candidates: Home[] = [];
  for (let up = 0; up < chain.length && up <= MAX_DISTANCE; up++) {
    const level = chain[chain.length - 1 - up]!;
    for (const found of levelsWith(object, key, level, Math.min(MAX_DEPTH_DOWN, MAX_DISTANCE - up))) {
      if (up + found.down > 0) candidates.push({ path: found.path, up, down: found.down });
    }
  }
  const rank = (home: Home) => (home.up + home.down) * 2 + (home.down > 0 ? 1 : 0);
  const best = Math.min(...candidates.map(rank));
  const nearest = candidates.filter((home) => rank(home) === best);
  return nearest.length === 1 ? nearest[0] : undefined;
}

/** `level` and the maps of the manifest at most `depth` plain object fields below it whose type has `key`. */
function levelsWith(object: KubeObject, key: string, level: Level, depth: number): { path: Path; down: number }[] {
  const found: { path: Path; down: number }[] = [];
  const walk = (type: string, path: Path, down: number) => {
    const fields = own(TYPES, type) ?? {};
    if (own(fields, key) !== undefined) found.push({ path, down });
    if (down === depth) return;
    for (const [field, entry] of Object.entries(fields)) {
      const plainObject = entry && !entry.startsWith('[]') && !entry.startsWith('{}');
      if (plainObject && asRecord(object.get([...path, field]))) walk(entry, [...path, field], down + 1);
    }
  };
  walk(level.type, level.path, 0);
  return found;
}

function draft(object: KubeObject, text: string, key: string, mapPath: Path, home: Home): Draft {
  const path = [...mapPath, key];
  const destination = home.path.length ? `\`${dotted(home.path)}\`` : 'the top level';
  const where = home.path.length ? `in ${destination}` : 'at the top level';
  const taken = object.get([...home.path, key]) !== undefined;
  const move = !taken ? moveEdits(object, text, path, home.path) : undefined;
  const remove = taken ? removePair(object, text, path) : undefined;
  return {
    path,
    target: 'key',
    message: `${object.name ? `${object.kind} "${object.name}"` : object.kind}: \`${key}\` belongs ${where}, ${distance(home)}; ` +
      (taken ? `${destination} already sets it, and this copy is dropped by the API server.` : `here${mapPath.length ? `, in \`${dotted(mapPath)}\`,` : ''} the API server drops it.`),
    fixes: move ? [{ title: `Move ${key} to ${home.path.length ? dotted(home.path) : 'the top level'}`, edits: move }]
      : remove ? [{ title: `Remove the dropped copy of ${key}`, edits: [remove] }] : [],
  };
}

function distance({ up, down }: Home): string {
  const levels = (count: number) => `${count} level${count === 1 ? '' : 's'}`;
  if (down === 0) return `${levels(up)} up`;
  if (up === 0) return `${levels(down)} down`;
  return `${levels(up)} up, then ${levels(down)} down`;
}

function dotted(path: Path): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index ? `.${segment}` : segment)).join('');
}

/** Removes the pair at `from` and writes it, with its value's text unchanged, into the map at `to`. */
function moveEdits(object: KubeObject, text: string, from: Path, to: Path): TextEdit[] | undefined {
  const lines = valueLines(object.node(from), object.span(from, 'key').end, text);
  const remove = lines && removePair(object, text, from);
  const insert = lines && setInMap(object, text, to, String(from[from.length - 1]), lines);
  return remove && insert ? [remove, insert] : undefined;
}

/**
 * The value's source as lines for `setInMap`: a value on the key's line as it is, a block on the
 * lines below (comments included) de-indented. Undefined for what a line-based move could break:
 * an empty value, or a block scalar or flow collection that starts on the key's line and goes on.
 */
function valueLines(node: SourceNode | undefined, keyEnd: number, text: string): string[] | undefined {
  if (!node || node.isNull) return undefined;
  const source = text.slice(node.start, node.end);
  const onKeyLine = !text.slice(keyEnd, node.start).includes('\n');
  if (onKeyLine) return source.includes('\n') ? undefined : [source];
  const block = text.slice(text.indexOf('\n', keyEnd) + 1, node.end).split(/\r?\n/).filter((line) => line.trim() !== '');
  const indent = Math.min(...block.map((line) => line.length - line.trimStart().length));
  return block.map((line) => line.slice(indent));
}

export default rule;
