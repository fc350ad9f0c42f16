'use strict';
// The "Failure Stories" sidebar and its commands. Extend COMMANDS / VIEWS as features land.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const VIEW_CONTAINER_TITLE = 'Failure Stories';
const VIEWS = ['k8sFailureStories.catalogue', 'k8sFailureStories.thisFile'];
const COMMANDS = ['k8sFailureStories.searchStories', 'k8sFailureStories.openStory'];

suite('sidebar', () => {
  let pkg;
  suiteSetup(async () => {
    pkg = (await h.activeExtension()).packageJSON;
  });

  test('contributes the Failure Stories view container with its views', () => {
    const containers = (pkg.contributes.viewsContainers || {}).activitybar || [];
    const c = containers.find((x) => x.title === VIEW_CONTAINER_TITLE);
    assert.ok(c, `no activity-bar view container titled "${VIEW_CONTAINER_TITLE}"`);
    const views = ((pkg.contributes.views || {})[c.id] || []).map((v) => v.id);
    for (const v of VIEWS) assert.ok(views.includes(v), `view ${v} missing from container ${c.id}: ${views}`);
  });

  for (const id of COMMANDS) {
    test(`command ${id} is registered`, async () => {
      const all = await vscode.commands.getCommands(true);
      assert.ok(all.includes(id), `command ${id} is not registered`);
    });
  }

  test('the catalogue view can be focused', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes(`${VIEWS[0]}.focus`), `${VIEWS[0]}.focus is not registered (view not contributed?)`);
    await vscode.commands.executeCommand(`${VIEWS[0]}.focus`);
  });
});
