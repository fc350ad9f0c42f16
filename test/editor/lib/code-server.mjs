// Start/stop an isolated code-server (VS Code server + web workbench) for the editor tests.
// Everything it writes (config, user data, extensions, XDG dirs, log) lives under `stateDir`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, groupAlive, run, stopGroup, tail } from './util.mjs';

/** User settings for the test profile: no startup noise, no network, fast hovers. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'editor.hover.delay': 100,
  'files.autoSave': 'off',
  'git.enabled': false,
};

export class CodeServer {
  /**
   * @param {{entry: string, stateDir: string, env?: object}} o
   *   entry: code-server's out/node/entry.js; env: extra env for the server (reaches the extension host).
   */
  constructor({ entry, stateDir, env = {} }) {
    this.entry = entry;
    this.state = stateDir;
    this.extraEnv = env;
    this.dirs = {
      data: path.join(stateDir, 'data'),
      exts: path.join(stateDir, 'extensions'),
      config: path.join(stateDir, 'xdg-config'),
      cache: path.join(stateDir, 'xdg-cache'),
      xdgData: path.join(stateDir, 'xdg-data'),
    };
    this.configFile = path.join(this.dirs.config, 'code-server.yaml');
    this.logFile = path.join(stateDir, 'code-server.log');
    this.pid = 0;
    for (const d of Object.values(this.dirs)) fs.mkdirSync(d, { recursive: true });
    fs.mkdirSync(path.join(this.dirs.data, 'User'), { recursive: true });
    this.updateUserSettings({});
  }

  /** Writes the test profile's user settings plus `extra`; windows opened afterwards read them. */
  updateUserSettings(extra) {
    fs.writeFileSync(path.join(this.dirs.data, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extra }, null, 2));
  }

  get env() {
    // Any code-server invocation writes ~/.config/code-server/config.yaml unless XDG_CONFIG_HOME/--config is set.
    return {
      ...process.env,
      XDG_CONFIG_HOME: this.dirs.config,
      XDG_CACHE_HOME: this.dirs.cache,
      XDG_DATA_HOME: this.dirs.xdgData,
      ...this.extraEnv,
    };
  }

  commonArgs() {
    return ['--config', this.configFile, '--user-data-dir', this.dirs.data, '--extensions-dir', this.dirs.exts];
  }

  /** `code-server --install-extension <vsix>`; returns the installed extension's folder. */
  async installVsix(vsix, { id, timeoutMs = 120000 }) {
    fs.writeFileSync(this.configFile, 'auth: none\ncert: false\n');
    const r = await run(process.execPath, [this.entry, ...this.commonArgs(), '--install-extension', vsix],
      { env: this.env, timeoutMs });
    if (r.code !== 0) throw new Error(`--install-extension failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    const dir = fs.readdirSync(this.dirs.exts).find((d) => d.toLowerCase().startsWith(id.toLowerCase() + '-'));
    if (!dir) throw new Error(`--install-extension exited 0 but ${id} is not in ${this.dirs.exts}:\n${r.stdout}`);
    return path.join(this.dirs.exts, dir);
  }

  async start({ timeoutMs = 60000 } = {}) {
    this.port = await freePort();
    fs.writeFileSync(this.configFile, `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
    const out = fs.openSync(this.logFile, 'a');
    // detached => setsid(): the server, its extension hosts, language servers, file watcher and pty host
    // share one process group that stop() kills as a whole.
    const child = spawn(process.execPath, [this.entry, ...this.commonArgs(),
      '--auth', 'none', '--bind-addr', `127.0.0.1:${this.port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--disable-proxy'],
    { env: this.env, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.pid = child.pid;
    let exited = null;
    child.on('exit', (code, signal) => { exited = { code, signal }; });
    child.unref();
    this.url = `http://127.0.0.1:${this.port}`;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (exited) throw new Error(`code-server exited during startup (${JSON.stringify(exited)}):\n${tail(this.logFile)}`);
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return this.url;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`code-server not healthy after ${timeoutMs / 1000} s:\n${tail(this.logFile)}`);
  }

  /** Kill the whole process group (SIGTERM, then SIGKILL after a grace period). Safe to call twice. */
  async stop() {
    if (this.pid) await stopGroup(this.pid, 5000);
    this.pid = 0;
  }

  /** Synchronous last resort for process 'exit' handlers. */
  killNow() {
    if (this.pid && groupAlive(this.pid)) {
      try { process.kill(-this.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }

  /** Extension-host and server logs written by VS Code under the user data dir. */
  vscodeLogFiles() {
    const root = path.join(this.dirs.data, 'logs');
    const files = [];
    const walk = (d) => {
      let entries = [];
      try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
      for (const e of entries) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p); else if (e.name.endsWith('.log')) files.push(p);
      }
    };
    walk(root);
    return files;
  }
}
