import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import { analyzeText, type KubeObject, type Path } from '../../server/src/analysis';
import { parseChunk } from '../../server/src/analysis/parse';
import { NONE, SourceIndex, keyName } from '../../server/src/analysis/source-index';
import { splitDocuments } from '../../server/src/analysis/split';
import { listYamlFiles } from '../../server/src/files';

/** Every document of the corpus and the rule fixtures: real manifests of every shape the rules see. */
function corpusDocuments(): { file: string; text: string }[] {
  const files = ['corpus', 'fixtures'].flatMap((folder) => listYamlFiles(join(process.cwd(), 'test', folder)));
  return files.flatMap((file) => splitDocuments(readFileSync(file, 'utf8')).map((chunk) => ({ file, text: chunk.text })));
}

function parse(text: string): Document {
  return parseDocument(text, { merge: true, uniqueKeys: false, logLevel: 'silent' });
}

/** No aliases, merge keys or keys that are collections: the tree alone says where each path of the value is. */
function readsPlainly(document: Document): boolean {
  let plain = true;
  visit(document, {
    Alias: () => void (plain = false),
    Pair: (_, pair) => void ((!isScalar(pair.key) || typeof pair.key.value === 'symbol') && (plain = false)),
  });
  return plain;
}

/** The index's view of `id` next to the tree's `node`: kind, flow, null scalar, range and entries, recursively. */
function assertSameTree(index: SourceIndex, id: number, node: Node | null, where: string): void {
  if (!node) return assert.equal(id, NONE, `${where}: a missing node`);
  assert.equal(index.kind(id), isMap(node) ? 'map' : isSeq(node) ? 'seq' : isAlias(node) ? 'alias' : 'scalar', `${where}: kind`);
  assert.deepEqual([index.start(id), index.end(id)], node.range!.slice(0, 2), `${where}: range`);
  assert.equal(index.isNullScalar(id), isScalar(node) && node.value === null, `${where}: null scalar`);
  if (!isMap(node) && !isSeq(node)) return;
  assert.equal(index.isFlow(id), Boolean(node.flow), `${where}: flow`);
  const { first, end } = index.entries(id);
  assert.equal(end - first, node.items.length, `${where}: entry count`);
  node.items.forEach((item, i) => {
    const entry = first + i;
    assert.equal(isPair(item), isMap(node), `${where}[${i}]: a pair in a map, a node in a sequence`);
    if (!isPair(item)) return assertSameTree(index, index.entryValue(entry), item as Node, `${where}[${i}]`);
    const key = item.key as Node | null;
    assert.equal(index.keyName(entry), isScalar(key) ? keyName(key) : undefined, `${where}[${i}]: key name`);
    assert.equal(index.hasStringKey(entry), isScalar(key) && typeof key.value === 'string', `${where}[${i}]: string key`);
    assertSameTree(index, index.entryKey(entry), key, `${where}[${i}].key`);
    assertSameTree(index, index.entryValue(entry), item.value as Node | null, `${where}[${i}].value`);
  });
}

