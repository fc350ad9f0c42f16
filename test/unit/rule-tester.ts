import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, applyTextEdits, RULES, type AnalyzeOptions, type Finding } from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';

/**
 * Fixture-driven tests for one rule, in the manner of ESLint's RuleTester:
 * - `test/fixtures/<rule-id>/failure*.yaml` mark each expected finding with a trailing
 *   `# expect: <rule-id>` comment on the exact line; the rule must report exactly those lines.
 * - `success*.yaml` must produce no finding of the rule.
 * - When a finding offers a fix, applying it must make that finding go away, and when
 *   `<fixture>.fixed.yaml` exists the fixed text must equal it.
 * Each rule needs at least one failure and one success fixture.
 */
export const FIXTURES = join(process.cwd(), 'test', 'fixtures');
const EXPECT = /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function expectedLines(text: string, ruleId: string): number[] {
  return text.split('\n').flatMap((line, index) => {
    const match = EXPECT.exec(line);
    return match && match[1]!.split(/\s*,\s*/).includes(ruleId) ? [index] : [];
  });
}


export function findingsOf(text: string, ruleId: string, options: AnalyzeOptions = {}): Finding[] {
  return analyzeText(text, 'fixture.yaml', options).findings.filter((finding) => finding.ruleId === ruleId && !finding.suppressed);
}

export function testRuleFixtures(ruleId: string): void {
  const rule = RULES.find((candidate) => candidate.id === ruleId);
  const folder = join(FIXTURES, ruleId);
  describe(`rule ${ruleId}`, () => {
    it('is registered, cites existing stories and has fixtures', () => {
      assert.ok(rule, `rule ${ruleId} is not registered`);
      assert.ok(rule.stories.length > 0);
      for (const id of rule.stories) assert.ok(catalogue().story(id), `unknown story ${id}`);
      assert.ok(existsSync(folder), `missing ${folder}`);
      const files = readdirSync(folder);
      assert.ok(files.some((f) => /^failure.*\.yaml$/.test(f) && !f.endsWith('.fixed.yaml')), 'needs a failure fixture');
      assert.ok(files.some((f) => /^success.*\.yaml$/.test(f)), 'needs a success fixture');
    });
    if (!existsSync(folder)) return;
    for (const name of readdirSync(folder).filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixed.yaml')).sort()) {
      const text = readFileSync(join(folder, name), 'utf8');
      if (name.startsWith('success')) {
        it(`${name}: no finding`, () => {
          assert.deepEqual(findingsOf(text, ruleId).map(describeFinding), []);
        });
        continue;
      }
      it(`${name}: findings on the marked lines, citing the rule's stories`, () => {
        const expected = expectedLines(text, ruleId);
        assert.ok(expected.length > 0, `${name} marks no line with "# expect: ${ruleId}"`);
        const findings = findingsOf(text, ruleId);
        assert.deepEqual(findings.map((f) => f.range.start.line + 1), expected.map((line) => line + 1));
        for (const finding of findings) {
          assert.deepEqual(finding.stories, rule!.stories);
          assert.deepEqual(finding.citations, rule!.citations.map(({ story, relation }) => ({ story, relation })));
        }
      });
      it(`${name}: fixes remove the finding they address`, () => {
        const findings = findingsOf(text, ruleId).filter((f) => f.fixes.length > 0);
        const fixedPath = join(folder, name.replace(/\.yaml$/, '.fixed.yaml'));
        if (existsSync(fixedPath)) assert.ok(findings.length > 0, `${name} has a .fixed.yaml but no finding offers a fix`);
        let fixedAll = text;
        for (const finding of [...findings].reverse()) {
          const fixed = applyTextEdits(text, finding.fixes[0]!.edits);
          const after = findingsOf(fixed, ruleId);
          assert.equal(after.length, findingsOf(text, ruleId).length - 1, `fix "${finding.fixes[0]!.title}" did not remove its finding:\n${fixed}`);
          fixedAll = applyTextEdits(fixedAll, finding.fixes[0]!.edits);
        }
        if (existsSync(fixedPath)) assert.equal(fixedAll, readFileSync(fixedPath, 'utf8'));
      });
    }
  });
}

function describeFinding(finding: Finding): string {
  return `${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.message}`;
}
