'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

suite('settings: k8sFailureStories.rules', () => {
  let doc;
  suiteSetup(async () => {
    doc = await h.openFixture('manifests/settings-target.yaml');
    await h.waitForRules(doc.uri, ['image-tag-latest', 'requests-missing']);
  });
  suiteTeardown(async () => {
    await h.setRules(undefined);
  });

  test('the setting is contributed', () => {
    const ext = vscode.extensions.getExtension(h.EXTENSION_ID);
    const cfg = [].concat(ext.packageJSON.contributes.configuration || []);
    assert.ok(cfg.some((c) => c.properties && c.properties['k8sFailureStories.rules']),
      'package.json contributes.configuration has no k8sFailureStories.rules');
  });

  test('"off" removes a rule\'s findings and restoring the setting brings them back', async () => {
    await h.setRules({ 'image-tag-latest': 'off' });
    await h.waitForDiagnostics(doc.uri,
      (d) => !d.some((x) => h.ruleOf(x) === 'image-tag-latest') && d.some((x) => h.ruleOf(x) === 'requests-missing'),
      'image-tag-latest to disappear (and requests-missing to stay)');
    await h.setRules(undefined);
    await h.waitForRules(doc.uri, ['image-tag-latest']);
  });

  test('a severity override changes the diagnostic severity', async () => {
    const imageDefault = await h.defaultSeverity('image-tag-latest');
    const requestsDefault = await h.defaultSeverity('requests-missing');
    assert.notStrictEqual(imageDefault, vscode.DiagnosticSeverity.Error, 'fixture precondition: the override differs from the default');
    await h.setRules({ 'image-tag-latest': 'error' });
    const d = await h.waitForDiagnostics(doc.uri,
      (ds) => ds.some((x) => h.ruleOf(x) === 'image-tag-latest' && x.severity === vscode.DiagnosticSeverity.Error),
      'image-tag-latest as an error');
    assert.ok(d.some((x) => h.ruleOf(x) === 'requests-missing' && x.severity === requestsDefault),
      `other rules keep their severity: ${h.describe(d)}`);
    await h.setRules(undefined);
    await h.waitForDiagnostics(doc.uri,
      (ds) => ds.some((x) => h.ruleOf(x) === 'image-tag-latest' && x.severity === imageDefault),
      'image-tag-latest back to its default severity');
  });
});
