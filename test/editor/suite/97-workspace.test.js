'use strict';
// The workspace check: with k8sFailureStories.diagnostics.scope = workspace, closed files get their
// findings in Problems and follow edits elsewhere; the Could Happen Here view, the story view's
// "In this workspace" section, the Catalogue's marks, the status bar and the CodeLens. (Closing a
// document is left to the LSP tests, test/unit/lsp-workspace-scope.test.ts: VS Code disposes a
// closed document's model when it likes, so the server hears of it at no predictable time.)
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const DEPLOYMENT = 'workspace-check/deployment.yaml'; // never opened before the click test
const SERVICE = 'workspace-check/service.yaml'; // selects the Deployment's pods
const RAVELIN = 'ravelin-2019-ingress-endpoints'; // prestop-hook-missing names it as the fix
const RELATIONS = ['cause', 'fix', 'related'];

function isOpen(uri) {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

async function setScope(scope) {
  await vscode.workspace.getConfiguration('k8sFailureStories').update('diagnostics.scope', scope, vscode.ConfigurationTarget.Workspace);
}

suite('workspace check', () => {
  let api;
  let deployment;
  suiteSetup(async () => {
    api = await h.extensionApi();
    deployment = h.fixtureUri(DEPLOYMENT);
    await setScope('workspace');
  });
  suiteTeardown(async () => {
    await setScope(undefined);
    await vscode.workspace.getConfiguration('k8sFailureStories').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('with workspace scope, a closed file\'s findings are in Problems, the Service of another file seen', async () => {
    assert.ok(!isOpen(deployment), 'the Deployment fixture is not open');
    const diags = await h.waitForRules(deployment, ['prestop-hook-missing', 'liveness-probe-missing']);
    // Read from disk: opening the document would hand it to the server as an open one.
    const lines = Buffer.from(await vscode.workspace.fs.readFile(deployment)).toString('utf8').split('\n');
    const prestop = diags.find((d) => h.ruleOf(d) === 'prestop-hook-missing');
    assert.strictEqual(prestop.range.start.line, lines.findIndex((l) => l.includes('- name: checked-web')), 'on the container name');
    assert.match(prestop.message, /Service "checked-web"/);
    assert.ok(!isOpen(deployment), 'still closed');
  });

  test('editing a Service in one file updates a closed Deployment\'s findings in another, and undoing it restores them', async () => {
    const service = await h.openFixture(SERVICE);
    const selector = h.rangeOf(service, 'app: checked-web');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(service.uri, selector, 'app: elsewhere');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await h.waitForDiagnostics(deployment, (d) => d.length > 0 && !d.some((x) => h.ruleOf(x) === 'prestop-hook-missing'),
      'prestop-hook-missing gone: no Service selects the pods any more');
    await vscode.commands.executeCommand('undo');
    await h.waitForRules(deployment, ['prestop-hook-missing']);
    assert.ok(!service.isDirty, 'undo restored the saved text');
    assert.ok(!isOpen(deployment), 'the Deployment stayed closed all along');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Check Workspace resolves when its pass is over and shows the Could Happen Here view', async () => {
    const result = await vscode.commands.executeCommand('k8sFailureStories.checkWorkspace');
    assert.strictEqual(result.cancelled, false);
    assert.ok(result.files >= 10, `files checked: ${result.files}`);
  });

  test('the Could Happen Here view lists the stories that apply, strongest evidence first, and reveals an object', async () => {
    const stories = await api.storiesHereTree.getChildren();
    assert.ok(stories.length > 0, 'some stories apply to the fixtures');
    const ranks = stories.map((s) => RELATIONS.indexOf(s.here.relation));
    assert.deepStrictEqual(ranks, [...ranks].sort((a, b) => a - b), 'causes, then fixes, then related stories');
    const ravelin = stories.find((s) => s.story.id === RAVELIN);
    assert.ok(ravelin, `${RAVELIN} is listed: ${stories.map((s) => s.story.id)}`);
    const item = api.storiesHereTree.getTreeItem(ravelin);
    assert.strictEqual(item.label, ravelin.story.title);
    assert.match(item.description, new RegExp(`^${ravelin.here.objectCount} objects? · `));

    const objects = await api.storiesHereTree.getChildren(ravelin);
    assert.strictEqual(objects.length, ravelin.here.objectCount);
    const ours = objects.find((o) => o.object.uri === deployment.toString() || vscode.Uri.parse(o.object.uri).fsPath === deployment.fsPath);
    assert.ok(ours, `the Deployment is one of its objects: ${objects.map((o) => o.object.uri)}`);
    assert.deepStrictEqual(ours.object.object, { kind: 'Deployment', name: 'checked-web' });
    assert.strictEqual(ours.object.findings[0].ruleId, 'prestop-hook-missing');

    // The view refreshes whenever findings change anywhere (the workspace pass may still be settling), which
    // can drop a selection made just before: reveal again until the selection holds.
    await h.until(async () => {
      assert.ok(await api.storiesHereTree.reveal(RAVELIN, deployment), 'reveal found the object');
      return api.storiesHereTree.selection().some((n) => n.kind === 'object' && n.object.uri === ours.object.uri);
    }, () => `the object selected in the view; selection: ${JSON.stringify(api.storiesHereTree.selection())}`, { pollMs: 500, timeoutMs: 20000 });

    // A click on the object opens its line.
    const { command, arguments: args } = api.storiesHereTree.getTreeItem(ours).command;
    await vscode.commands.executeCommand(command, ...args);
    const editor = await h.until(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === deployment.fsPath && e;
    }, 'the Deployment opened', { events: [vscode.window.onDidChangeActiveTextEditor] });
    assert.strictEqual(editor.selection.start.line, ours.object.findings[0].range.start.line);
  });

  test('the Catalogue marks the stories that could happen here', async () => {
    await api.catalogueTree.setGrouping('category');
    await api.catalogueTree.getChildren();
    const here = api.catalogueApplies(RAVELIN);
    assert.ok(here && here.objectCount >= 1, 'the Ravelin story is marked');
    const groups = await api.catalogueTree.getChildren();
    const leaf = (await Promise.all(groups.map((g) => api.catalogueTree.getChildren(g)))).flat().find((n) => n.story.id === RAVELIN);
    assert.match(api.catalogueTree.getTreeItem(leaf).description, new RegExp(`^${here.objectCount} here · `));
  });

  test('the story view\'s In this workspace section lists the right objects and opens the line', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(await api.storyPanel.open(RAVELIN));
    const html = api.storyPanel.currentHtml();
    const section = html.slice(html.indexOf('<h2>In this workspace</h2>'));
    assert.match(section, /<button type="button" class="link" data-object="(\d+)"[^>]*>Deployment checked-web<\/button> <span class="location">workspace-check\/deployment\.yaml:(\d+)<\/span> <code>prestop-hook-missing<\/code>/);
    const [, index, line] = /data-object="(\d+)"[^>]*>Deployment checked-web<\/button> <span class="location">workspace-check\/deployment\.yaml:(\d+)/.exec(section);
    const objects = (await api.storiesHereTree.getChildren((await api.storiesHereTree.getChildren()).find((s) => s.story.id === RAVELIN)));
    assert.strictEqual(section.match(/data-object="/g).length, objects.length, 'one entry per object of the view');

    await api.storyPanel.receive({ type: 'openObject', index: Number(index) });
    const editor = await h.until(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === deployment.fsPath && e;
    }, 'the Deployment opened from the story view', { events: [vscode.window.onDidChangeActiveTextEditor] });
    assert.strictEqual(editor.selection.start.line + 1, Number(line));
    await api.storyPanel.receive({ type: 'openObject', index: 9999 }); // not listed: nothing happens
  });

  test('a story whose rules fire nowhere here says so', async () => {
    const applying = new Set((await api.storiesHereTree.getChildren()).map((s) => s.story.id));
    const quiet = h.catalogue().stories.find((s) => !applying.has(s.id));
    assert.ok(quiet, 'some story does not apply');
    assert.ok(await api.storyPanel.open(quiet.id));
    assert.match(api.storyPanel.currentHtml(), /<p class="nothing-here">Nothing here: no rule citing this story fires in this workspace's YAML files\.<\/p>/);
  });

  test('the status bar item follows the active file and opens This File', async () => {
    const rules = await api.listRules();
    const storiesOf = (uri) => new Set(h.ours(uri).flatMap((d) => rules.find((r) => r.id === h.ruleOf(d)).stories));
    const thisFile = await h.openFixture('manifests/this-file.yaml');
    await h.waitForDiagnostics(thisFile.uri, (d) => d.length > 0, 'findings in this-file.yaml');
    const count = storiesOf(thisFile.uri).size;
    await h.until(() => api.statusBarItem() && api.statusBarItem().text === `$(book) ${count} failure stories apply to this file`,
      () => `"${count} failure stories" in the status bar; it shows ${JSON.stringify(api.statusBarItem())}`);
    assert.strictEqual(api.statusBarItem().command, 'k8sFailureStories.thisFile.focus');

    await h.openFixture('.github/workflows/ci.yml');
    await h.until(() => api.statusBarItem() === undefined, () => `the item hidden on a file without findings: ${JSON.stringify(api.statusBarItem())}`);

    const cronjob = await h.openFixture('manifests/cronjob.yaml');
    await h.waitForDiagnostics(cronjob.uri, (d) => d.length > 0, 'findings in cronjob.yaml');
    const cronjobCount = storiesOf(cronjob.uri).size;
    await h.until(() => api.statusBarItem() && api.statusBarItem().text.startsWith(`$(book) ${cronjobCount} failure `),
      () => `${cronjobCount} stories for cronjob.yaml; it shows ${JSON.stringify(api.statusBarItem())}`);
  });

  test('with the setting on, a CodeLens above the Deployment\'s kind names its stories', async () => {
    await vscode.workspace.getConfiguration('k8sFailureStories').update('codeLens.enabled', true, vscode.ConfigurationTarget.Workspace);
    const doc = await h.openFixture(DEPLOYMENT);
    const kind = h.rangeOf(doc, 'kind: Deployment');
    const lenses = await h.until(async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri);
      return found && found.find((l) => l.command && /failure stor/.test(l.command.title));
    }, 'a story lens');
    assert.strictEqual(lenses.range.start.line, kind.start.line);
    assert.match(lenses.command.title, /^\d+ failure stories: [^,]+ \d{4}, [^,]+ \d{4}, …$/);
    assert.strictEqual(lenses.command.command, 'k8sFailureStories.openStory');
    assert.ok(lenses.command.arguments[0].includes(RAVELIN));
  });
});
