// Small helpers shared by the editor-test driver scripts (run.mjs, ui.mjs). Node ESM, no dependencies.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

const T0 = Date.now();
export const elapsed = () => ((Date.now() - T0) / 1000).toFixed(1).padStart(6) + 's';
export const log = (...a) => console.log(`[editor ${elapsed()}]`, ...a);
export const warn = (...a) => console.error(`[editor ${elapsed()}]`, ...a);

/** Reject with a clear message if `promise` does not settle within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/**
 * Run a command to completion, capturing output. Kills its whole process group on timeout.
 * Resolves { code, stdout, stderr }; never rejects for a non-zero exit (callers decide).
 */
export function run(cmd, args, { cwd, env, timeoutMs = 120000, input, passStderr = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; if (passStderr) process.stderr.write(d); });
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid, 'SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) stderr += `\n[timed out after ${Math.round(timeoutMs / 1000)} s; killed]`;
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

export function killGroup(pgid, signal = 'SIGTERM') {
  try { process.kill(-pgid, signal); return true; } catch { return false; }
}

export function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/** SIGTERM the process group, wait up to graceMs, then SIGKILL. */
export async function stopGroup(pgid, graceMs = 5000) {
  if (!pgid || !groupAlive(pgid)) return;
  killGroup(pgid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    if (!groupAlive(pgid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  killGroup(pgid, 'SIGKILL');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tail(file, lines = 60) {
  try {
    const text = fs.readFileSync(file, 'utf8').split('\n');
    return text.slice(-lines).join('\n');
  } catch (e) {
    return `(could not read ${file}: ${e.message})`;
  }
}
