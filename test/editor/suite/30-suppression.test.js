'use strict';
const assert = require('assert');
const h = require('./helpers');

suite('suppression comments', () => {
  test('# k8s-failure-stories-disable-next-line <rule> suppresses only the next line', async () => {
    const doc = await h.openFixture('manifests/suppressed.yaml');
    // The sidecar's busybox:latest (not suppressed) proves the file was analysed.
    const diags = await h.waitForDiagnostics(doc.uri,
      (d) => d.some((x) => h.ruleOf(x) === 'image-tag-latest' && doc.getText(x.range) === 'busybox:latest'),
      'image-tag-latest on the unsuppressed sidecar image');
    const latest = diags.filter((x) => h.ruleOf(x) === 'image-tag-latest');
    assert.strictEqual(latest.length, 1, `the suppressed nginx:latest is still reported: ${h.describe(latest)}`);
    // Other rules on the suppressed container still fire: the comment names one rule.
    const appName = h.rangeOf(doc, '- name: app').start.line;
    assert.ok(diags.some((x) => h.ruleOf(x) === 'requests-missing' && x.range.start.line === appName),
      `requests-missing on the app container should not be suppressed: ${h.describe(diags)}`);
  });
});
