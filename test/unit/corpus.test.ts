import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { FileAnalyzer, type Finding } from '../../server/src/analysis';
import { isKustomizePatch, listYamlFiles } from '../../server/src/files';

/**
 * Realistic manifest sets (test/corpus/<set>/), each analysed as one set the way the CLI does it:
 * every file sees the objects of the other files, Kustomize patches are partial. The exact counts
 * per rule were reviewed finding by finding; a change here means a rule got noisier or quieter.
 */
const CORPUS = join(process.cwd(), 'test', 'corpus');

interface Located { file: string; finding: Finding }

function analyseSet(name: string): Located[] {
  const files = listYamlFiles(join(CORPUS, name)).map((path) => {
    const analyzer = new FileAnalyzer(path);
    const text = readFileSync(path, 'utf8');
    return { path, text, analyzer, objects: analyzer.parse(text).flatMap((chunk) => chunk.objects) };
  });
  return files.flatMap((file) => {
    const otherObjects = files.filter((other) => other !== file).flatMap((other) => other.objects);
    return file.analyzer.analyze(file.text, { otherObjects, partial: isKustomizePatch(file.path) }).findings
      .filter((finding) => !finding.suppressed)
      .map((finding) => ({ file: relative(CORPUS, file.path), finding }));
  });
}

function countByRule(findings: readonly Located[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { finding } of findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

const MICROSERVICES_DEMO = {
  'cpu-limit-throttling': 12,
  'dns-ndots': 12,
  'exec-probe': 2,
  'image-tag-latest': 1,
  'liveness-equals-readiness': 11,
  'liveness-probe-missing': 1,
  'loadbalancer-unrestricted': 1,
  'memory-limit-missing': 1,
  'prestop-hook-missing': 11,
  'readiness-probe-missing': 1,
  'single-replica': 12,
  'stateful-emptydir': 1,
};

const EXPECTED: Record<string, Record<string, number>> = {
  'microservices-demo': MICROSERVICES_DEMO,
  // The same set with Windows line endings, and as one `kubectl get -o yaml` List.
  'microservices-demo-crlf': MICROSERVICES_DEMO,
  'microservices-demo-list': MICROSERVICES_DEMO,
  'operator-install': {
    'dns-ndots': 3,
    'liveness-probe-missing': 1,
    'memory-limit-missing': 3,
    'prestop-hook-missing': 1,
    'readiness-probe-missing': 2,
    'requests-missing': 3,
    'single-replica': 3,
    'webhook-failure-policy': 1,
    'webhook-timeout': 2,
  },
  'well-made': {
    'exec-probe': 1,
  },
  kustomize: {
    'dns-ndots': 1,
  },
};

describe('corpus of realistic manifest sets', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: findings per rule`, () => {
      assert.deepEqual(countByRule(analyseSet(name)), expected);
    });
  }

  it('microservices-demo with CRLF endings or as a List: identical findings, ranges aside', () => {
    const findings = (set: string) => analyseSet(set).map(({ finding }) => `${finding.ruleId} ${finding.object?.kind}/${finding.object?.name}: ${finding.message}`).sort();
    const original = findings('microservices-demo');
    assert.deepEqual(findings('microservices-demo-crlf'), original);
    assert.deepEqual(findings('microservices-demo-list'), original);
  });

  it('well-made: no warning or error', () => {
    const serious = analyseSet('well-made').filter(({ finding }) => finding.severity === 'warning' || finding.severity === 'error');
    assert.deepEqual(serious.map(({ file, finding }) => `${file}:${finding.range.start.line + 1} ${finding.ruleId}: ${finding.message}`), []);
  });

  it('kustomize: patches listed in kustomization.yaml stay quiet', () => {
    const patches = analyseSet('kustomize').filter(({ file }) => file.includes('/patches/'));
    assert.deepEqual(patches.map(({ file, finding }) => `${file}:${finding.range.start.line + 1} ${finding.ruleId}`), []);
  });
});
