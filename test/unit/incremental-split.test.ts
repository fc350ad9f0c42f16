import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { picker, random } from '../../bench/stats';
import { SplitText, splitDocuments } from '../../server/src/analysis/split';

/** A split text re-cuts only around edits, and always ends with what splitting the whole text gives. */
const PIECES = [
  '---\n', '--- # a comment\n', '...\n', '%YAML 1.2\n', 'apiVersion: v1\n', 'kind: ConfigMap\n', 'metadata:\n  name: x\n',
  '# just a comment\n', '\n', 'data:\n  a: "---"\n', '  --- indented\n', '----\n', 'key: value\r\n', '---\r\n', 'text: |\n  ---\n',
];
const EDITS = ['', '-', '---', '---\n', '\n', '.', '...\n', '%', 'x', '\r', '\r\n', '# c\n', 'kind: Pod\n'];


function cuts(text: string) {
  return splitDocuments(text).map(({ text, offset, line }) => ({ text, offset, line }));
}

function documents(split: SplitText) {
  return Array.from({ length: split.count }, (_, index) => split.chunk(index));
}

describe('the split text', () => {
  it('gives the same documents as a whole split after every edit (random edits, one or several between reads)', () => {
    const next = random(7);
    const pick = picker(next);
    for (let round = 0; round < 200; round++) {
      let text = Array.from({ length: 5 + Math.floor(next() * 30) }, () => pick(PIECES)).join('');
      let split = SplitText.of(text);
      for (let edit = 0; edit < 30; edit++) {
        const changes = next() < 0.7 ? 1 : 2 + Math.floor(next() * 3);
        for (let change = 0; change < changes; change++) {
          const start = Math.floor(next() * (text.length + 1));
          const end = Math.min(text.length, start + (next() < 0.5 ? 0 : Math.floor(next() * 12)));
          const inserted = pick(EDITS);
          split = split.edited(start, end, inserted);
          text = text.slice(0, start) + inserted + text.slice(end);
        }
        assert.deepEqual(documents(split), cuts(text), `round ${round}, edit ${edit}: ${JSON.stringify(text)}`);
        assert.equal(split.text, text);
        assert.equal(split.length, text.length);
      }
    }
  });

  it('keeps the documents before an edit and moves the ones after it, the same strings', () => {
    const doc = (name: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    const text = doc('a') + doc('b') + doc('c') + doc('d') + doc('e');
    const before = SplitText.of(text);
    const at = text.indexOf('name: c') + 'name: c'.length;
    const after = before.edited(at, at, '\nx: 1');
    assert.equal(after.texts[0], before.texts[0], 'a document before the edit (and the one before it) is the same string');
    assert.equal(after.texts[3], before.texts[3], 'a document after the edit keeps its very string');
    assert.deepEqual([after.offsets[3], after.lines[3], after.offsets[4], after.lines[4]], [before.offsets[3]! + 5, before.lines[3]! + 1, before.offsets[4]! + 5, before.lines[4]! + 1]);
    assert.deepEqual(after.splicesSince(before), [{ from: 1, removed: 2, added: 2, generation: 1 }]);
  });

  it('tells the splices since an older snapshot of its line only', () => {
    const base = SplitText.of('a: 1\n---\nb: 2\n---\nc: 3\n');
    const one = base.edited(0, 1, 'x');
    const two = one.edited(one.length, one.length, '---\nd: 4\n');
    assert.equal(two.splicesSince(base)?.length, 2);
    assert.equal(base.splicesSince(two), undefined, 'a newer snapshot is not reached by splices');
    const branch = one.edited(0, 1, 'y');
    assert.equal(branch.splicesSince(one), undefined, 'a second edit of one snapshot starts a line of its own');
    assert.equal(branch.splicesSince(two), undefined, 'another line of edits');
    assert.equal(two.splicesSince(SplitText.of(two.text)), undefined);
  });

  it('maps positions and offsets as the LSP counts lines (CR, LF and CRLF), across documents', () => {
    const text = 'a: 1\r\n---\rb: 2\n---\n\nc: 3';
    let split = SplitText.of(text);
    for (let step = 0; step < 2; step++) {
      for (let offset = 0; offset <= text.length; offset++) {
        const before = text.slice(0, offset);
        const line = (before.match(/\r\n|\r|\n/g) ?? []).length;
        const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
        // Between CR and LF the position is the CR's line end.
        if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
        assert.deepEqual(split.positionAt(offset), { line, character: offset - lineStart }, `offset ${offset}`);
        assert.equal(split.offsetAt({ line, character: offset - lineStart }), offset);
      }
      assert.equal(split.lineCount, 6);
      assert.equal(split.offsetAt({ line: 0, character: 99 }), 4, 'past the line end: the line end, before CRLF');
      assert.equal(split.offsetAt({ line: 99, character: 0 }), text.length);
      assert.equal(split.slice(3, 12), text.slice(3, 12));
      split = split.edited(0, 0, '').edited(2, 3, ' ');
    }
  });
});
