'use strict';
// The story view (a webview panel), through the extension's test API: it opens with the story's content,
// escapes catalogue text, has a strict Content-Security-Policy and loads nothing remote.
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const STORY = 'jetstack-2019-opa-webhook-outage';
const CITING_RULE = 'webhook-failure-policy'; // server/src/analysis/rules/webhook-failure-policy.ts cites STORY
const QUOTED = 'adguard-2025-redis-statefulset-recreate'; // its title has "double quotes"

/** The story view tabs (one panel is reused for every story). */
function storyTabs() {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('k8sFailureStories.story'));
}

/** Resolve when there are `n` story view tabs (the tab model follows the workbench asynchronously). */
function storyTabCount(n) {
  return h.until(() => storyTabs().length === n, () => `${n} story view tab(s); tabs: ${
    JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label))}`,
  { events: [vscode.window.tabGroups.onDidChangeTabs], timeoutMs: 10000 });
}

/** Turn a CSP source expression (https://*.vscode-cdn.net, vscode-resource:, 'self') into a URL-prefix regexp. */
function sourceRegExp(src) {
  const body = src.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${body}${/[:/]$/.test(src) ? '' : '(/|$)'}`, 'i');
}

suite('story view', () => {
  let api;
  let cat;
  suiteSetup(async () => {
    api = await h.extensionApi();
    cat = h.catalogue();
  });
  suiteTeardown(async () => {
    for (const t of storyTabs()) await vscode.window.tabGroups.close(t);
  });

  test(`open("${STORY}") shows the story with its content`, async () => {
    const story = cat.stories.find((s) => s.id === STORY);
    assert.ok(story, `fixture precondition: ${STORY} is in data/stories.json`);
    assert.strictEqual(await api.storyPanel.open(STORY), true);
    assert.strictEqual(api.storyPanel.currentStoryId(), STORY);
    await h.until(() => api.storyPanel.isVisible(), 'the story view to be visible', { timeoutMs: 10000 });
    await storyTabCount(1);
    await h.until(() => storyTabs()[0].label === story.title, () => `the tab to be titled "${story.title}", not "${storyTabs()[0].label}"`,
      { events: [vscode.window.tabGroups.onDidChangeTabs], timeoutMs: 10000 });

    const html = api.storyPanel.currentHtml();
    assert.ok(html, 'currentHtml() is empty');
    const e = h.escapeHtml;
    assert.ok(html.includes(`<h1>${e(story.title)}</h1>`), `no <h1> with the escaped title ${e(story.title)}`);
    assert.ok(html.includes(`<title>${e(story.title)}</title>`), 'no <title>');
    assert.ok(html.includes(e(story.organization)), `organization ${story.organization} missing`);
    assert.ok(html.includes(String(story.year)), 'year missing');
    assert.ok(html.includes(e(story.impact)), 'impact missing');
    for (const p of story.summary.split(/\n\s*\n/)) {
      assert.ok(html.includes(`<p>${e(p.trim())}</p>`), `summary paragraph missing: ${p.slice(0, 80)}…`);
    }
    assert.ok(story.lessons.length > 0);
    for (const l of story.lessons) assert.ok(html.includes(`<li>${e(l)}</li>`), `lesson missing: ${l}`);
    const titles = new Map(cat.categories.map((c) => [c.id, c.title]));
    for (const c of story.categories) assert.ok(html.includes(`<li>${e(titles.get(c))}</li>`), `category ${c} missing`);
    for (const c of story.involved) assert.ok(html.includes(`<li>${e(c)}</li>`), `involved component ${c} missing`);
    assert.ok(html.includes(`data-rule="${CITING_RULE}"`) && html.includes(`<code>${CITING_RULE}</code>`),
      `the rule ${CITING_RULE}, which cites this story, is not listed`);
    // Every citing rule, with how it cites the story (relation and note), strongest relation first.
    const rules = await api.listRules();
    const citing = rules.flatMap((r) => r.citations.filter((c) => c.story === STORY).map((c) => ({ id: r.id, ...c })));
    assert.ok(citing.some((c) => c.id === CITING_RULE), `fixture precondition: ${CITING_RULE} cites ${STORY}`);
    const RELATION_TEXT = { cause: 'Named as a cause', fix: 'Named as the fix', related: 'Related' };
    const listed = [...html.matchAll(/<li><span class="relation relation-(\w+)">([^<]+)<\/span> <button[^>]*data-rule="([^"]+)"[\s\S]*?<div class="note">([\s\S]*?)<\/div>/g)]
      .map((m) => ({ relation: m[1], label: m[2], id: m[3], note: m[4] }));
    assert.deepStrictEqual(listed.map((l) => l.id).sort(), citing.map((c) => c.id).sort(), 'the citing rules');
    for (const c of citing) {
      const l = listed.find((x) => x.id === c.id);
      assert.strictEqual(l.relation, c.relation, `${c.id}: relation`);
      assert.strictEqual(l.label, RELATION_TEXT[c.relation], `${c.id}: relation label`);
      // The view escapes the note and shows its `code` spans as <code>.
      assert.strictEqual(l.note.replace(/<\/?code>/g, '`'), e(c.note), `${c.id}: note`);
    }
    const order = listed.map((l) => ['cause', 'fix', 'related'].indexOf(l.relation));
    assert.deepStrictEqual(order, [...order].sort((a, b) => a - b), 'strongest relation first');
    assert.ok(html.includes(e(story.url)), 'the postmortem URL is not shown');
    assert.ok(html.includes('id="open-postmortem"'), 'no "Open the original postmortem" button');
  });

  test('the story view has a strict Content-Security-Policy and loads nothing remote', async () => {
    if (api.storyPanel.currentStoryId() !== STORY) assert.ok(await api.storyPanel.open(STORY));
    const html = api.storyPanel.currentHtml();
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
    assert.strictEqual(metas.length, 1, 'exactly one CSP <meta>');
    assert.ok(html.indexOf(metas[0][0]) < html.indexOf('<link'), 'the CSP comes before any resource');
    const csp = new Map(metas[0][1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepStrictEqual(csp.get('default-src'), ["'none'"], `default-src: ${metas[0][1]}`);
    assert.ok(!/unsafe-(inline|eval)/.test(metas[0][1]), `unsafe-* in the CSP: ${metas[0][1]}`);
    const scriptSrc = csp.get('script-src') || [];
    assert.ok(scriptSrc.length === 1 && /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(scriptSrc[0]), `script-src is not nonce-only: ${scriptSrc}`);
    const nonce = scriptSrc[0].slice("'nonce-".length, -1);

    // Every script carries the nonce and has no inline body; styles are only <link>s.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.ok(scripts.length >= 1, 'no script');
    for (const [, attrs, body] of scripts) {
      assert.ok(attrs.includes(`nonce="${nonce}"`), `script without the CSP nonce: <script${attrs}>`);
      assert.strictEqual(body.trim(), '', 'inline script body');
    }
    assert.ok(!/<style\b/i.test(html), 'inline <style>');
    assert.ok(!/<(iframe|object|embed|img|base)\b/i.test(html), 'unexpected embedded element');

    // Every URL the page loads is a webview resource (allowed by style-src, the webview's cspSource),
    // i.e. a file of the extension: nothing from the network.
    const allowed = (csp.get('style-src') || []).map(sourceRegExp);
    assert.ok(allowed.length, 'no style-src');
    const urls = [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1].replace(/&#38;/g, '&'));
    assert.ok(urls.length >= 2, `expected the stylesheet and the script: ${urls}`);
    for (const u of urls) {
      assert.ok(allowed.some((re) => re.test(u)), `${u} is not a webview resource (${csp.get('style-src')})`);
      assert.ok(/\/media\/story\.(css|js)(\?|$)/.test(decodeURIComponent(u)), `${u} is not the extension's media/story.css|js`);
    }
    assert.ok(!/url\(|@import/i.test(html), 'CSS url()/@import in the HTML');
  });

  test('catalogue text is HTML-escaped', async () => {
    const story = cat.stories.find((s) => s.id === QUOTED);
    assert.ok(story && /"/.test(story.title), `fixture precondition: ${QUOTED} has a quoted title`);
    assert.strictEqual(await vscode.commands.executeCommand('k8sFailureStories.openStory', QUOTED), true,
      'the openStory command resolves true');
    assert.strictEqual(api.storyPanel.currentStoryId(), QUOTED);
    const html = api.storyPanel.currentHtml();
    assert.ok(html.includes(`<h1>${h.escapeHtml(story.title)}</h1>`), 'escaped title');
    assert.ok(!html.includes(story.title), `the raw title (with its quotes) is in the HTML: ${story.title}`);
    await storyTabCount(1);
    await h.until(() => storyTabs()[0].label === story.title, 'the tab to follow the story title',
      { events: [vscode.window.tabGroups.onDidChangeTabs], timeoutMs: 10000 });
    assert.strictEqual(storyTabs().length, 1, 'the story view is reused, not opened twice');
  });

  test('open() of an unknown id resolves false and keeps the current story', async () => {
    const before = api.storyPanel.currentStoryId();
    assert.ok(before);
    assert.strictEqual(await api.storyPanel.open('no-such-story'), false);
    assert.strictEqual(api.storyPanel.currentStoryId(), before);
    await storyTabCount(1);
  });

  test('closing the view clears the current story', async () => {
    await storyTabCount(1);
    await vscode.window.tabGroups.close(storyTabs()[0]);
    await h.until(() => api.storyPanel.currentStoryId() === undefined, 'currentStoryId() to be undefined after closing',
      { timeoutMs: 10000 });
    assert.strictEqual(api.storyPanel.currentHtml(), undefined);
    assert.strictEqual(api.storyPanel.isVisible(), false);
  });
});
