import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, type Finding } from '../../server/src/analysis';
import { findingsAt, findingsTouching } from '../../server/src/lsp/findings-at';

/** A finding reduced to what the lookup reads. */
function finding(start: number, end: number, ruleId = `r${start}-${end}`): Finding {
  return { ruleId, severity: 'warning', message: '', range: { start: { line: 0, character: start }, end: { line: 0, character: end } }, offsets: { start, end }, stories: [], citations: [], fixes: [] };
}

/** What a linear scan over every finding gives, as the hover and code actions did before. */
const scanAt = (findings: readonly Finding[], offset: number) =>
  findings.filter((f) => f.offsets.start <= offset && offset <= Math.max(f.offsets.end, f.offsets.start + 1));
const scanTouching = (findings: readonly Finding[], start: number, end: number) =>
  findings.filter((f) => !(f.offsets.end < start || f.offsets.start > end));

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('findings at an offset', () => {
  it('finds what a scan of every finding finds: overlapping, nested, empty and long findings', () => {
    const next = random(7);
    const findings = Array.from({ length: 2000 }, () => {
      const start = Math.floor(next() * 10_000);
      const length = next() < 0.05 ? Math.floor(next() * 3000) : Math.floor(next() * 20);
      return finding(start, start + length);
    }).sort((a, b) => a.offsets.start - b.offsets.start);
    for (let offset = 0; offset <= 10_100; offset += 7) {
      assert.deepEqual(findingsAt(findings, offset), scanAt(findings, offset), `at ${offset}`);
      assert.deepEqual(findingsTouching(findings, offset, offset + 40), scanTouching(findings, offset, offset + 40), `from ${offset}`);
    }
  });

  it('sorts findings that are not in file order, and keeps file order in its answer', () => {
    const findings = [finding(50, 60, 'late'), finding(0, 100, 'whole'), finding(55, 55, 'empty')];
    assert.deepEqual(findingsAt(findings, 55).map((f) => f.ruleId), ['whole', 'late', 'empty']);
    assert.deepEqual(findingsAt(findings, 56).map((f) => f.ruleId), ['whole', 'late', 'empty']);
    assert.deepEqual(findingsAt(findings, 61).map((f) => f.ruleId), ['whole']);
    assert.deepEqual(findingsAt([], 3), []);
  });

  it('answers from an analysis\' own findings, which come in file order', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: app\n      image: app:latest\n';
    const { findings } = analyzeText(text);
    const offset = text.indexOf('app:latest') + 2;
    assert.deepEqual(findingsAt(findings, offset), scanAt(findings, offset));
    assert.ok(findingsAt(findings, offset).some((f) => f.ruleId === 'image-tag-latest'));
  });
});
