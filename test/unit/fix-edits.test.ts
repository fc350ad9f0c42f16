import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { analyzeText, applyTextEdits } from '../../server/src/analysis';

/**
 * Every fix of every rule fixture, applied on the fixture and on variants that keep its objects
 * (byte-order mark, CRLF, trailing and full-line comments, tagged keys, flow collections), must
 * leave YAML that parses without errors, with the same objects as the fix gives on the plain
 * fixture: the fix's own change and nothing else. `check --fix` and the editor's quick fixes share
 * these edits.
 */

const FIXTURES = join(process.cwd(), 'test', 'fixtures');

function fixtureFiles(): { name: string; text: string }[] {
  return readdirSync(FIXTURES).flatMap((rule) => {
    const folder = join(FIXTURES, rule);
    const names = readdirSync(folder).filter((name) => /^failure.*\.yaml$/.test(name) && !name.endsWith('.fixed.yaml'));
    return names.map((name) => ({ name: `${rule}/${name}`, text: readFileSync(join(folder, name), 'utf8') }));
  });
}

/** The plain values of every document, or the first parse error. */
function objectsOf(text: string): { objects: unknown[] } | { error: string } {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return { objects: [] };
  const error = documents.flatMap((document) => document.errors)[0];
  return error ? { error: error.message } : { objects: documents.map((document) => document.toJS({ maxAliasCount: 1000 })) };
}

/** Lines outside block scalars (`|`, `>`), where a comment or a tag cannot change a value. */
function mapStructuralLines(text: string, change: (line: string) => string): string {
  let blockIndent: number | undefined;
  return text.split('\n').map((line) => {
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined && (line.trim() === '' || indent > blockIndent)) return line;
    blockIndent = /[|>][-+0-9]*\s*(#.*)?$/.test(line) && !line.trimStart().startsWith('#') ? indent : undefined;
    return line.trim() === '' || line.trimStart().startsWith('#') ? line : change(line);
  }).join('\n');
}

const VARIANTS: Record<string, (text: string) => string> = {
  'byte-order mark': (text) => `\uFEFF${text}`,
  'CRLF line ends': (text) => text.replace(/\r?\n/g, '\r\n'),
  'trailing comments': (text) => mapStructuralLines(text, (line) => (line.startsWith('---') ? line : `${line}  # note`)),
  'full-line comments': (text) => mapStructuralLines(text, (line) => `${' '.repeat(line.length - line.trimStart().length)}# note\n${line}`),
  'tagged keys': (text) => mapStructuralLines(text, (line) => line.replace(/^(\s*(?:- )*)([A-Za-z_][\w./-]*:(?:\s|$))/, '$1!!str $2')),
  'flow collections': (text) => {
    const documents = parseAllDocuments(text);
    if (!Array.isArray(documents)) return text;
    // Collections that hold only scalars become `{ a: 1 }` / `[a, b]`.
    for (const document of documents) {
      visit(document, { Collection: (_, node) => { node.flow = node.items.every((item) => (isScalar(item) || isScalar((item as { value?: unknown }).value))); } });
    }
    return documents.map((document) => document.toString()).join('---\n');
  },
};

interface FixOutcome { key: string; title: string; objects: unknown[] }

/** Applies each fix of each finding on `text` alone; fails on a fix that breaks the YAML. */
function fixOutcomes(text: string, label: string): FixOutcome[] {
  const seen = new Map<string, number>();
  return analyzeText(text, 'fixture.yaml').findings.flatMap((finding) => {
    const occurrence = seen.get(finding.ruleId) ?? 0;
    seen.set(finding.ruleId, occurrence + 1);
    return finding.fixes.map((fix, index) => {
      const fixed = applyTextEdits(text, fix.edits);
      const parsed = objectsOf(fixed);
      assert.ok('objects' in parsed, `${label}: fix "${fix.title}" left YAML that does not parse (${'error' in parsed ? parsed.error : ''}):\n${fixed}`);
      return { key: `${finding.ruleId}#${occurrence}#${index}`, title: fix.title, objects: parsed.objects };
    });
  });
}

describe('fixes keep the YAML valid and change only what they fix', () => {
  const files = fixtureFiles();
  const checked: Record<string, number> = {};

  for (const { name, text } of files) {
    it(`${name}: each fix changes one object and keeps the others`, () => {
      const original = objectsOf(text);
      assert.ok('objects' in original);
      for (const outcome of fixOutcomes(text, name)) {
        assert.equal(outcome.objects.length, original.objects.length, outcome.title);
        const changed: unknown[] = outcome.objects.filter((object, i) => JSON.stringify(object) !== JSON.stringify(original.objects[i]));
        assert.equal(changed.length, 1, `fix "${outcome.title}" should change exactly one object`);
      }
    });
  }

  for (const [variant, mutate] of Object.entries(VARIANTS)) {
    it(`on ${variant}: the fixes give the same objects as on the plain fixture`, () => {
      checked[variant] = 0;
      for (const { name, text } of files) {
        const mutated = mutate(text);
        const original = objectsOf(text);
        // A variant must not change the objects; one that cannot keep them for this file is not a test of it.
        if (JSON.stringify(objectsOf(mutated)) !== JSON.stringify(original)) continue;
        const expected = new Map(fixOutcomes(text, name).map((outcome) => [outcome.key, outcome]));
        const outcomes = fixOutcomes(mutated, `${name} (${variant})`);
        // Edits that would have to rewrite a flow collection are not offered; every other fix must be.
        if (variant !== 'flow collections') assert.equal(outcomes.length, expected.size, `${name} (${variant}): ${outcomes.length} fixes instead of ${expected.size}`);
        for (const outcome of outcomes) {
          assert.deepEqual(outcome.objects, expected.get(outcome.key)?.objects, `${name} (${variant}): fix "${outcome.title}"`);
          checked[variant]++;
        }
      }
      assert.ok(checked[variant]! > 0, `no fix was checked on ${variant}`);
    });
  }
});

describe('fixes on the reported breakages', () => {
  it('inserts keys in a file that starts with a byte-order mark at the indentation of their siblings', () => {
    const text = '\uFEFFapiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1000000\n';
    const fix = analyzeText(text).findings.find((finding) => finding.ruleId === 'priority-preemption')!.fixes[0]!;
    assert.equal(applyTextEdits(text, fix.edits), `${text}preemptionPolicy: Never\n`);
  });

  it('inserts keys beside a tagged key at the tag\'s column', () => {
    const text = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  !!str schedule: "* * * * *"\n  jobTemplate: {}\n';
    const fix = analyzeText(text).findings.find((finding) => finding.ruleId === 'cronjob-concurrency')!.fixes[0]!;
    assert.equal(applyTextEdits(text, fix.edits), `${text}  concurrencyPolicy: Forbid\n`);
    const first = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  !!str jobTemplate: {}\n';
    const onlyKey = analyzeText(first).findings.find((finding) => finding.ruleId === 'cronjob-concurrency')!.fixes[0]!;
    assert.equal(applyTextEdits(first, onlyKey.edits), `${first}  concurrencyPolicy: Forbid\n`);
  });

  it('writes the line ends the file uses', () => {
    const text = 'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: c\r\nspec:\r\n  schedule: "* * * * *"\r\n  jobTemplate: {}';
    const fix = analyzeText(text).findings.find((finding) => finding.ruleId === 'cronjob-concurrency')!.fixes[0]!;
    assert.equal(applyTextEdits(text, fix.edits), `${text}\r\n  concurrencyPolicy: Forbid\r\n`);
  });
});
