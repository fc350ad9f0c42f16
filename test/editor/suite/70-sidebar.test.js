'use strict';
// The "Failure Stories" sidebar and its commands. Extend COMMANDS / VIEWS as features land.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const VIEW_CONTAINER_TITLE = 'Failure Stories';
const VIEWS = ['k8sFailureStories.catalogue', 'k8sFailureStories.thisFile', 'k8sFailureStories.storiesHere'];
const COMMANDS = ['searchStories', 'openStory', 'openPostmortem', 'copyStoryLink', 'showRuleDocs', 'refresh', 'groupBy',
  'filterCatalogue', 'clearFilter', 'checkWorkspace'].map((c) => `k8sFailureStories.${c}`);

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

  test('every sidebar command is contributed and registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const contributed = new Set((pkg.contributes.commands || []).map((c) => c.command));
    const missing = COMMANDS.filter((id) => !all.has(id));
    assert.deepStrictEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    const undeclared = COMMANDS.filter((id) => !contributed.has(id));
    assert.deepStrictEqual(undeclared, [], `commands not in package.json contributes.commands: ${undeclared.join(', ')}`);
    // And the other way round: nothing is contributed that the extension does not register.
    const dangling = [...contributed].filter((id) => !all.has(id));
    assert.deepStrictEqual(dangling, [], `contributed but not registered: ${dangling.join(', ')}`);
  });

  test('every command in a menu is a contributed command', () => {
    const contributed = new Set((pkg.contributes.commands || []).map((c) => c.command));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus || {})) {
      for (const e of entries) {
        if (e.command) assert.ok(contributed.has(e.command), `menu ${menu} uses ${e.command}, which is not contributed`);
      }
    }
  });

  test('the catalogue view can be focused', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes(`${VIEWS[0]}.focus`), `${VIEWS[0]}.focus is not registered (view not contributed?)`);
    await vscode.commands.executeCommand(`${VIEWS[0]}.focus`);
  });
});
