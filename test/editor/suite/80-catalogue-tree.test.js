'use strict';
// The Catalogue tree, through the extension's test API (activate() exports; see client/src/extension.ts):
// every story of data/stories.json under the right groups for each grouping, the grouping switch and the
// filter. Expectations come from the repo's data/stories.json, computed here independently of the client.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const GROUPINGS = ['category', 'organization', 'year', 'impactLevel', 'involved'];
const IMPACT_LABEL = { production: 'Production', 'non-production': 'Non-production', trivial: 'Trivial' };
const NONE = '';

/**
 * What the tree should show for a grouping: Map key -> { label?, ids: Set<story id> }.
 * (The grouping rules are documented at the top of client/src/extension.ts.)
 */
function expectedGroups(grouping, cat) {
  const titles = new Map(cat.categories.map((c) => [c.id, c.title]));
  const groups = new Map();
  const add = (key, label, id) => {
    if (!groups.has(key)) groups.set(key, { label, ids: new Set() });
    groups.get(key).ids.add(id);
  };
  for (const s of cat.stories) {
    switch (grouping) {
      case 'category':
        for (const c of s.categories) {
          assert.ok(titles.has(c), `data/stories.json: story ${s.id} has category ${c}, which is not in the taxonomy`);
          add(c, titles.get(c), s.id);
        }
        if (!s.categories.length) add(NONE, undefined, s.id);
        break;
      case 'organization': add(s.organization.toLowerCase(), undefined, s.id); break;
      case 'year': add(String(s.year), String(s.year), s.id); break;
      case 'impactLevel': add(s.impactLevel, IMPACT_LABEL[s.impactLevel], s.id); break;
      case 'involved':
        for (const c of s.involved) add(c.toLowerCase(), undefined, s.id);
        if (!s.involved.length) add(NONE, undefined, s.id);
        break;
      default: throw new Error(grouping);
    }
  }
  return groups;
}

/** The whole tree as VS Code would render it: groups with their tree items and their story children. */
async function renderTree(tree) {
  const groups = await tree.getChildren();
  const out = [];
  for (const g of groups) {
    const item = tree.getTreeItem(g);
    const children = await tree.getChildren(g);
    out.push({ node: g, item, children: children.map((c) => ({ node: c, item: tree.getTreeItem(c) })) });
  }
  return out;
}

/** A group's description: its story count, then how many of them could happen in this workspace, if any. */
function countText(api, count, ids) {
  const here = ids.filter((id) => api.catalogueApplies(id)).length;
  return here > 0 ? `${count} · ${here} here` : String(count);
}

const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label && item.label.label);

