import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, RULES, type Finding } from '../../server/src/analysis';
import { splitDocuments } from '../../server/src/analysis/split';
import { FIXTURES } from './rule-tester';

/**
 * Every rule's fixtures, re-read the way real files arrive: with Windows line endings, and as the
 * items of a `kind: List` (what `kubectl get -o yaml` prints). The findings must not change — same
 * rules on the same lines (for the List, the lines the items' text moved to). New rules get this
 * for free through their fixtures.
 */

/** What a user sees of the findings: rule, line and suppression, in order. */
function seen(findings: readonly Finding[], lineOf: (line: number) => number = (line) => line): string[] {
  return findings.map((f) => `${lineOf(f.range.start.line) + 1}: ${f.ruleId}${f.suppressed ? ` (suppressed by ${f.suppressed.via})` : ''}`).sort();
}

/** CRLF endings: same text otherwise, so the same lines and columns. */
function withCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * The documents of `text` as the items of a List, each line indented under its `- `; returns the
 * List and, for each line of the original, the line it moved to.
 */
export function asList(text: string): { text: string; newLine: Map<number, number> } {
  const out = ['apiVersion: v1', 'kind: List', 'items:'];
  const newLine = new Map<number, number>();
  for (const chunk of splitDocuments(text)) {
    const lines = chunk.text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let first = true;
    lines.forEach((line, index) => {
      if (index === 0 && /^---(\s|$)/.test(line)) return;
      newLine.set(chunk.line + index, out.length);
      out.push(`${first ? '- ' : '  '}${line}`);
      first = false;
    });
  }
  return { text: `${out.join('\n')}\n`, newLine };
}

describe('every rule\'s fixtures with CRLF line endings and inside a List', () => {
  for (const rule of RULES) {
    const folder = join(FIXTURES, rule.id);
    const names = readdirSync(folder).filter((name) => /^(failure|success).*\.yaml$/.test(name) && !name.endsWith('.fixed.yaml')).sort();
    for (const name of names) {
      const text = readFileSync(join(folder, name), 'utf8');
      const original = analyzeText(text, 'fixture.yaml').findings;

      it(`${rule.id}/${name}: CRLF gives the same findings on the same lines and columns`, () => {
        const crlf = analyzeText(withCrlf(text), 'fixture.yaml').findings;
        assert.deepEqual(seen(crlf), seen(original));
        assert.deepEqual(crlf.map((f) => f.range), original.map((f) => f.range));
      });

      it(`${rule.id}/${name}: as the items of a List, the same findings at the items' lines`, () => {
        const list = asList(text);
        const listed = analyzeText(list.text, 'fixture.yaml').findings;
        assert.deepEqual(seen(listed), seen(original, (line) => list.newLine.get(line) ?? -1), list.text);
      });
    }
  }
});

describe('the List wrapping used above', () => {
  it('moves each line of each document under an item, dropping document markers', () => {
    const { text, newLine } = asList('# first\napiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n');
    assert.equal(text, 'apiVersion: v1\nkind: List\nitems:\n- # first\n  apiVersion: v1\n  kind: ConfigMap\n- apiVersion: v1\n  kind: Secret\n');
    assert.deepEqual([...newLine], [[0, 3], [1, 4], [2, 5], [4, 6], [5, 7]]);
  });
});
