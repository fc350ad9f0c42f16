'use strict';
const assert = require('assert');
const h = require('./helpers');

suite('non-Kubernetes YAML', () => {
  test('a GitHub Actions workflow gets no findings', async () => {
    const wf = await h.openFixture('.github/workflows/ci.yml');
    assert.strictEqual(wf.languageId, 'yaml', 'the workflow must open as yaml for this test to mean anything');
    // Barrier: the server handles didOpen in order, so once a Kubernetes file opened afterwards has its
    // findings, the workflow has been analysed too.
    const barrier = await h.openFixture('manifests/barrier.yaml');
    await h.waitForRules(barrier.uri, ['image-tag-latest']);
    assert.deepStrictEqual(h.describe(h.ours(wf.uri)), '(none)');
  });
});
