#!/usr/bin/env node
// UI suite: drives code-server's workbench DOM with Playwright, the way a user would.
//   squiggle on a known line -> Problems panel lists the rule id -> mouse hover shows the story card ->
//   the Failure Stories sidebar: "This file" lists the findings, the Catalogue opens a group ->
//   clicking a finding selects its range -> "Failure Stories: Search…" from the command palette finds the
//   ndots stories -> accepting one opens the story view (a webview) with the story's title ->
//   "Failure Stories: Check Workspace" fills the Could Happen Here view and Problems gets closed files;
//   a click on an object opens its file -> the story view's "In this workspace" lists the objects and
//   its button opens the line.
// Screenshots of every step go to <outDir> (test-results/editor/). With --update-docs-images a curated set
// (DOCS_IMAGES) is also written to docs/images/.
//
// Normally called by run.mjs. Standalone, against a running code-server with the extension installed:
//   node test/editor/ui.mjs --url http://127.0.0.1:PORT --folder /abs/copy/of/test/editor/workspace \
//     [--chromium /usr/bin/chromium] [--out test-results/editor] [--update-docs-images]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachConsole, launchBrowser, workbenchUrl } from './lib/workbench.mjs';
import { elapsed } from './lib/util.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const FILE = 'deployment.yaml'; // test/editor/workspace/manifests/deployment.yaml
const FLAGGED = 'nginx:latest'; // image-tag-latest is reported on this value
const RULE = 'image-tag-latest';

const NDOTS_STORIES = ['zalando-2019-coredns-total-outage', 'toyota-connected-2018-dns-storm'];
const VIEWPORT = { width: 1280, height: 800 };
/** Step screenshot -> docs/images/ file (written with --update-docs-images). */
const DOCS_IMAGES = {
  problems: 'diagnostics.png', // the editor with squiggles and the Problems panel
  hover: 'hover.png', // the story card
  sidebar: 'sidebar.png', // This file + Catalogue
  search: 'search.png', // the Search QuickPick on "ndots"
  'story-view': 'story-view.png', // the story view
  'could-happen-here': 'could-happen-here.png', // Check Workspace: the Could Happen Here view and Problems
  'story-in-workspace': 'story-in-workspace.png', // the story view's In this workspace section
};
const STEPS = 10;

const say = (...a) => console.log(`[ui ${elapsed()}]`, ...a);

/** Monaco's squiggle class for each severity. */
const SQUIGGLE = { error: 'squiggly-error', warning: 'squiggly-warning', information: 'squiggly-info', hint: 'squiggly-hint' };
const RELATION_HEADING = { cause: /Caused outages at /, fix: /Fixed by this at /, related: /\bRelated\n/ };
const RELATION_TEXT = { cause: 'Named as a cause', fix: 'Named as the fix', related: 'Related' };

/** Every rule as the built CLI describes it (`rules --format json`): default severity after the cap, citations strongest first. */
function ruleList() {
  const out = execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' });
  return JSON.parse(out).rules;
}

function storyUrls() {
  const cat = JSON.parse(fs.readFileSync(path.join(REPO, 'data', 'stories.json'), 'utf8'));
  return { urls: new Set(cat.stories.map((s) => s.url)), titles: cat.stories.map((s) => s.title),
    categories: (cat.categories || []).map((c) => c.title), stories: cat.stories };
}