/** Key and value nodes at `path`, read from the tree the way Kubernetes reads a document without aliases: the last of duplicate keys wins. */
function treeAt(document: Document, path: Path): { key?: Node; value?: Node } | undefined {
  let found: { key?: Node; value?: Node } | undefined = { value: document.contents as Node };
  for (const segment of path) {
    const node: Node | undefined = found?.value;
    if (isMap(node)) {
      const pair: Pair | undefined = [...node.items].reverse().find((item) => isScalar(item.key) && keyName(item.key) === String(segment));
      found = pair && { key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      found = item && { value: item };
    } else {
      return undefined;
    }
  }
  return found;
}

/** Every path of a plain value, the value's own first. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  const children = Array.isArray(value) ? value.map((item, i) => [i, item] as const)
    : value !== null && typeof value === 'object' ? Object.entries(value) : [];
  return [path, ...children.flatMap(([segment, child]) => pathsOf(child, [...path, segment]))];
}

/** The objects of a document with where each sits in its tree: the root, or the items of a List. */
function objectsWithBase(text: string, document: Document): { object: KubeObject; base: Path }[] {
  const objects = parseChunk(text, 'x.yaml').objects;
  const value = document.toJS() as { kind?: unknown; items?: unknown } | null;
  const list = typeof value?.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
  if (!list) return objects.map((object) => ({ object, base: [] }));
  // Every item of the corpus' Lists is an object.
  assert.equal(objects.length, (value.items as unknown[]).length);
  return objects.map((object, i) => ({ object, base: ['items', i] }));
}

describe('the source index', () => {
  const documents = corpusDocuments();

  it('holds every node of the corpus\' syntax trees with its kind, range and entries', () => {
    assert.ok(documents.length > 150, `${documents.length} documents`);
    for (const { file, text } of documents) {
      const document = parse(text);
      if (document.errors.length > 0) continue;
      const index = SourceIndex.build(document.contents as Node | null);
      assertSameTree(index, index.root, document.contents as Node | null, file);
    }
  });

  it('gives every path of every corpus object the value and key ranges the syntax tree gives', () => {
    let checked = 0;
    for (const { file, text } of documents) {
      const document = parse(text);
      if (document.errors.length > 0 || !readsPlainly(document)) continue;
      for (const { object, base } of objectsWithBase(text, document)) {
        for (const path of pathsOf(object.value)) {
          const expected = treeAt(document, [...base, ...path]);
          const where = `${file} ${[...base, ...path].join('.')}`;
          if (!expected?.value) {
            // The items of a typed List (DeploymentList) take their apiVersion and kind from the List.
            assert.ok(base.length > 0 && path.length === 1 && ['apiVersion', 'kind'].includes(String(path[0])), where);
            continue;
          }
          const node = object.node(path)!;
          assert.deepEqual([node.kind, node.start, node.end], [isMap(expected.value) ? 'map' : isSeq(expected.value) ? 'seq' : 'scalar', ...expected.value.range!.slice(0, 2)], where);
          if (path.length === 0 || !expected.key) continue;
          const key = object.span(path, 'key');
          assert.deepEqual([key.start, key.end], expected.key.range!.slice(0, 2), where);
          checked++;
        }
      }
    }
    assert.ok(checked > 10_000, `${checked} keys checked`);
  });

  it('shares one node between an anchor and its aliases, and keeps an unknown alias as an alias', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  a: &a { k: v }\n  b: *a\n';
    const object = analyzeText(text).objects[0]!;
    assert.equal(object.node(['data', 'a'])!.id, object.node(['data', 'b'])!.id);
    assert.equal(text.slice(object.node(['data', 'b', 'k'])!.start, object.node(['data', 'b', 'k'])!.end), 'v');
    const index = SourceIndex.build(parse('a: *nowhere\n').contents as Node);
    assert.equal(index.kind(index.entryValue(index.entries(index.root).first)), 'alias');
    assert.equal(index.resolved(index.entryValue(index.entries(index.root).first)), NONE);
  });

  it('finds the first entry named by a string key for fixes, and the items of sequences', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  "8080": string\n  8080: number\n  list: [a, b: c]\n';
    const object = analyzeText(text).objects[0]!;
    const data = object.node(['data'])!;
    const pair = data.pairNamed('8080')!;
    assert.equal(text.slice(pair.value!.start, pair.value!.end), 'string');
    // The plain value holds the last of duplicate keys, and so do spans.
    const span = object.span(['data', '8080']);
    assert.equal(text.slice(span.start, span.end), 'number');
    assert.equal(data.pairNamed('missing'), undefined);
    const list = object.node(['data', 'list'])!;
    assert.equal(list.flow, true);
    assert.equal(text.slice(list.item(0)!.start, list.item(0)!.end), 'a');
    // `b: c` in a flow sequence is a map of one pair.
    assert.equal(list.item(1)!.kind, 'map');
    assert.equal(list.item(2), undefined);
    assert.equal(data.item(0), undefined);
  });
});
