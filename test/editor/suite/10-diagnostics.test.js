'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const { Information } = vscode.DiagnosticSeverity;

suite('diagnostics', () => {
  let doc;

  suiteSetup(async () => {
    doc = await h.openFixture('manifests/deployment.yaml');
    assert.strictEqual(doc.languageId, 'yaml');
  });

  test('the extension activates on a YAML file', async () => {
    const ext = await h.activeExtension();
    assert.ok(ext.isActive);
  });

  test('a Deployment gets its findings, with rule ids as codes and story links as targets', async () => {
    const diags = await h.waitForRules(doc.uri,
      ['requests-missing', 'image-tag-latest', 'memory-limit-missing', 'liveness-probe-missing']);
    const urls = new Set(h.catalogue().stories.map((s) => vscode.Uri.parse(s.url).toString()));
    for (const d of diags) {
      assert.ok(d.code && typeof d.code === 'object', `code of ${h.ruleOf(d)} should be { value, target }`);
      assert.match(String(d.code.value), /^[a-z0-9]+(-[a-z0-9]+)*$/, 'rule ids are kebab-case');
      assert.ok(d.code.target instanceof vscode.Uri, `${h.ruleOf(d)}: code.target should be a URI`);
      assert.ok(urls.has(d.code.target.toString()),
        `${h.ruleOf(d)}: code.target ${d.code.target} is not a story URL from data/stories.json`);
      assert.ok(d.message && d.message.length > 10, `${h.ruleOf(d)}: message is empty`);
    }
  });

  test('requests-missing has its default severity, on the container name value', async () => {
    const diags = await h.waitForRules(doc.uri, ['requests-missing']);
    const d = diags.filter((x) => h.ruleOf(x) === 'requests-missing');
    assert.strictEqual(d.length, 1, `one container, one finding: ${h.describe(d)}`);
    assert.strictEqual(d[0].severity, await h.defaultSeverity('requests-missing'));
    // Pinned to the container's `name:` entry: the value, or the `name: web` pair.
    const line = h.rangeOf(doc, '- name: web');
    const value = new vscode.Range(line.end.translate(0, -'web'.length), line.end);
    assert.ok(d[0].range.contains(value) && d[0].range.isSingleLine,
      `range ${JSON.stringify(d[0].range)} should cover the container's name value on line ${line.start.line + 1}`);
    assert.match(doc.getText(d[0].range), /^(name:\s*)?web$/);
  });

  test('image-tag-latest has its default severity, on the image value', async () => {
    const diags = await h.waitForRules(doc.uri, ['image-tag-latest']);
    const d = diags.filter((x) => h.ruleOf(x) === 'image-tag-latest');
    assert.strictEqual(d.length, 1, h.describe(d));
    assert.strictEqual(d[0].severity, await h.defaultSeverity('image-tag-latest'));
    assert.strictEqual(doc.getText(d[0].range), 'nginx:latest');
    assert.deepStrictEqual(d[0].range, h.rangeOf(doc, 'nginx:latest'));
  });

  test('liveness-probe-missing is information', async () => {
    const diags = await h.waitForRules(doc.uri, ['liveness-probe-missing']);
    const d = diags.filter((x) => h.ruleOf(x) === 'liveness-probe-missing');
    assert.ok(d.length >= 1);
    for (const x of d) assert.strictEqual(x.severity, Information, h.describe([x]));
  });

  test('memory-limit-missing points into the container', async () => {
    const diags = await h.waitForRules(doc.uri, ['memory-limit-missing']);
    const d = diags.filter((x) => h.ruleOf(x) === 'memory-limit-missing');
    assert.strictEqual(d.length, 1, h.describe(d));
    const containers = h.rangeOf(doc, 'containers:').start.line;
    assert.ok(d[0].range.start.line >= containers, `finding at line ${d[0].range.start.line + 1} is above containers:`);
  });

  test('a CronJob without concurrencyPolicy gets cronjob-concurrency, and no resource findings', async () => {
    const cron = await h.openFixture('manifests/cronjob.yaml');
    const diags = await h.waitForRules(cron.uri, ['cronjob-concurrency']);
    const d = diags.filter((x) => h.ruleOf(x) === 'cronjob-concurrency');
    assert.strictEqual(d.length, 1, h.describe(d));
    assert.strictEqual(d[0].severity, await h.defaultSeverity('cronjob-concurrency'));
    // The container sets requests and a memory limit and pins its image.
    for (const rule of ['requests-missing', 'memory-limit-missing', 'image-tag-latest']) {
      assert.ok(!diags.some((x) => h.ruleOf(x) === rule), `unexpected ${rule}: ${h.describe(diags)}`);
    }
  });

  test('editing the document updates the findings', async () => {
    const edited = await h.openFixture('manifests/settings-target.yaml');
    await h.waitForRules(edited.uri, ['image-tag-latest']);
    const editor = await vscode.window.showTextDocument(edited);
    const r = h.rangeOf(edited, 'nginx:latest');
    assert.ok(await editor.edit((e) => e.replace(r, 'nginx:1.27.3')));
    try {
      await h.waitForDiagnostics(edited.uri,
        (d) => !d.some((x) => h.ruleOf(x) === 'image-tag-latest') && d.some((x) => h.ruleOf(x) === 'requests-missing'),
        'image-tag-latest to go away after pinning the tag');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await h.waitForRules(edited.uri, ['image-tag-latest']);
  });
});
