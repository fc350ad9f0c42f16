#!/usr/bin/env node
// Web stage: the extension in the browser's web-worker extension host, as on vscode.dev / github.dev.
// run.mjs starts code-server with the user setting `remote.extensionKind: { <our id>: ["web"] }`, so the
// workbench runs the extension's `browser` entry (dist/browser-client.js) in its web worker and the
// language server (dist/browser-server.js) in a worker of that worker. Then:
//   - web kind: no Node language server (dist/server.js) runs, and the worker script is browser-server.js;
//   - the UI suite (ui.mjs) as on the desktop: squiggle, Problems, hover card with a story, This file,
//     Catalogue, Search, story view; screenshots in <outDir>;
//   - a quick fix (Ctrl+.) on fixable.yaml changes the text and the finding goes;
//   - a virtual workspace (memfs-ext, a memfs: file system): a Deployment gets the finding that needs
//     the Service in another virtual file (the index read it through vscode.workspace.fs).
// The time from opening a file to its first squiggle is printed (cold: the first file; warm: the next).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { attachConsole, workbenchUrl } from './lib/workbench.mjs';
import { elapsed } from './lib/util.mjs';
import { runUiSuite } from './ui.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const say = (...a) => console.log(`[web ${elapsed()}]`, ...a);

/** Node processes running the installed desktop language server (there must be none in the web kind). */
function nodeServers(installedDir) {
  const out = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(path.join(installedDir, 'dist', 'server.js')));
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:latest\n';

/**
 * The web language server alone, in a plain Chromium worker (no editor): it answers initialize, and
 * each opened document gets its diagnostics. Returns the rule ids and the times, in ms, from creating
 * the worker to the initialize answer and from each didOpen to its first diagnostics.
 */
async function serverInChromium(browser, script) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.route('http://kfs.test/**', (route) => (route.request().url().endsWith('.js')
      ? route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(script, 'utf8') })
      : route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>worker</title>' })));
    await page.goto('http://kfs.test/');
    return await page.evaluate(async (text) => {
      const started = performance.now();
      const worker = new Worker('/browser-server.js');
      let nextId = 0;
      const answers = new Map();
      const published = new Map();
      worker.onmessage = ({ data }) => {
        if (data.method === 'textDocument/publishDiagnostics') published.get(data.params.uri)?.(data.params.diagnostics);
        else if (data.method && data.id !== undefined) worker.postMessage({ jsonrpc: '2.0', id: data.id, result: null }); // no files, no settings
        else if (data.id !== undefined) answers.get(data.id)?.(data.result);
      };
      const request = (method, params) => new Promise((resolve) => {
        answers.set(++nextId, resolve);
        worker.postMessage({ jsonrpc: '2.0', id: nextId, method, params });
      });
      const open = (uri) => new Promise((resolve) => {
        const at = performance.now();
        published.set(uri, (diagnostics) => resolve({ ms: Math.round(performance.now() - at), codes: diagnostics.map((d) => d.code) }));
        worker.postMessage({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
      });
      await request('initialize', { processId: null, rootUri: null, workspaceFolders: null, capabilities: {} });
      const initializeMs = Math.round(performance.now() - started);
      worker.postMessage({ jsonrpc: '2.0', method: 'initialized', params: {} });
      const first = await open('memfs:/a/pod.yaml');
      const second = await open('memfs:/b/pod.yaml');
      worker.terminate();
      return { initializeMs, first, second };
    }, POD);
  } finally {
    await context.close().catch(() => {});
  }
}

