#!/usr/bin/env node
// Real-editor end-to-end tests (`npm run test:editor`).
//
//   1. provision: scripts/editor/setup.sh (Chromium + code-server, cached outside the repo)
//   2. `npm run package` -> k8s-failure-stories.vsix, then `code-server --install-extension` into an isolated
//      extensions dir (proves the .vsix / .vscodeignore ship everything the extension needs)
//   3. start code-server on 127.0.0.1:<free port> with isolated state, in its own process group
//   4. API suite: test/editor/suite (mocha) inside the remote Node extension host, against the *installed*
//      extension. VS Code only runs extensionTestsPath together with an extensionDevelopmentPath, so the
//      development path is an empty stub (test/editor/runner-ext): the extension under test is loaded once,
//      from the installed .vsix, in production mode.
//   5. UI suite: test/editor/ui.mjs, Playwright on the workbench DOM, screenshots in test-results/editor/
//   6. web stage: test/editor/web.mjs, the extension forced into the browser's web-worker extension host
//      (as on vscode.dev / github.dev), on the fixture folder and on a virtual memfs: folder (memfs-ext/)
//   7. stop everything (process group kill), also on SIGINT/SIGTERM and exceptions
//
// Usage: node test/editor/run.mjs [--only api|ui|web] [--update-docs-images] [--keep] [--no-package]
// Env: see test/editor/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeServer } from './lib/code-server.mjs';
import { log, run, tail, warn, withTimeout } from './lib/util.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : undefined; };

const ONLY = opt('--only'); // api | ui | web
const wants = (stage) => !ONLY || ONLY === stage;
const CI = process.env.CI === 'true';
const EXT_DIR = path.resolve(process.env.K8SFS_EDITOR_EXT_DIR || REPO); // the extension to package
const OUT = path.resolve(process.env.K8SFS_EDITOR_OUT || path.join(REPO, 'test-results', 'editor'));
const KEEP = flag('--keep') || process.env.K8SFS_EDITOR_KEEP === '1';
const SKIP_PACKAGE = flag('--no-package') || process.env.K8SFS_EDITOR_SKIP_PACKAGE === '1';
const TESTS_PATH = path.resolve(process.env.K8SFS_EDITOR_SUITE || path.join(HERE, 'suite', 'index.js'));
const DEV_PATH = path.resolve(process.env.K8SFS_EDITOR_DEV_PATH || path.join(HERE, 'runner-ext'));
const API_TIMEOUT_MS = Number(process.env.K8SFS_EDITOR_API_TIMEOUT_MS || 300000);
const UI_TIMEOUT_MS = Number(process.env.K8SFS_EDITOR_UI_TIMEOUT_MS || 240000);
const WEB_TIMEOUT_MS = Number(process.env.K8SFS_EDITOR_WEB_TIMEOUT_MS || 420000);

if (ONLY && !['api', 'ui', 'web'].includes(ONLY)) {
  console.error(`--only takes api, ui or web, not ${ONLY}`);
  process.exit(2);
}

let server = null;
let browser = null;
let stateDir = null;
let cleaning = null;

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (browser) await withTimeout(browser.close(), 15000, 'closing the browser').catch((e) => warn(e.message));
    if (server) await server.stop();
    if (stateDir && !KEEP) {
      try { fs.rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 }); } catch (e) { warn(`could not remove ${stateDir}: ${e.message}`); }
    }
    else if (stateDir) log(`kept state in ${stateDir}`);
  })();
  return cleaning;
}

process.on('exit', () => { if (server) server.killNow(); });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    warn(`${sig}: stopping code-server and the browser`);
    await cleanup().catch(() => {});
    process.exit(130);
  });
}

