import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { picker, random } from '../../bench/stats';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LiveDocument } from '../../server/src/lsp/live-document';

/** The server's open documents answer as the LSP library's own text document does, edit after edit. */
const PIECES = ['---\n', 'apiVersion: v1\n', 'kind: Pod\n', 'metadata:\n  name: x\n', '\r\n', '---\r\n', 'a: 1\r', '...\n', '# c\n', 'k: v'];
const INSERTS = ['', 'x', '\n', '\r', '\r\n', '---\n', 'y: 2\n---\n', '\u00e9\u{1F600}'];


describe('a live document', () => {
  it('gives the same text, positions, offsets and ranges as a plain text document after random edits', () => {
    const next = random(11);
    const pick = picker(next);
    for (let round = 0; round < 60; round++) {
      const text = Array.from({ length: 3 + Math.floor(next() * 20) }, () => pick(PIECES)).join('');
      let live = LiveDocument.create('file:///a.yaml', 'yaml', 1, text);
      let plain = TextDocument.create('file:///a.yaml', 'yaml', 1, text);
      for (let edit = 0; edit < 25; edit++) {
        const changes = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
          const line = Math.floor(next() * (plain.lineCount + 1));
          const start = { line, character: Math.floor(next() * 12) };
          const end = next() < 0.5 ? start : { line: line + Math.floor(next() * 2), character: Math.floor(next() * 12) };
          return next() < 0.05 ? { text: pick(PIECES) } : { range: { start, end }, text: pick(INSERTS) };
        });
        live = LiveDocument.update(live, changes, edit + 2);
        // A fresh plain document of the edited text: the library's own incremental line count goes wrong when an edit joins CR and LF.
        for (const change of changes) {
          const newText = 'range' in change && change.range ? TextDocument.applyEdits(plain, [{ range: change.range, newText: change.text }]) : change.text;
          plain = TextDocument.create(plain.uri, 'yaml', edit + 2, newText);
        }
        const where = `round ${round}, edit ${edit}: ${JSON.stringify(plain.getText())}`;
        assert.equal(live.getText(), plain.getText(), where);
        assert.equal(live.version, edit + 2);
        assert.equal(live.lineCount, plain.lineCount, where);
        for (let offset = 0; offset <= plain.getText().length + 1; offset++) {
          // Between a CR and its LF, or inside a surrogate pair, positions are the library's own choice.
          const code = plain.getText().charCodeAt(offset - 1);
          if (code === 13 || (code >= 0xd800 && code <= 0xdbff)) continue;
          assert.deepEqual(live.positionAt(offset), plain.positionAt(offset), `${where} at ${offset}`);
        }
        for (let line = 0; line <= plain.lineCount; line++) {
          for (const character of [0, 1, 3, 50]) {
            assert.equal(live.offsetAt({ line, character }), plain.offsetAt({ line, character }), `${where} at ${line}:${character}`);
          }
          const range = { start: { line, character: 1 }, end: { line: line + 2, character: 0 } };
          assert.equal(live.getText(range), plain.getText(range), `${where} line ${line}`);
        }
      }
    }
  });
});
