'use strict';
// The "This file" tree, through the extension's test API: one node per rule with findings in the active
// file, with the right finding counts; the badge count; a finding's click command reveals its range.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const FIXTURE = 'manifests/this-file.yaml'; // two containers: several rules fire twice
const TWICE = ['requests-missing', 'memory-limit-missing', 'image-tag-latest'];
const ONCE = ['pdb-missing', 'anti-affinity-missing'];

const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label && item.label.label);
const pos = (p) => `${p.line + 1}:${p.character + 1}`;
const rng = (r) => `${pos(r.start)}-${pos(r.end)}`;

const RELATION_GROUP = { cause: 'Caused outages', fix: 'Fixed by this', related: 'Related' };

suite('this-file tree', () => {
  let api;
  let doc;
  let diags;
  suiteSetup(async () => {
    api = await h.extensionApi();
    doc = await h.openFixture(FIXTURE);
    diags = await h.waitForDiagnostics(doc.uri, (d) => {
      const c = h.countByRule(d);
      return TWICE.every((r) => c[r] === 2) && ONCE.every((r) => c[r] === 1);
    }, `${TWICE.join(', ')} twice and ${ONCE.join(', ')} once`);
  });

  test('follows the active editor', async () => {
    assert.strictEqual(String(api.thisFileTree.currentUri()), String(doc.uri));
    const cron = await h.openFixture('manifests/cronjob.yaml');
    const cronDiags = await h.waitForRules(cron.uri, ['cronjob-concurrency']);
    assert.strictEqual(String(api.thisFileTree.currentUri()), String(cron.uri));
    assert.strictEqual(api.thisFileTree.findingCount(), cronDiags.length);
    const rules = await api.thisFileTree.getChildren();
    assert.deepStrictEqual(h.sorted(rules.map((r) => r.ruleId)), h.sorted(Object.keys(h.countByRule(cronDiags))));
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.strictEqual(String(api.thisFileTree.currentUri()), String(doc.uri));
  });

  test('one node per rule with findings, with the right finding counts; the badge counts every finding', async () => {
    await vscode.window.showTextDocument(doc, { preview: false });
    diags = h.ours(doc.uri);
    const want = h.countByRule(diags);
    assert.strictEqual(api.thisFileTree.findingCount(), diags.length, 'findingCount() (the badge)');
    const rules = await api.thisFileTree.getChildren();
    assert.deepStrictEqual(h.sorted(rules.map((r) => r.ruleId)), h.sorted(Object.keys(want)), 'rule nodes');
    for (const rule of rules) {
      assert.strictEqual(rule.kind, 'rule');
      assert.strictEqual(String(rule.uri), String(doc.uri));
      const item = api.thisFileTree.getTreeItem(rule);
      assert.ok(labelOf(item) && labelOf(item) !== rule.ruleId, `${rule.ruleId}: the node is titled by the rule title, got ${labelOf(item)}`);
      assert.strictEqual(item.description, `${rule.ruleId} · ${want[rule.ruleId]}`, `${rule.ruleId}: description`);
      assert.strictEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      const children = await api.thisFileTree.getChildren(rule);
      const findings = children.filter((c) => c.kind === 'finding');
      const groups = children.filter((c) => c.kind === 'relation');
      assert.strictEqual(findings.length, want[rule.ruleId], `${rule.ruleId}: finding nodes`);
      assert.deepStrictEqual(children, [...findings, ...groups], `${rule.ruleId}: findings, then the relation groups`);
      // The findings are this rule's diagnostics, in document order.
      const ranges = diags.filter((d) => h.ruleOf(d) === rule.ruleId).map((d) => rng(d.range)).sort();
      assert.deepStrictEqual(findings.map((f) => rng(f.diagnostic.range)).sort(), ranges, `${rule.ruleId}: finding ranges`);
      const starts = findings.map((f) => f.diagnostic.range.start);
      for (let i = 1; i < starts.length; i++) assert.ok(!starts[i].isBefore(starts[i - 1]), `${rule.ruleId}: findings out of order`);
      // Then the stories that back the rule, grouped by relation, strongest first, each opening in the story view.
      const relations = [...new Set(rule.citations.map((c) => c.relation))];
      assert.ok(relations.length >= 1, `${rule.ruleId}: the rule cites no story`);
      assert.deepStrictEqual(groups.map((g) => g.relation), relations, `${rule.ruleId}: relation groups`);
      const stories = [];
      for (const group of groups) {
        const gi = api.thisFileTree.getTreeItem(group);
        assert.strictEqual(labelOf(gi), RELATION_GROUP[group.relation], `${rule.ruleId}: group label`);
        assert.strictEqual(gi.description, String(group.citations.length));
        const under = await api.thisFileTree.getChildren(group);
        assert.ok(under.every((s) => s.kind === 'story' && s.citation.relation === group.relation), `${rule.ruleId}: ${group.relation} holds other nodes`);
        stories.push(...under);
      }
      assert.ok(stories.length >= 1, `${rule.ruleId}: no story under the rule`);
      assert.deepStrictEqual(stories.map((s) => s.story.id), rule.storyIds.filter((id) => stories.some((s) => s.story.id === id)));
      for (const s of stories) {
        const si = api.thisFileTree.getTreeItem(s);
        assert.strictEqual(labelOf(si), s.story.title);
        assert.strictEqual(si.command && si.command.command, 'k8sFailureStories.openStory');
        assert.deepStrictEqual(si.command.arguments, [s.story.id]);
        assert.ok(si.tooltip && h.unescapeMd(si.tooltip.value.replace(/&nbsp;/g, ' ')).includes(s.citation.note), `${s.story.id}: the tooltip lacks the note: ${si.tooltip && si.tooltip.value}`);
      }
    }
    const ndots = rules.find((r) => r.ruleId === 'dns-ndots');
    assert.ok(ndots, 'dns-ndots has a node');
    for (const id of ['zalando-2019-coredns-total-outage', 'toyota-connected-2018-dns-storm']) {
      assert.ok(ndots.storyIds.includes(id), `dns-ndots should cite ${id}: ${ndots.storyIds}`);
    }
  });

  test("clicking a finding (its tree item's command) selects exactly its range in the editor", async () => {
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const rules = await api.thisFileTree.getChildren();
    const findings = [];
    for (const r of rules) findings.push(...(await api.thisFileTree.getChildren(r)).filter((c) => c.kind === 'finding'));
    assert.strictEqual(findings.length, h.ours(doc.uri).length);
    const top = new vscode.Selection(0, 0, 0, 0);
    for (const f of findings) {
      const item = api.thisFileTree.getTreeItem(f);
      assert.strictEqual(labelOf(item), f.diagnostic.message.split('\n')[0]);
      assert.strictEqual(item.description, `Ln ${f.diagnostic.range.start.line + 1}, Col ${f.diagnostic.range.start.character + 1}`);
      assert.ok(item.command, `${f.ruleId}@${rng(f.diagnostic.range)}: no click command`);
      // Put the cursor elsewhere first, so the check sees the command's effect.
      editor.selection = top;
      await h.until(() => vscode.window.activeTextEditor && vscode.window.activeTextEditor.selection.isEqual(top),
        'the cursor at 1:1', { events: [vscode.window.onDidChangeTextEditorSelection] });
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments || []));
      const want = f.diagnostic.range;
      const active = await h.until(() => {
        const e = vscode.window.activeTextEditor;
        return e && String(e.document.uri) === String(doc.uri) && e.selection.isEqual(new vscode.Selection(want.start, want.end)) && e;
      }, `the selection ${rng(want)} after clicking ${f.ruleId}`,
      { events: [vscode.window.onDidChangeTextEditorSelection, vscode.window.onDidChangeActiveTextEditor], timeoutMs: 10000 })
        .catch((e) => {
          const a = vscode.window.activeTextEditor;
          throw new Error(`${e.message}; active editor: ${a ? `${a.document.uri.path} selection ${rng(a.selection)}` : 'none'}`);
        });
      assert.strictEqual(active.document.getText(active.selection), doc.getText(want));
    }
    // The click reveals the file in place: no second editor for it.
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && String(t.input.uri) === String(doc.uri));
    assert.strictEqual(tabs.length, 1, 'clicking findings opened the file more than once');
  });

  test('is not refreshed when the server publishes the same findings again', async () => {
    // Each refresh drops the rows: a rule being opened right then showed no findings (see this-file-tree.ts).
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    let refreshes = 0;
    const counting = api.thisFileTree.onDidChange(() => refreshes++);
    try {
      const published = () => new Promise((resolve) => {
        const once = vscode.languages.onDidChangeDiagnostics(({ uris }) => {
          if (uris.some((uri) => String(uri) === String(doc.uri))) resolve(once.dispose());
        });
      });
      // A comment on a new last line changes no finding; the server publishes them again all the same.
      const again = published();
      assert.ok(await editor.edit((e) => e.insert(doc.lineAt(doc.lineCount - 1).range.end, '\n# a comment')));
      await again;
      assert.strictEqual(refreshes, 0, 'the same findings published again refreshed the tree');
      const r = h.rangeOf(doc, 'redis:latest');
      assert.ok(await editor.edit((e) => e.replace(r, 'redis:7.2.4')));
      await h.waitForDiagnostics(doc.uri, (d) => h.countByRule(d)['image-tag-latest'] === 1, 'one image-tag-latest after pinning redis');
      assert.ok(refreshes >= 1, 'changed findings did not refresh the tree');
    } finally {
      counting.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await h.waitForDiagnostics(doc.uri, (d) => h.countByRule(d)['image-tag-latest'] === 2, 'image-tag-latest twice after revert');
  });

  test('after a fix-like edit the tree and the badge follow the new findings', async () => {
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const r = h.rangeOf(doc, 'redis:latest');
    assert.ok(await editor.edit((e) => e.replace(r, 'redis:7.2.4')));
    try {
      const now = await h.waitForDiagnostics(doc.uri, (d) => h.countByRule(d)['image-tag-latest'] === 1,
        'one image-tag-latest after pinning redis');
      const rules = await api.thisFileTree.getChildren();
      const latest = rules.find((x) => x.ruleId === 'image-tag-latest');
      assert.ok(latest);
      assert.strictEqual((await api.thisFileTree.getChildren(latest)).filter((c) => c.kind === 'finding').length, 1);
      assert.strictEqual(api.thisFileTree.findingCount(), now.length);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await h.waitForDiagnostics(doc.uri, (d) => h.countByRule(d)['image-tag-latest'] === 2, 'image-tag-latest twice after revert');
  });
});
