// Drive code-server's web workbench with playwright-core + a system Chromium.
import { createRequire } from 'node:module';
import { elapsed, log, warn } from './util.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export async function launchBrowser(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 60000,
    // run.mjs handles signals itself (stops code-server, closes the browser, removes its temp state).
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    // Playwright always uses a fresh temporary profile (a --user-data-dir in args is rejected).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function workbenchUrl(base, folder) {
  return `${base}/?folder=${encodeURIComponent(folder)}`;
}

/**
 * Browser console noise that is expected offline (gallery lookups, vsda wasm 404s...).
 * Everything else at level "error" is echoed when K8SFS_EDITOR_VERBOSE is unset.
 */
const NOISE = /open-vsx\.org|ENOTFOUND|vsda|Failed to load resource|marketplace|ERR_NAME_NOT_RESOLVED|update\.code|net::ERR_|Long running operations during shutdown/i;

export function attachConsole(page, prefix, { skip = null } = {}) {
  const verbose = !!process.env.K8SFS_EDITOR_VERBOSE;
  page.on('console', (m) => {
    const text = m.text();
    if (verbose || (m.type() === 'error' && !NOISE.test(text) && !(skip && skip.test(text)))) {
      console.log(`[${prefix} ${elapsed()}] [browser ${m.type()}] ${text.slice(0, 600)}`);
    }
  });
  page.on('pageerror', (e) => console.log(`[${prefix} ${elapsed()}] [pageerror] ${e.message}`));
}

/**
 * Run `--extensionTestsPath`-style tests inside code-server's remote (Node) extension host.
 *
 * The workbench reads its configuration from <meta id="vscode-workbench-web-configuration" data-settings>
 * and the dev/test options from the URL's `payload` parameter. We hook that read to
 *  - set developmentOptions.enableSmokeTestDriver (newer VS Code ignores the test payload in a built
 *    product without it; code-server has no CLI flag for it), and
 *  - add extensionTestsPath (and optionally extensionDevelopmentPath) as vscode-remote:// URIs built from
 *    the page's own remoteAuthority.
 * When the tests module's run() settles, the workbench calls window.codeAutomationExit(code)
 * (0 = resolved, 1 = rejected) and forwards extension-host console output to window.codeAutomationLog.
 * (Rewriting the HTML with page.route instead breaks the remote WebSocket: don't.)
 *
 * @returns {Promise<number>} the exit code
 */
export async function runExtensionTests(browser, { baseUrl, folder, testsPath, devPath, timeoutMs, failShot }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  const page = await context.newPage();
  // The renderer re-logs extension-host errors ("%c  ERR ..."); codeAutomationLog already shows them.
  attachConsole(page, 'api', { skip: /^%c|extension API test\(s\) failed/ });
  let resolveExit;
  const exited = new Promise((r) => { resolveExit = r; });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const parts = Array.isArray(args) ? args : [args];
    const line = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    // The remote extension host echoes its own resolver chatter; keep the test output readable.
    if (!process.env.K8SFS_EDITOR_VERBOSE && (/^(Resolv|Creat|Updating additional|\[Service Worker\]|ChatSession)/.test(line) ||
      NOISE.test(line))) return;
    for (const l of line.split('\n')) console.log(`  ${type === 'error' ? '!' : '|'} ${l}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  await page.addInitScript(({ testsPath, devPath }) => {
    const orig = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (name) {
      const v = orig.call(this, name);
      if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !v) return v;
      const cfg = JSON.parse(v);
      cfg.developmentOptions = { ...(cfg.developmentOptions || {}), enableSmokeTestDriver: true };
      const remote = (p) => `vscode-remote://${cfg.remoteAuthority}${p}`;
      const u = new URL(location.href);
      if (!u.searchParams.has('payload')) {
        const payload = [['extensionTestsPath', remote(testsPath)]];
        if (devPath) payload.unshift(['extensionDevelopmentPath', remote(devPath)]);
        u.searchParams.set('payload', JSON.stringify(payload));
        history.replaceState(history.state, '', u.toString());
      }
      return JSON.stringify(cfg);
    };
  }, { testsPath, devPath: devPath || null });
  try {
    await page.goto(workbenchUrl(baseUrl, folder), { timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    log('workbench loaded; extension tests running in the extension host');
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      warn(`API suite: no codeAutomationExit after ${timeoutMs / 1000} s`);
      if (failShot) await page.screenshot({ path: failShot }).catch(() => {});
      return 124;
    }
    return result;
  } catch (e) {
    if (failShot) await page.screenshot({ path: failShot }).catch(() => {});
    throw e;
  } finally {
    await context.close().catch(() => {});
  }
}
