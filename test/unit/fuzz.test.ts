import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inputAt, runFuzz, seedTexts } from '../fuzz/fuzz';

describe('fuzzing (a short run of `npm run fuzz`)', () => {
  it('an input is reproducible from its seed and index', () => {
    assert.notEqual(inputAt(seedTexts(), 7, 3).text, inputAt(seedTexts(), 7, 4).text, 'inputs differ by index');
    assert.equal(inputAt(seedTexts(), 7, 3).text, inputAt(seedTexts(), 7, 3).text, 'an input is reproducible from seed and index');
  });

  it('1,500 mutated manifests keep every invariant (no throw, ranges in the text, incremental = fresh, fixes parse)', () => {
    const result = runFuzz({ seed: 2026, count: 1500 });
    assert.deepEqual(result.violations.map((v) => `${v.invariant} (#${v.index}, ${v.mutations.join(' + ')}): ${v.detail.split('\n')[0]}\n${v.input}`), []);
  });
});
