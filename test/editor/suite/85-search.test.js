'use strict';
// The server search behind the "Search…" QuickPick and the catalogue filter.
const assert = require('assert');
const h = require('./helpers');

suite('story search', () => {
  let api;
  suiteSetup(async () => {
    api = await h.extensionApi();
  });

  test('"ndots" finds the Zalando and Toyota Connected DNS stories', async () => {
    const ids = (await api.searchStories('ndots')).map((s) => s.id);
    for (const id of ['zalando-2019-coredns-total-outage', 'toyota-connected-2018-dns-storm']) {
      assert.ok(ids.includes(id), `searchStories("ndots") lacks ${id}: ${ids}`);
    }
    // Every story whose searched text (title, organization, components, impact, summary) says "ndots" is
    // found, and the results are real catalogue entries.
    const cat = h.catalogue();
    const known = new Set(cat.stories.map((s) => s.id));
    for (const id of ids) assert.ok(known.has(id), `unknown story ${id}`);
    const mention = cat.stories.filter((s) => /ndots/i.test(`${s.title} ${s.organization} ${s.impact} ${s.summary} ${s.involved.join(' ')}`));
    for (const s of mention) assert.ok(ids.includes(s.id), `${s.id} mentions ndots but is not found: ${ids}`);
  });

  test('results carry the fields the QuickPick shows', async () => {
    const [first] = await api.searchStories('coredns', 5);
    assert.ok(first, 'no result for "coredns"');
    for (const k of ['id', 'title', 'organization', 'year', 'impact', 'impactLevel', 'url']) {
      assert.ok(first[k] !== undefined && first[k] !== '', `result lacks ${k}: ${JSON.stringify(first)}`);
    }
  });

  test('the limit is honoured', async () => {
    assert.ok((await api.searchStories('', 3)).length <= 3);
    assert.ok((await api.searchStories('kubernetes', 2)).length <= 2);
  });
});
