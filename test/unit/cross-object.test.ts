import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, FileAnalyzer, type KubeObject } from '../../server/src/analysis';
import { SplitText } from '../../server/src/analysis/split';

/** Every YAML file of the rule fixtures and the corpus of real manifests. */
function manifests(): { name: string; text: string }[] {
  return ['test/fixtures', 'test/corpus'].flatMap((root) => readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.ya?ml$/.test(path))
    .map((path) => ({ name: join(root, path), text: readFileSync(join(root, path), 'utf8') })));
}

const shown = (objects: readonly KubeObject[], text: string) =>
  analyzeText(text, 'open.yaml', { otherObjects: objects }).findings.map(({ ruleId, message, range, stories }) => ({ ruleId, message, range, stories }));

describe('cross-object facts', () => {
  // The workspace index keeps only what other files' rules may read of its objects: each document,
  // analysed beside the other documents of its file, has the same findings against the full objects
  // as against what the index keeps of them.
  it('rules read of other objects only what the workspace index keeps of them (fixtures and corpus, document by document)', () => {
    let dependent = 0;
    for (const { name, text } of manifests()) {
      const texts = SplitText.of(text).texts;
      if (texts.length < 2) continue;
      for (const [i, own] of texts.entries()) {
        const others = new FileAnalyzer('others.yaml').parse(texts.filter((_, j) => j !== i).join('')).flatMap((chunk) => chunk.objects);
        const full = shown(others, own);
        assert.deepEqual(shown(others.map((object) => object.asOtherObject()), own), full, `${name}, document ${i + 1}`);
        if (JSON.stringify(full) !== JSON.stringify(shown([], own))) dependent++;
      }
    }
    // Not vacuous: many documents' findings depend on the objects beside them.
    assert.ok(dependent >= 50, `only ${dependent} documents depend on other objects`);
  });
});
