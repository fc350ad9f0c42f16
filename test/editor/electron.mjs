#!/usr/bin/env node
// The same extension API suite (test/editor/suite) in desktop VS Code via @vscode/test-electron
// (`npm run test:electron`). Needs a VS Code build: downloaded from update.code.visualstudio.com into
// .vscode-test/ (network required), or an existing one given with VSCODE_EXECUTABLE_PATH.
// Offline, use `npm run test:editor` (code-server) instead.
//
// Env: VSCODE_EXECUTABLE_PATH  use this VS Code binary instead of downloading one
//      VSCODE_VERSION          version to download (default "stable")
//      K8SFS_EDITOR_GREP / K8SFS_EDITOR_WAIT_MS  passed to the suite (see suite/index.js)
// Linux without a display: run under xvfb-run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { log, run, warn } from './lib/util.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

async function main() {
  const { runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron');

  log('npm run build');
  const b = await run('npm', ['run', 'build'], { cwd: REPO, timeoutMs: 180000 });
  if (b.code !== 0) throw new Error(`npm run build failed:\n${b.stdout}\n${b.stderr}`);

  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    const version = process.env.VSCODE_VERSION || 'stable';
    log(`downloading VS Code ${version} (cached in .vscode-test/)`);
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 60000 });
    } catch (e) {
      warn(`\nCannot get VS Code ${version}: ${e && e.message ? e.message : e}\n` +
        'test:electron downloads desktop VS Code from update.code.visualstudio.com, which this machine cannot ' +
        'reach.\nEither set VSCODE_EXECUTABLE_PATH to an installed VS Code binary, or run the same suite offline ' +
        'in code-server with `npm run test:editor`.');
      return 2;
    }
  }

  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sfs-electron-ws-'));
  fs.cpSync(path.join(HERE, 'workspace'), ws, { recursive: true });
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sfs-electron-user-'));
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
    'update.mode': 'none', 'extensions.autoUpdate': false, 'git.enabled': false,
  }, null, 2));
  try {
    log(`running test/editor/suite in ${vscodeExecutablePath}`);
    // Development mode from the repo root (dist/ must be built); other installed extensions disabled.
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(HERE, 'suite', 'index.js'),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--skip-release-notes', `--user-data-dir=${userData}`],
      extensionTestsEnv: { K8SFS_EDITOR_RUN: '1', K8SFS_EDITOR_REPO: REPO },
    });
    return code;
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

let code = 1;
try {
  code = await main();
} catch (e) {
  warn(`test:electron failed: ${e && e.stack ? e.stack : e}`);
  code = 1;
}
log(code === 0 ? 'test:electron passed' : `test:electron FAILED (exit ${code})`);
process.exit(code);
