import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, type Finding } from '../../server/src/analysis';
import { packFindings, unpackFindings } from '../../server/src/finding-pack';

/** What reports read of a finding (`ReportedFinding`), with or without its fixes. */
function reported(finding: Finding, withFixes: boolean) {
  const { ruleId, severity, message, range, stories, citations, suppressed, fixes } = finding;
  return { ruleId, severity, message, range, stories, citations, fixes: withFixes ? fixes : [], ...(suppressed ? { suppressed } : {}) };
}

const SUPPRESSED = '# k8s-failure-stories-disable image-tag-latest -- pinned by the registry\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:latest\n';

describe('findings packed to cross between processes', () => {
  const lists = [
    ...readdirSync(join('test', 'fixtures')).map((rule) => join('test', 'fixtures', rule, 'failure.yaml')).filter((file) => existsSync(file))
      .map((file) => analyzeText(readFileSync(file, 'utf8'), file).findings),
    [],
    analyzeText(SUPPRESSED, 'pod.yaml').findings,
  ];

  it('come back as the same lists of what reports read, fixes included when asked', () => {
    assert.ok(lists.flat().some((finding) => finding.suppressed), 'a suppressed finding is packed');
    assert.ok(lists.flat().some((finding) => finding.fixes.length > 0), 'a finding with fixes is packed');
    for (const withFixes of [true, false]) {
      const unpacked = unpackFindings(structuredClone(packFindings(lists, withFixes)));
      assert.deepEqual(unpacked, lists.map((findings) => findings.map((finding) => reported(finding, withFixes))));
    }
  });

  it('send each rule id, severity and evidence list once', () => {
    const pack = packFindings(lists, false);
    const findings = lists.flat();
    assert.equal(pack.names.length, new Set(findings.flatMap((finding) => [finding.ruleId, finding.severity])).size);
    assert.equal(pack.evidence.length, new Set(findings.map((finding) => finding.citations)).size);
    assert.ok(pack.evidence.length < findings.length);
  });
});
