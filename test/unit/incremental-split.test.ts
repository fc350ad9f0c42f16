import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentSplitter, splitDocuments } from '../../server/src/analysis/split';

/** The splitter re-cuts only around edits, and always ends with what splitting the whole text gives. */
const PIECES = [
  '---\n', '--- # a comment\n', '...\n', '%YAML 1.2\n', 'apiVersion: v1\n', 'kind: ConfigMap\n', 'metadata:\n  name: x\n',
  '# just a comment\n', '\n', 'data:\n  a: "---"\n', '  --- indented\n', '----\n', 'key: value\r\n', '---\r\n', 'text: |\n  ---\n',
];
const EDITS = ['', '-', '---', '---\n', '\n', '.', '...\n', '%', 'x', '\r', '\r\n', '# c\n', 'kind: Pod\n'];

/** A deterministic generator in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function cuts(text: string) {
  return splitDocuments(text).map(({ text, offset, line }) => ({ text, offset, line }));
}

describe('the document splitter', () => {
  it('gives the same documents as a whole split after every edit (random edits, one or several between splits)', () => {
    const next = random(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let round = 0; round < 200; round++) {
      let text = Array.from({ length: 5 + Math.floor(next() * 30) }, () => pick(PIECES)).join('');
      const splitter = new DocumentSplitter();
      splitter.split(text);
      for (let edit = 0; edit < 30; edit++) {
        const changes = next() < 0.7 ? 1 : 2 + Math.floor(next() * 3);
        for (let change = 0; change < changes; change++) {
          const start = Math.floor(next() * (text.length + 1));
          const end = Math.min(text.length, start + (next() < 0.5 ? 0 : Math.floor(next() * 12)));
          const inserted = pick(EDITS);
          splitter.noteChange(start, end, inserted.length);
          text = text.slice(0, start) + inserted + text.slice(end);
        }
        const split = splitter.split(text).map(({ text, offset, line }) => ({ text, offset, line }));
        assert.deepEqual(split, cuts(text), `round ${round}, edit ${edit}: ${JSON.stringify(text)}`);
      }
    }
  });

  it('keeps the documents before an edit and moves the ones after it, the same texts', () => {
    const doc = (name: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    const text = doc('a') + doc('b') + doc('c') + doc('d') + doc('e');
    const splitter = new DocumentSplitter();
    const before = splitter.split(text);
    const at = text.indexOf('name: c') + 'name: c'.length;
    splitter.noteChange(at, at, 5);
    const after = splitter.split(text.slice(0, at) + '\nx: 1' + text.slice(at));
    assert.equal(after[0], before[0], 'a document before the edit (and the one before it) is the same chunk');
    assert.equal(after[3]!.text, before[3]!.text, 'a document after the edit keeps its very string');
    assert.deepEqual([after[3]!.offset, after[3]!.line, after[4]!.offset, after[4]!.line], [before[3]!.offset + 5, before[3]!.line + 1, before[4]!.offset + 5, before[4]!.line + 1]);
  });

  it('splits the whole text when the changes told do not add up to it, or none were told', () => {
    const splitter = new DocumentSplitter();
    splitter.split('a: 1\n---\nb: 2\n');
    splitter.noteChange(0, 0, 5);
    assert.deepEqual(splitter.split('c: 3\n---\nd: 4\n---\ne: 5\n').map((c) => c.text), ['c: 3\n', '---\nd: 4\n', '---\ne: 5\n']);
    assert.deepEqual(splitter.split('f: 6\n').map((c) => c.text), ['f: 6\n']);
  });

  it('splits the whole text of a file with lone CRs (normalising them reads it all)', () => {
    const splitter = new DocumentSplitter();
    const text = 'a: 1\r---\rb: 2\r';
    splitter.split(text);
    splitter.noteChange(0, 1, 1);
    const edited = 'c' + text.slice(1);
    assert.deepEqual(splitter.split(edited), cuts(edited));
  });
});