function parseKv(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

async function provision() {
  log('provisioning (scripts/editor/setup.sh)');
  const r = await run('bash', [path.join(REPO, 'scripts', 'editor', 'setup.sh')],
    { timeoutMs: 30 * 60000, passStderr: true });
  if (r.code === 3) {
    const msg = 'no Chromium/Chrome browser available and none could be installed';
    if (CI) throw new Error(`${msg} (CI=true: not skipping)`);
    const bar = '!'.repeat(78);
    console.error(`\n${bar}\n!! SKIPPING the real-editor tests: ${msg}.\n!! Set CHROMIUM_PATH, or run as root on ` +
      `Debian/Ubuntu. With CI=true this is a failure.\n${bar}\n`);
    process.exit(0);
  }
  if (r.code !== 0) throw new Error(`scripts/editor/setup.sh failed (exit ${r.code})\n${r.stdout}`);
  const kv = parseKv(r.stdout);
  for (const k of ['CHROMIUM_PATH', 'CODE_SERVER_ENTRY']) {
    if (!kv[k]) throw new Error(`setup.sh did not print ${k}=...:\n${r.stdout}`);
  }
  return kv;
}

async function packageVsix() {
  const pkg = JSON.parse(fs.readFileSync(path.join(EXT_DIR, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`;
  if (EXT_DIR !== REPO || SKIP_PACKAGE) {
    // Harness development against another extension folder, or a pre-built .vsix.
    const vsix = process.env.K8SFS_EDITOR_VSIX || path.join(EXT_DIR, `${pkg.name}.vsix`);
    if (EXT_DIR !== REPO && !SKIP_PACKAGE) {
      log(`packaging ${EXT_DIR} with vsce`);
      const vsce = path.join(REPO, 'node_modules', '.bin', 'vsce');
      const r = await run(vsce, ['package', '--out', vsix], { cwd: EXT_DIR, timeoutMs: 180000 });
      if (r.code !== 0) throw new Error(`vsce package failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    if (!fs.existsSync(vsix)) throw new Error(`no .vsix at ${vsix}`);
    return { vsix, id, pkg };
  }
  log('npm run package (esbuild + vsce)');
  const vsix = path.join(REPO, `${pkg.name}.vsix`);
  const started = Date.now();
  const r = await run('npm', ['run', 'package'], { cwd: REPO, timeoutMs: 300000 });
  if (r.code !== 0) throw new Error(`npm run package failed (exit ${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  if (!fs.existsSync(vsix) || fs.statSync(vsix).mtimeMs < started - 2000) {
    throw new Error(`npm run package succeeded but did not (re)write ${vsix}`);
  }
  return { vsix, id, pkg };
}

/** The installed copy must contain what package.json points at (desktop and web) and the language servers the clients start. */
function checkInstalled(dir, pkg) {
  const must = [pkg.main, pkg.browser];
  for (const server of ['dist/server.js', 'dist/browser-server.js']) if (fs.existsSync(path.join(EXT_DIR, server))) must.push(server);
  const missing = must.filter((f) => f && !fs.existsSync(path.join(dir, f.replace(/^\.\//, ''))));
  if (missing.length) throw new Error(`the installed extension lacks ${missing.join(', ')} (check .vscodeignore)`);
}

/** The test extension serving the virtual memfs: folder (test/editor/memfs-ext), packaged and installed beside ours. */
async function installMemfs() {
  const dir = path.join(HERE, 'memfs-ext');
  const { publisher, name } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const vsix = path.join(stateDir, 'memfs-test.vsix');
  const vsce = path.join(REPO, 'node_modules', '.bin', 'vsce');
  const r = await run(vsce, ['package', '--skip-license', '--allow-missing-repository', '--out', vsix], { cwd: dir, timeoutMs: 120000 });
  if (r.code !== 0) throw new Error(`packaging memfs-ext failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  await server.installVsix(vsix, { id: `${publisher}.${name}` });
  log('installed memfs-ext (the web stage\'s virtual folder)');
}

function copyWorkspace(name) {
  const dst = path.join(stateDir, name);
  const src = process.env.K8SFS_EDITOR_WORKSPACE || path.join(HERE, 'workspace');
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}

async function main() {
  const t0 = Date.now();
  const env = await provision();
  const { vsix, id, pkg } = await packageVsix();

  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sfs-editor-'));
  fs.mkdirSync(OUT, { recursive: true });
  server = new CodeServer({ entry: env.CODE_SERVER_ENTRY, stateDir, env: { K8SFS_EDITOR_RUN: '1', K8SFS_EDITOR_REPO: REPO } });

  log(`installing ${path.basename(vsix)} with code-server --install-extension`);
  const installed = await server.installVsix(vsix, { id });
  checkInstalled(installed, pkg);
  log(`installed ${path.basename(installed)}`);
  if (wants('web')) await installMemfs();

  log('starting code-server');
  const url = await server.start();
  log(`code-server up at ${url} (pid/pgid ${server.pid}, state ${stateDir})`);

  const { launchBrowser, runExtensionTests } = await import('./lib/workbench.mjs');
  browser = await withTimeout(launchBrowser(env.CHROMIUM_PATH), 90000, 'launching Chromium');

  const results = {};
  if (wants('api')) {
    const folder = copyWorkspace('ws-api');
    log(`API suite: ${path.relative(REPO, TESTS_PATH)} in the extension host (workspace ${folder})`);
    const code = await withTimeout(runExtensionTests(browser, {
      baseUrl: url, folder, testsPath: TESTS_PATH, devPath: DEV_PATH, timeoutMs: API_TIMEOUT_MS,
      failShot: path.join(OUT, 'api-failure.png'),
    }), API_TIMEOUT_MS + 90000, 'the API suite');
    results.api = code === 0;
    log(`API suite ${results.api ? 'passed' : `FAILED (exit ${code})`}`);
  }
  if (wants('ui')) {
    const folder = copyWorkspace('ws-ui');
    const { runUiSuite } = await import('./ui.mjs');
    log(`UI suite (workspace ${folder}; screenshots in ${path.relative(REPO, OUT) || OUT})`);
    const ok = await withTimeout(runUiSuite({
      browser, baseUrl: url, folder, outDir: OUT,
      docsDir: flag('--update-docs-images') ? path.join(REPO, 'docs', 'images') : null,
    }), UI_TIMEOUT_MS, 'the UI suite');
    results.ui = ok;
    log(`UI suite ${ok ? 'passed' : 'FAILED'}`);
  }
  if (wants('web')) {
    // Last: new windows from here on run the extension in the web worker, as vscode.dev would.
    server.updateUserSettings({ 'remote.extensionKind': { [id]: ['web'] } });
    const folder = copyWorkspace('ws-web');
    const memfsWorkspace = path.join(stateDir, 'memfs.code-workspace');
    fs.writeFileSync(memfsWorkspace, JSON.stringify({ folders: [{ uri: 'memfs:/repo', name: 'repo' }] }));
    const { runWebSuite } = await import('./web.mjs');
    log(`web stage: the extension in the web worker extension host (workspace ${folder}, then memfs:/repo)`);
    const runWeb = () => withTimeout(runWebSuite({
      browser, baseUrl: url, folder, memfsWorkspace, installedDir: installed, outDir: path.join(OUT, 'web'),
      docsDir: flag('--update-docs-images') ? path.join(REPO, 'docs', 'images') : null,
    }), WEB_TIMEOUT_MS, 'the web stage');
    let ok = await runWeb();
    // The web-worker host in code-server sometimes never shows the memfs: folder in the explorer (about one
    // run in five, cause not found yet); in CI a failed web stage gets one more whole attempt, and says so.
    if (!ok && process.env.CI) {
      log('web stage failed; CI runs it once more');
      ok = await runWeb();
    }
    results.web = ok;
    log(`web stage ${ok ? 'passed' : 'FAILED'}`);
  }
  const failed = Object.entries(results).filter(([, ok]) => !ok).map(([k]) => k);
  fs.copyFileSync(server.logFile, path.join(OUT, 'code-server.log'));
  if (failed.length) dumpLogs();
  log(`editor tests ${failed.length ? `FAILED (${failed.join(', ')})` : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return failed.length ? 1 : 0;
}

function dumpLogs() {
  if (!server) return;
  console.error(`\n----- code-server log (tail) ${server.logFile} -----\n${tail(server.logFile, 60)}`);
  const logsOut = path.join(OUT, 'vscode-logs');
  for (const f of server.vscodeLogFiles()) {
    const rel = path.relative(path.join(server.dirs.data, 'logs'), f);
    fs.mkdirSync(path.dirname(path.join(logsOut, rel)), { recursive: true });
    fs.copyFileSync(f, path.join(logsOut, rel));
    if (/exthost|k8s|Failure Stories/i.test(rel)) {
      console.error(`\n----- ${rel} (tail) -----\n${tail(f, 40)}`);
    }
  }
  console.error(`\n(VS Code logs copied to ${logsOut})`);
}

let code = 1;
try {
  code = await main();
} catch (e) {
  warn(`ERROR: ${e && e.stack ? e.stack : e}`);
  try { dumpLogs(); } catch { /* best effort */ }
  code = 1;
} finally {
  await cleanup().catch((e) => warn(`cleanup: ${e.message}`));
}
process.exit(code);