suite('catalogue tree', () => {
  let api;
  let cat;
  let byId;
  suiteSetup(async () => {
    api = await h.extensionApi();
    cat = h.catalogue();
    byId = new Map(cat.stories.map((s) => [s.id, s]));
    assert.ok(cat.stories.length >= 50, `fixture precondition: the catalogue has ${cat.stories.length} stories`);
  });
  suiteTeardown(async () => {
    if (!api) return;
    await api.catalogueTree.setFilter(undefined);
    await api.catalogueTree.setGrouping('category');
  });

  test('the server lists every story of data/stories.json (search with an empty query)', async () => {
    const all = await api.searchStories('', 1000);
    assert.deepStrictEqual(h.sorted(all.map((s) => s.id)), h.sorted(cat.stories.map((s) => s.id)));
    for (const s of all) {
      const want = byId.get(s.id);
      assert.strictEqual(s.title, want.title);
      assert.strictEqual(s.organization, want.organization);
      assert.strictEqual(s.year, want.year);
      assert.strictEqual(s.url, want.url);
      assert.deepStrictEqual(s.categories, want.categories, `${s.id} categories`);
    }
  });

  test('the default grouping is by category', async () => {
    assert.strictEqual(api.catalogueTree.getGrouping(), 'category');
  });

  for (const grouping of GROUPINGS) {
    test(`grouping "${grouping}": every story under each of its groups and nowhere else, counts match`, async () => {
      await api.catalogueTree.setGrouping(grouping);
      assert.strictEqual(api.catalogueTree.getGrouping(), grouping, 'setGrouping is remembered');
      const tree = await renderTree(api.catalogueTree);
      const want = expectedGroups(grouping, cat);
      const gotKeys = tree.map((g) => g.node.key);
      assert.deepStrictEqual(h.sorted(gotKeys), h.sorted(want.keys()), `${grouping}: group keys`);
      assert.strictEqual(new Set(gotKeys).size, gotKeys.length, `${grouping}: duplicate groups`);

      const itemIds = new Set();
      const covered = new Set();
      for (const g of tree) {
        const w = want.get(g.node.key);
        const label = labelOf(g.item);
        assert.strictEqual(g.node.kind, 'group');
        assert.strictEqual(g.node.grouping, grouping);
        assert.strictEqual(label, g.node.label, 'the tree item shows the group label');
        if (w.label !== undefined) assert.strictEqual(label, w.label, `${grouping}/${g.node.key}: label`);
        else if (g.node.key !== NONE) assert.strictEqual(label.toLowerCase(), g.node.key, `${grouping}/${g.node.key}: label`);
        const ids = g.children.map((c) => c.node.story.id);
        assert.deepStrictEqual(h.sorted(ids), h.sorted(w.ids), `${grouping}/${g.node.key} (${label}): stories`);
        assert.strictEqual(g.item.description, countText(api, w.ids.size, ids), `${grouping}/${label}: count in the description`);
        assert.strictEqual(g.node.stories.length, w.ids.size);
        assert.strictEqual(g.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'groups start collapsed');
        for (const item of [g.item, ...g.children.map((c) => c.item)]) {
          assert.ok(item.id, `${labelOf(item)}: tree item without an id`);
          assert.ok(!itemIds.has(item.id), `duplicate tree item id ${item.id} (VS Code rejects the tree)`);
          itemIds.add(item.id);
        }
        for (const c of g.children) {
          const s = byId.get(c.node.story.id);
          assert.strictEqual(c.node.kind, 'story');
          assert.strictEqual(labelOf(c.item), s.title);
          assert.strictEqual(c.item.collapsibleState, vscode.TreeItemCollapsibleState.None);
          assert.ok(c.item.command, `${s.id}: a story item has no click command`);
          assert.strictEqual(c.item.command.command, 'k8sFailureStories.openStory');
          assert.deepStrictEqual(c.item.command.arguments, [s.id]);
          covered.add(s.id);
        }
      }
      assert.strictEqual(covered.size, cat.stories.length, `${grouping}: the groups together hold every story`);

      // Documented order: categories in taxonomy order, years newest first; the "none" group last.
      if (grouping === 'category') {
        const order = cat.categories.map((c) => c.id).filter((id) => want.has(id));
        assert.deepStrictEqual(gotKeys.filter((k) => k !== NONE), order, 'category groups in taxonomy order');
      }
      if (grouping === 'year') {
        assert.deepStrictEqual(gotKeys, [...gotKeys].sort((a, b) => Number(b) - Number(a)), 'years newest first');
      }
      if (gotKeys.includes(NONE)) assert.strictEqual(gotKeys[gotKeys.length - 1], NONE, 'the "none" group comes last');
    });
  }

  test('the "Group by…" command switches the grouping (argument form) and the choice is remembered', async () => {
    await vscode.commands.executeCommand('k8sFailureStories.groupBy', 'year');
    assert.strictEqual(api.catalogueTree.getGrouping(), 'year');
    const groups = await api.catalogueTree.getChildren();
    assert.ok(groups.every((g) => g.grouping === 'year' && /^\d{4}$/.test(g.key)), 'the tree follows the new grouping');
    await vscode.commands.executeCommand('k8sFailureStories.groupBy', 'category');
    assert.strictEqual(api.catalogueTree.getGrouping(), 'category');
  });

  test('filter "ndots" narrows the tree to the search matches; clearing it restores every story', async () => {
    await api.catalogueTree.setGrouping('category');
    const matches = (await api.searchStories('ndots', 10000)).map((s) => s.id);
    for (const id of ['zalando-2019-coredns-total-outage', 'toyota-connected-2018-dns-storm']) {
      assert.ok(matches.includes(id), `search "ndots" does not find ${id}: ${matches}`);
    }
    assert.ok(matches.length < cat.stories.length, 'search "ndots" should not match every story');

    await api.catalogueTree.setFilter('ndots');
    assert.strictEqual(api.catalogueTree.getFilter(), 'ndots');
    let tree = await renderTree(api.catalogueTree);
    const shown = new Set(tree.flatMap((g) => g.children.map((c) => c.node.story.id)));
    assert.deepStrictEqual(h.sorted(shown), h.sorted(new Set(matches)), 'filtered tree = search matches');
    const want = expectedGroups('category', { ...cat, stories: cat.stories.filter((s) => matches.includes(s.id)) });
    assert.deepStrictEqual(h.sorted(tree.map((g) => g.node.key)), h.sorted(want.keys()),
      'only groups with matches are shown');
    for (const g of tree) {
      const ids = g.children.map((c) => c.node.story.id);
      assert.strictEqual(g.item.description, countText(api, want.get(g.node.key).ids.size, ids), `${g.node.label}: filtered count`);
      assert.strictEqual(g.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded, 'groups open while filtering');
    }

    // The toolbar command clears it.
    await vscode.commands.executeCommand('k8sFailureStories.clearFilter');
    assert.strictEqual(api.catalogueTree.getFilter(), undefined);
    tree = await renderTree(api.catalogueTree);
    assert.strictEqual(new Set(tree.flatMap((g) => g.children.map((c) => c.node.story.id))).size, cat.stories.length);

    // The "Filter…" command with an argument, then setFilter('') also clears.
    await vscode.commands.executeCommand('k8sFailureStories.filterCatalogue', 'ndots');
    assert.strictEqual(api.catalogueTree.getFilter(), 'ndots');
    await api.catalogueTree.setFilter('');
    assert.strictEqual(api.catalogueTree.getFilter(), undefined);
    tree = await renderTree(api.catalogueTree);
    assert.strictEqual(new Set(tree.flatMap((g) => g.children.map((c) => c.node.story.id))).size, cat.stories.length);
  });

  test('a filter nothing matches leaves an empty tree', async () => {
    await api.catalogueTree.setFilter('zzqxj-no-story-has-this');
    try {
      assert.deepStrictEqual(await api.catalogueTree.getChildren(), []);
    } finally {
      await api.catalogueTree.setFilter(undefined);
    }
  });
});