/** @returns {Promise<boolean>} true when every step passed (skipped steps do not fail the suite) */
export async function runUiSuite({ browser, baseUrl, folder, outDir, docsDir = null }) {
  fs.mkdirSync(outDir, { recursive: true });
  if (docsDir) fs.mkdirSync(docsDir, { recursive: true });
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  attachConsole(page, 'ui');
  page.setDefaultTimeout(30000);
  // Content-Security-Policy violations anywhere (the story view's webview frames included) fail its step.
  const cspViolations = [];
  page.on('console', (m) => { if (/Content.Security.Policy|Refused to (load|execute|apply)/i.test(m.text())) cspViolations.push(m.text()); });
  const results = [];
  /** Screenshot of the window, or of `clip` ({ x, y, width, height }, clamped to the viewport). */
  const shot = async (name, { clip } = {}) => {
    const file = path.join(outDir, `${name}.png`);
    const opts = { path: file };
    if (clip) {
      const x = Math.max(0, Math.floor(clip.x)), y = Math.max(0, Math.floor(clip.y));
      opts.clip = { x, y, width: Math.min(VIEWPORT.width - x, Math.ceil(clip.width)), height: Math.min(VIEWPORT.height - y, Math.ceil(clip.height)) };
    }
    await page.screenshot(opts);
    if (docsDir && DOCS_IMAGES[name]) fs.copyFileSync(file, path.join(docsDir, DOCS_IMAGES[name]));
    return file;
  };
  const step = async (name, fn) => {
    const t = Date.now();
    try {
      const r = await fn();
      if (r && r.skip) {
        results.push({ name, status: 'skip' });
        say(`- SKIP ${name}: ${r.skip}`);
      } else {
        results.push({ name, status: 'pass' });
        say(`✓ ${name} (${Date.now() - t} ms)`);
      }
      return true;
    } catch (e) {
      results.push({ name, status: 'fail', error: e });
      say(`✗ ${name}\n    ${String(e && e.message || e).split('\n').join('\n    ')}`);
      await shot(`failure-${name.replace(/\W+/g, '-').toLowerCase()}`).catch(() => {});
      return false;
    }
  };

  const fixtureLines = fs.readFileSync(path.join(folder, 'manifests', FILE), 'utf8').split('\n');
  const flaggedLine = fixtureLines.findIndex((l) => l.includes(FLAGGED)) + 1; // 1-based
  const { urls, titles, stories } = storyUrls();
  const rules = ruleList();
  const flaggedRule = rules.find((r) => r.id === RULE);
  if (!flaggedRule) throw new Error(`the CLI lists no rule ${RULE}`);
  const squiggle = SQUIGGLE[flaggedRule.severity]; // the rule's default severity decides the squiggle's class
  const ndotsTitles = NDOTS_STORIES.map((id) => stories.find((x) => x.id === id)?.title).filter(Boolean);
  if (ndotsTitles.length !== NDOTS_STORIES.length) throw new Error(`data/stories.json lacks one of ${NDOTS_STORIES}`);
  let chosen = null; // the story accepted in the Search QuickPick

  try {
    let ok = await step('workbench opens the fixture folder', async () => {
      await page.goto(workbenchUrl(baseUrl, folder), { timeout: 60000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label*="manifests"]', { timeout: 60000 });
    });
    ok = ok && await step(`opening manifests/${FILE} shows a squiggle on line ${flaggedLine}`, async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(FILE);
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${FILE}"]`);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${FILE}"]`);
      await page.waitForSelector('.monaco-editor .view-lines', { state: 'visible' });
      // Language-server findings arrive after the client starts: wait for the squiggle, not a fixed time.
      await page.waitForSelector(`.monaco-editor .${squiggle}`, { timeout: 60000 });
      const found = await page.waitForFunction(({ needle, line, squiggle }) => {
        const editor = document.querySelector('.editor-instance .monaco-editor');
        if (!editor) return null;
        const lineEl = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.includes(needle));
        if (!lineEl) return null;
        const lb = lineEl.getBoundingClientRect();
        const mid = lb.top + lb.height / 2;
        const num = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
          .find((n) => { const b = n.getBoundingClientRect(); return b.top <= mid && b.bottom >= mid; });
        const squiggles = [...editor.querySelectorAll(`.${squiggle}`)]
          .filter((s) => { const b = s.getBoundingClientRect(); return b.top <= mid && b.bottom >= mid; });
        if (!squiggles.length) return null;
        return { lineNumber: num ? Number(num.textContent.trim()) : null, squiggles: squiggles.length };
      }, { needle: FLAGGED, line: flaggedLine, squiggle }, { timeout: 30000 }).catch(async (e) => {
        const problems = await page.locator(`.${squiggle}`).count();
        throw new Error(`no ${flaggedRule.severity} squiggle on the ${FLAGGED} line (${flaggedLine}) after 30 s ` +
          `(${problems} such squiggle(s) elsewhere in the file; is ${RULE} reported?): ${e.message.split('\n')[0]}`);
      });
      const v = await found.jsonValue();
      if (v.lineNumber !== flaggedLine) throw new Error(`squiggle is on line ${v.lineNumber}, expected ${flaggedLine}`);
      await shot('squiggle');
    });
    ok = ok && await step(`the Problems panel lists ${RULE}`, async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = await page.waitForSelector(`.markers-panel .monaco-list-row:has-text("${RULE}")`);
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      if (!text.includes('k8s-failure-stories')) throw new Error(`Problems row lacks the source: ${text}`);
      if (!text.includes(`${flaggedLine},`) && !text.includes(`Ln ${flaggedLine}`)) {
        // The row shows "[Ln 20, Col 18]" (or "[20, 18]" in older builds).
        throw new Error(`Problems row is not on line ${flaggedLine}: ${text}`);
      }
      await shot('problems');
    });
    ok = ok && await step('a mouse hover on the squiggle shows the story card', async () => {
      await page.keyboard.press('Escape');
      const line = page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: FLAGGED });
      const lb = await line.boundingBox();
      // Hover over the flagged value's text (the squiggle spans it): find it in the line's spans.
      const span = line.locator('span span', { hasText: FLAGGED.split(':')[0] }).last();
      const sb = (await span.count()) ? await span.boundingBox() : null;
      const x = sb ? sb.x + Math.min(10, sb.width / 2) : lb.x + lb.width / 2;
      await page.mouse.move(x, lb.y + lb.height / 2, { steps: 5 });
      const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').last();
      await hover.waitFor({ state: 'visible' });
      // The diagnostic's own part (its code links to a story) shows first; wait for our card after it.
      await page.waitForFunction((rule) => {
        const h = [...document.querySelectorAll('.monaco-hover:not(.hidden)')].map((e) => e.textContent).join(' ');
        return h.includes(rule) && h.includes('Why it matters') && document.querySelector('.monaco-hover:not(.hidden) a[href^="http"]');
      }, RULE, { timeout: 30000 }).catch(() => {});
      const text = (await page.locator('.monaco-hover:not(.hidden)').allInnerTexts()).join('\n');
      const hrefs = await page.locator('.monaco-hover:not(.hidden) a').evaluateAll(
        (as) => as.map((a) => a.getAttribute('data-href') || a.getAttribute('href') || ''));
      const editorBox = await page.locator('.part.editor').boundingBox();
      await shot('hover', { clip: editorBox });
      if (!text.includes(RULE)) throw new Error(`hover does not mention ${RULE}:\n${text}`);
      const storyLinks = hrefs.filter((h) => urls.has(h));
      if (!storyLinks.length) throw new Error(`hover links no story from data/stories.json; links: ${hrefs.join(', ')}\n${text}`);
      if (!titles.some((t) => text.includes(t))) throw new Error(`hover shows no story title:\n${text}`);
      // The card leads with the strongest relation's heading ("Caused outages at …", "Fixed by this at …", "Related").
      const strongest = flaggedRule.citations[0].relation;
      const first = Object.entries(RELATION_HEADING).map(([relation, re]) => [relation, text.search(re)]).filter(([, at]) => at >= 0)
        .sort((a, b) => a[1] - b[1])[0];
      if (!first || first[0] !== strongest) throw new Error(`the hover does not lead with the "${strongest}" heading:\n${text}`);
    });
    /** The story view's frame showing the story `title`: the webview's document lives in nested iframes, so every frame is looked through. */
    const storyFrame = async (title, waitMs = 30000) => {
      const until = Date.now() + waitMs;
      for (;;) {
        for (const f of page.frames()) {
          const h1 = await f.evaluate(() => document.querySelector('body[data-story] h1')?.textContent ?? null).catch(() => null);
          if (h1 === title) return f;
        }
        if (Date.now() > until) throw new Error(`no webview frame shows <h1>${title}</h1> (${page.frames().length} frames)`);
        await page.waitForTimeout(100);
      }
    };
    /** Repeats an action until its effect shows: the sidebar's trees refresh as findings arrive (slower in the
     *  web worker host), and a refresh swallows a click made just before it. */
    const untilShown = async (action, shown, tries = 5) => {
      for (let attempt = 1; ; attempt++) {
        await action();
        try { return await shown(); } catch (err) { if (attempt >= tries) throw err; }
      }
    };
    /** Opens a story from its row's inline action and returns the story view's frame. */
    const openStoryFrom = (row, title) => untilShown(async () => {
      await row.hover();
      await row.locator('.action-label[aria-label="Open Story"]').click();
    }, () => storyFrame(title, 6000));
    /** Runs a command from the command palette (F1) by its title. */
    const runCommand = async (title) => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
      await page.keyboard.type(title);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    };
    const sidebar = page.locator('.part.sidebar');
    const pane = (title) => sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) }).first();
    const rowTexts = async (loc) => (await loc.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    ok = ok && await step('the Failure Stories sidebar: "This file" lists the findings, the Catalogue opens a group', async () => {
      // The activity-bar entry (an <li> holding the icon <a> and the findings badge); click the <li> so the
      // badge, a sibling of the <a>, does not count as intercepting the click.
      const item = page.locator('.activitybar li.action-item:has(a[aria-label^="Failure Stories"])').first();
      await item.click();
      // "This file" follows the active editor: its header names the file.
      const thisFile = pane(/this file/i);
      await thisFile.locator('.pane-header', { hasText: FILE }).waitFor({ state: 'visible' })
        .catch(async () => { throw new Error(`"This file" header does not name ${FILE}: ${await thisFile.locator('.pane-header').innerText()}`); });
      await thisFile.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
      // Collapse All (view toolbar, shown on hover) leaves one row per rule; then open the image-tag-latest rule.
      await thisFile.locator('.pane-header').hover();
      await thisFile.locator('.pane-header .action-label[aria-label^="Collapse All"]').click();
      const ruleRow = thisFile.locator('.monaco-list-row[aria-expanded]', { hasText: `${RULE} · 1` });
      await ruleRow.waitFor({ state: 'visible' }).catch(async () => {
        throw new Error(`no "${RULE} · 1" rule row in "This file": ${(await rowTexts(thisFile)).join(' | ')}`);
      });
      const rules = await thisFile.locator('.monaco-list-row[aria-level="1"]').allInnerTexts();
      if (rules.length < 4) throw new Error(`expected a row per rule (at least 4) in "This file": ${rules.join(' | ')}`);
      const findingRow = thisFile.locator('.monaco-list-row', { hasText: `Ln ${flaggedLine}, Col` }).filter({ hasText: FLAGGED }).first();
      // The rule may be the pane's last row, its findings below the fold (the list renders only the rows
      // it shows): open it, then scroll the list down. A rule opened while the view refreshes shows no
      // children until the next refresh (VS Code answers for a dropped row with none): the view no longer
      // refreshes for the same findings published again, but findings that really change (the workspace
      // index completing) still can, so the next try refreshes the view.
      let tries = 0;
      await untilShown(async () => {
        if (tries++ > 0) {
          await thisFile.locator('.pane-header').hover();
          await thisFile.locator('.pane-header .action-label[aria-label^="Refresh"]').click();
          await ruleRow.waitFor({ state: 'visible' });
        }
        if ((await ruleRow.getAttribute('aria-expanded')) !== 'true') await ruleRow.click();
        await ruleRow.hover();
        await page.mouse.wheel(0, 400);
      }, () => findingRow.waitFor({ state: 'visible', timeout: 6000 })).catch(async () => {
          const rows = await thisFile.locator('.monaco-scrollable-element').first().evaluate((e) => `${e.scrollHeight} px of rows in ${e.clientHeight}`).catch(() => '?');
          throw new Error(`no finding row for ${FLAGGED} (Ln ${flaggedLine}) under ${RULE} (${rows}): ${(await rowTexts(thisFile)).join(' | ')}`);
        });
      // Catalogue: groups by category, collapsed; open the first one and see its stories.
      const catalogue = pane(/catalogue/i);
      await catalogue.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
      const cat = JSON.parse(fs.readFileSync(path.join(REPO, 'data', 'stories.json'), 'utf8'));
      const first = cat.categories.find((c) => cat.stories.some((x) => x.categories.includes(c.id)));
      const inFirst = cat.stories.filter((x) => x.categories.includes(first.id));
      const group = catalogue.locator('.monaco-list-row[aria-level="1"]').first();
      // The row's accessible name is "<label>, <count> stories".
      const groupLabel = await group.getAttribute('aria-label');
      if (groupLabel !== `${first.title}, ${inFirst.length} stories`) {
        throw new Error(`first Catalogue group is "${groupLabel}", expected "${first.title}, ${inFirst.length} stories"`);
      }
      if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
      await page.waitForFunction(() => document.querySelectorAll('.part.sidebar .monaco-list-row[aria-level="2"]').length > 0);
      const until = Date.now() + 30000;
      for (;;) {
        const rows = await catalogue.locator('.monaco-list-row[aria-level="2"]').allInnerTexts();
        const shown = rows.filter((r) => inFirst.some((x) => r.includes(x.title)));
        if (shown.length >= Math.min(3, inFirst.length)) break;
        if (Date.now() > until) throw new Error(`the "${first.title}" group shows no stories of that category: ${rows.join(' | ')}`);
        await page.waitForTimeout(100);
      }
      await shot('sidebar');
    });
    ok = ok && await step(`clicking the ${RULE} finding in "This file" selects ${FLAGGED} in the editor`, async () => {
      // Move the cursor away first, so the status bar shows the click's effect.
      await page.locator('.editor-instance .monaco-editor .view-lines').click({ position: { x: 5, y: 5 } });
      await page.waitForSelector('.statusbar-item:has-text("Ln 1, Col")');
      const row = pane(/this file/i).locator('.monaco-list-row', { hasText: `Ln ${flaggedLine}, Col` }).filter({ hasText: FLAGGED }).first();
      await row.click();
      const want = new RegExp(`Ln ${flaggedLine}, Col \\d+ \\(${FLAGGED.length} selected\\)`);
      await page.waitForFunction((src) => [...document.querySelectorAll('.statusbar-item')].some((e) => new RegExp(src).test(e.textContent)),
        want.source, { timeout: 15000 }).catch(async () => {
        throw new Error(`the status bar does not show ${want}: ${(await page.locator('.statusbar-item').allInnerTexts()).join(' | ')}`);
      });
      const selected = await page.evaluate(() => document.querySelector('.editor-instance .monaco-editor .selected-text') !== null);
      if (!selected) throw new Error('no selection is drawn in the editor');
      await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${FILE}"]`);
      await shot('finding-click');
    });
    ok = ok && await step('"Failure Stories: Search…" from the command palette finds the ndots stories', async () => {
      // Close the Problems panel (Toggle Panel, focus is in the editor): the story view gets the full height.
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10000 });
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await page.keyboard.type('Failure Stories: Search');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Failure Stories: Search…' }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Search Failure Stories' }).waitFor({ state: 'visible' });
      await page.keyboard.type('ndots');
      // The list follows the server's answer for "ndots" (the empty query listed 50 stories first).
      await page.waitForFunction((wanted) => {
        const rows = [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')];
        if (!rows.length || Number(rows[0].getAttribute('aria-setsize')) >= 50) return false;
        return rows.some((r) => wanted.some((t) => r.textContent.includes(t)));
      }, ndotsTitles, { timeout: 30000 }).catch(async () => {
        throw new Error(`the Search QuickPick shows no ${ndotsTitles.join(' / ')} for "ndots": ` +
          (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).join(' | '));
      });
      const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      chosen = stories.find((x) => NDOTS_STORIES.includes(x.id) && rows.some((r) => r.includes(x.title)));
      await shot('search');
    });
    ok = ok && await step('accepting a story opens the story view with its title', async () => {
      const before = cspViolations.length;
      await page.locator('.quick-input-list .monaco-list-row', { hasText: chosen.title }).first().click();
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await page.locator('.tabs-container .tab.active', { hasText: chosen.title }).first().waitFor({ state: 'visible' })
        .catch(async () => { throw new Error(`no active "${chosen.title}" tab: ${(await page.locator('.tabs-container .tab').allInnerTexts()).join(' | ')}`); });
      const frame = await storyFrame(chosen.title);
      // The stylesheet loads after the markup: wait for it to apply (or time out) before reading the layout.
      await frame.waitForFunction(() => getComputedStyle(document.querySelector('.facts')).display === 'grid', null, { timeout: 10000 }).catch(() => undefined);
      const info = await frame.evaluate(() => ({
        story: document.body.dataset.story,
        grid: getComputedStyle(document.querySelector('.facts')).display,
        visible: document.querySelector('h1').getBoundingClientRect().height > 0,
        text: document.body.innerText,
      }));
      if (info.story !== chosen.id) throw new Error(`the story view shows ${info.story}, expected ${chosen.id}`);
      if (!info.visible) throw new Error('the story title is not visible');
      // story.css is a webview resource: when it loads (CSP and localResourceRoots allow it), .facts is a grid.
      if (info.grid !== 'grid') throw new Error(`media/story.css did not apply (.facts display: ${info.grid})`);
      const ndots = rules.find((r) => r.id === 'dns-ndots').citations.find((c) => c.story === chosen.id);
      if (!ndots) throw new Error(`dns-ndots does not cite ${chosen.id}`);
      for (const text of [chosen.organization, 'Summary', 'Lessons', 'Rules that cite this story', 'dns-ndots', RELATION_TEXT[ndots.relation], ndots.note]) {
        if (!info.text.includes(text)) throw new Error(`the story view lacks "${text}":\n${info.text.slice(0, 800)}`);
      }
      // The screenshot shows the citing rules, with their relation and note.
      await frame.evaluate(() => document.querySelector('.rules')?.scrollIntoView({ block: 'end' }));
      await shot('story-view');
      if (cspViolations.length > before) throw new Error(`CSP violations: ${cspViolations.slice(before).join('\n')}`);
    });
    const here = pane(/could happen here/i);
    let strongest = null; // the first story of Could Happen Here: { title, objects: row texts }
    ok = ok && await step('"Failure Stories: Check Workspace" lists the stories that could happen here; Problems lists closed files', async () => {
      await runCommand('View: Close All Editors');
      await runCommand('Failure Stories: Check Workspace');
      const first = here.locator('.monaco-list-row[aria-level="1"]').first();
      await first.waitFor({ state: 'visible', timeout: 60000 });
      // Strongest evidence first: the first story is one the findings repeat as a cause.
      const label = await first.getAttribute('aria-label');
      if (!/, Named as a cause, \d+ objects?$/.test(label)) throw new Error(`the first story is not a cause: ${label}`);
      if ((await first.getAttribute('aria-expanded')) !== 'true') await first.click();
      await here.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ state: 'visible' });
      strongest = { title: label.split(', Named as a cause')[0], objects: await here.locator('.monaco-list-row[aria-level="2"]').allInnerTexts() };
      // Problems shows the findings of files no editor has open: the workspace-check fixture's Deployment.
      // Filtered to one rule, so the list is short enough to show it all.
      await page.keyboard.press('Control+Shift+M');
      const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
      await filter.fill('prestop-hook-missing');
      await page.waitForSelector('.markers-panel .monaco-list-row:has-text("prestop-hook-missing")', { timeout: 60000 });
      const fileRows = await page.locator('.markers-panel .monaco-list-row[aria-level="1"]').allInnerTexts();
      if (!fileRows.some((r) => r.includes('workspace-check'))) throw new Error(`Problems lists no file of workspace-check/: ${fileRows.join(' | ')}`);
      await shot('could-happen-here');
    });
    ok = ok && await step('a click on an object opens its line; the story view\'s "In this workspace" lists the objects and opens the line', async () => {
      const object = here.locator('.monaco-list-row[aria-level="2"]').first();
      const [file, line] = /([^\s/]+\.ya?ml):(\d+)/.exec(strongest.objects[0]).slice(1);
      await object.click();
      await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${file}"]`);
      await page.waitForSelector(`.statusbar-item:has-text("Ln ${line},")`);
      // The status bar sums up the active file's stories.
      await page.waitForSelector('.statusbar-item:has-text("failure stories apply to this file")', { timeout: 15000 }).catch(async () => {
        throw new Error(`no story summary in the status bar: ${(await page.locator('.statusbar-item').allInnerTexts()).join(' | ')}`);
      });
      // The story's own view, from the row's inline action.
      const story = here.locator('.monaco-list-row[aria-level="1"]').first();
      const frame = await openStoryFrom(story, strongest.title);
      const listed = await frame.evaluate(() => [...document.querySelectorAll('#in-workspace button[data-object]')].map((b) => b.parentElement.innerText));
      if (listed.length !== strongest.objects.length) {
        throw new Error(`"In this workspace" lists ${listed.length} objects, the view ${strongest.objects.length}: ${listed.join(' | ')}`);
      }
      await frame.evaluate(() => document.querySelector('#in-workspace')?.parentElement.scrollIntoView({ block: 'start' }));
      // The story view has the focus; the status bar still sums up the file last edited.
      await page.waitForSelector('.statusbar-item:has-text("failure stories apply to this file")', { timeout: 15000 });
      await shot('story-in-workspace');
      await runCommand('View: Close All Editors');
      await page.waitForSelector('.tabs-container .tab.active', { state: 'detached' });
      // Closing the editors closed the story view too: open it again and click the first object.
      await (await openStoryFrom(story, strongest.title)).locator('#in-workspace button[data-object]').first().click();
      await page.waitForSelector(`.tabs-container .tab[aria-label*="${file}"]`);
      await page.waitForSelector(`.statusbar-item:has-text("Ln ${line},")`);
    });
  } finally {
    await context.close().catch(() => {});
  }
  const failed = results.filter((r) => r.status === 'fail');
  const skipped = results.filter((r) => r.status === 'skip');
  say(`${results.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped` +
    (results.length < STEPS ? ` (${STEPS - results.length} not reached)` : ''));
  return failed.length === 0 && results.length === STEPS;
}

// Standalone entry
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : d; };
  const url = opt('--url');
  const folder = opt('--folder');
  if (!url || !folder) {
    console.error('usage: node test/editor/ui.mjs --url <code-server url> --folder <workspace copy> [--chromium path] [--out dir] [--update-docs-images]');
    process.exit(2);
  }
  const browser = await launchBrowser(opt('--chromium', process.env.CHROMIUM_PATH || '/usr/bin/chromium'));
  let ok = false;
  try {
    ok = await runUiSuite({
      browser, baseUrl: url, folder: path.resolve(folder),
      outDir: path.resolve(opt('--out', path.join(REPO, 'test-results', 'editor'))),
      docsDir: args.includes('--update-docs-images') ? path.join(REPO, 'docs', 'images') : null,
    });
  } finally {
    await browser.close();
  }
  process.exit(ok ? 0 : 1);
}