/** @returns {Promise<boolean>} true when every step passed */
export async function runWebSuite({ browser, baseUrl, folder, memfsWorkspace, installedDir, outDir, docsDir = null }) {
  fs.mkdirSync(outDir, { recursive: true });
  const results = [];
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  attachConsole(page, 'web');
  page.setDefaultTimeout(30000);
  let current = page; // the page a failing step's screenshot shows
  const shot = (name) => current.screenshot({ path: path.join(outDir, `${name}.png`) });
  const step = async (name, fn) => {
    const t = Date.now();
    try {
      await fn();
      results.push(true);
      say(`✓ ${name} (${Date.now() - t} ms)`);
      return true;
    } catch (e) {
      results.push(false);
      say(`✗ ${name}\n    ${String(e && e.message || e).split('\n').join('\n    ')}`);
      await shot(`failure-${name.replace(/\W+/g, '-').toLowerCase()}`).catch(() => {});
      return false;
    }
  };
  /** Opens `file` with Quick Open and waits for its tab. */
  const open = async (file) => {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(file);
    // Click the file's row: Enter may still pick a row the list showed before it filtered.
    await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`).first().click();
    await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${file}"]`);
  };
  /** Milliseconds from `started` until the active editor shows a squiggle. */
  const untilSquiggle = async (started) => {
    await page.waitForSelector('.editor-instance .monaco-editor [class*="squiggly-"]', { timeout: 60000 });
    return Date.now() - started;
  };
  /**
   * The Problems panel's rows of `rule` under `file`'s heading (each file's findings follow its name).
   * The panel is filtered to the rule: its list only renders the rows in view.
   */
  const problems = async (file, rule) => {
    if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M'); // it toggles
    await page.waitForSelector('.markers-panel');
    const filter = page.locator('.part.panel input[placeholder^="Filter"]').first();
    if ((await filter.inputValue()) !== rule) await filter.fill(rule);
    const rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    let heading = '';
    return rows.filter((row) => {
      if (!row.includes('k8s-failure-stories')) heading = row;
      return heading.startsWith(file) && row !== heading && row.includes(rule);
    });
  };

  await step('the web server alone in a Chromium worker answers initialize and publishes diagnostics', async () => {
    const run = await serverInChromium(browser, path.join(installedDir, 'dist', 'browser-server.js'));
    say(`initialize answered ${run.initializeMs} ms after the worker was created; first diagnostics ${run.first.ms} ms after didOpen, ${run.second.ms} ms for the next file`);
    for (const { codes } of [run.first, run.second]) if (!codes.includes('image-tag-latest')) throw new Error(`no image-tag-latest among ${codes.join(', ')}`);
  });
  /** Waits (30 s at most) until the Problems panel lists `count` findings of `rule` in `file`. */
  const problemsUntil = async (file, rule, count) => {
    for (const until = Date.now() + 30000; (await problems(file, rule)).length !== count;) {
      if (Date.now() > until) throw new Error(`the Problems panel does not list ${count} ${rule} in ${file} after 30 s: ${(await problems(file, rule)).join(' | ')}`);
      await page.waitForTimeout(100);
    }
  };

  try {
    let ok = await step('the extension runs in the web worker: its worker language server answers, no Node server starts', async () => {
      await page.goto(workbenchUrl(baseUrl, folder), { timeout: 60000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label*="manifests"]', { timeout: 60000 });
      const cold = Date.now();
      await open('deployment.yaml');
      say(`first squiggle ${await untilSquiggle(cold)} ms after opening the first file (activation and worker start included)`);
      const warm = Date.now();
      await open('cronjob.yaml');
      say(`first squiggle ${await untilSquiggle(warm)} ms after opening the next file`);
      const servers = nodeServers(installedDir);
      if (servers.length) throw new Error(`a Node language server runs: ${servers.join(' | ')}`);
      // VS Code wraps every extension worker in a blob: script; the client names ours (browser-main.ts).
      const names = await Promise.all(page.workers().map((w) => w.evaluate(() => self.name).catch(() => '?')));
      if (!names.some((name) => name.endsWith('k8s-failure-stories-server'))) throw new Error(`no worker named k8s-failure-stories-server: ${names.join(', ')}`);
    });
    ok = ok && await step('a quick fix (Ctrl+.) on fixable.yaml adds the requests and its finding goes', async () => {
      await open('fixable.yaml');
      await untilSquiggle(Date.now());
      await problemsUntil('fixable.yaml', 'requests-missing', 1);
      await page.locator('.editor-instance .monaco-editor .view-lines').click({ position: { x: 5, y: 5 } }); // back to the editor
      // requests-missing is reported on the container's name value.
      await page.locator('.editor-instance .monaco-editor .view-line', { hasText: '- name: app' }).locator('span span', { hasText: 'app' }).last().click();
      await page.keyboard.press('Control+.');
      await page.locator('.action-widget .monaco-list-row').first().waitFor({ state: 'visible' });
      await shot('web-quick-fix');
      // Walk the menu with the keyboard (a click would land on its pointer block) to the fix, and apply it.
      const focused = () => page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label').catch(() => '');
      for (let moves = 0; !(await focused())?.startsWith('Add cpu and memory requests'); moves++) {
        if (moves > 12) throw new Error(`no "Add cpu and memory requests" in the quick fix menu: ${(await page.locator('.action-widget .monaco-list-row').allInnerTexts()).join(' | ')}`);
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Enter');
      await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'requests:' }).first().waitFor({ state: 'visible' });
      await problemsUntil('fixable.yaml', 'requests-missing', 0);
    });
  } finally {
    await context.close().catch(() => {});
  }

  say('UI suite in the web worker extension host');
  results.push(await runUiSuite({ browser, baseUrl, folder, outDir, docsDir: null }));

  const virtual = await browser.newContext({ viewport: VIEWPORT });
  const vpage = await virtual.newPage();
  current = vpage;
  attachConsole(vpage, 'web');
  vpage.setDefaultTimeout(30000);
  try {
    await step('a virtual (memfs:) workspace folder: the index reads its other files through the editor', async () => {
      const row = (name) => vpage.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
      // The workbench sometimes opens the workspace with no folder at all ("No folder opened": it resolved
      // memfs:/repo before memfs-ext registered its file system, and does not try again); a fresh load does.
      for (let load = 1; ; load++) {
        await vpage.goto(`${baseUrl}/?workspace=${encodeURIComponent(memfsWorkspace)}`, { timeout: 60000 });
        const shown = await row('app').waitFor({ state: 'visible', timeout: 30000 }).then(() => true, () => false);
        if (shown) break;
        if (load === 3) throw new Error('the Explorer never showed memfs:/repo in 3 loads of the workspace');
        say(`the Explorer shows no memfs:/repo folder after load ${load}; loading the workspace again`);
      }
      await row('app').click();
      await row('deployment.yaml').click();
      await vpage.waitForSelector('.tabs-container .tab.active[aria-label*="deployment.yaml"]');
      await vpage.waitForSelector('.editor-instance .monaco-editor [class*="squiggly-"]', { timeout: 60000 });
      await vpage.keyboard.press('Control+Shift+M');
      const listed = async () => (await vpage.locator('.markers-panel .monaco-list-row').allInnerTexts()).join(' | ');
      await vpage.locator('.markers-panel .monaco-list-row', { hasText: 'prestop-hook-missing' }).first().waitFor({ state: 'visible' })
        .catch(async () => { throw new Error(`no prestop-hook-missing (it needs the Service in memfs:/repo/app/service.yaml): ${await listed()}`); });
      await vpage.screenshot({ path: path.join(outDir, 'web-virtual.png') });
      if (docsDir) fs.copyFileSync(path.join(outDir, 'web-virtual.png'), path.join(docsDir, 'web.png'));
    });
  } finally {
    await virtual.close().catch(() => {});
  }
  const failed = results.filter((r) => !r).length;
  say(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0;
}
