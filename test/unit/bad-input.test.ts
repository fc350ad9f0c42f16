import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, cite, RULES, type CitedRule, type Rule } from '../../server/src/analysis';

describe('bad input never crashes the engine', () => {
  it('empty and comment-only files: no findings', () => {
    assert.deepEqual(analyzeText('').findings, []);
    assert.deepEqual(analyzeText('# just a comment\n---\n---\n').findings, []);
  });

  it('binary content is recognised and skipped', () => {
    const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    assert.equal(analyzeText(binary).skipped, 'binary');
  });

  it('an alias bomb is reported as such instead of being expanded', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb }\ndata:\n  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) text += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    const { findings } = analyzeText(text);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.ruleId, 'yaml-syntax');
    assert.match(findings[0]!.message, /alias bomb/);
  });

  it('deeply nested YAML gives a clear message, not a stack overflow', () => {
    const depth = 20000;
    const { findings } = analyzeText(`a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    assert.ok(findings.length >= 1);
    assert.equal(findings[0]!.ruleId, 'yaml-syntax');
  });

  it('a 10 MB file is analysed in full', () => {
    const document = (i: number) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\ndata:\n  payload: "${'x'.repeat(200)}"\n`;
    const count = Math.ceil(10_000_000 / document(0).length);
    const text = Array.from({ length: count }, (_, i) => document(i)).join('');
    assert.ok(text.length >= 10_000_000);
    const result = analyzeText(text);
    assert.equal(result.objects.length, count);
    assert.deepEqual(result.findings, []);
  });

  it('broken YAML of many kinds yields yaml-syntax findings, never exceptions', () => {
    for (const text of ['a: [1\n', 'key: "unterminated\n', '\t- tab\n', 'a: b: c\n', '{{ .Values.x }}\n', 'a:\n  - b\n c: d\n', '? [\n']) {
      const { findings } = analyzeText(text);
      for (const finding of findings) assert.equal(finding.ruleId, 'yaml-syntax', text);
    }
  });
});

describe('a failing rule', () => {
  it('is reported as a rule error and does not hide the other rules', () => {
    const broken = cite({
      id: 'test-broken-rule', title: 'broken', severity: 'warning',
      why: '', fix: '', scope: 'object', check: () => { throw new Error('boom'); },
    } satisfies Rule, { rules: {} });
    (RULES as CitedRule[]).push(broken);
    try {
      const result = analyzeText('apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  schedule: "* * * * *"\n');
      assert.deepEqual(result.ruleErrors?.map((e) => [e.ruleId, e.object]), [['test-broken-rule', 'CronJob/x']]);
      assert.match(result.ruleErrors![0]!.message, /boom/);
      assert.ok(result.findings.some((f) => f.ruleId === 'cronjob-concurrency'));
    } finally {
      (RULES as CitedRule[]).pop();
    }
  });
});
