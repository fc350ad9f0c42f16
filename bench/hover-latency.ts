/**
 * `npm run bench:hover`: how long hovers on a small document wait while the language server analyses
 * a big one (a 15 MB file, 100,000 small documents, an edit in the 15 MB file). Drives the built
 * server over stdio like an editor. Figures go into issue notes, never into timed tests.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { manifest } from './manifests';

const SMALL = 'file:///bench/small.yaml';
const BIG = 'file:///bench/big.yaml';
const SMALL_TEXT = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:latest\n';

const server = spawn(process.execPath, [join(process.cwd(), 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
const published = new Map<string, (params: PublishDiagnosticsParams) => void>();
connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => published.get(params.uri)?.(params));
connection.onRequest('workspace/configuration', () => [{}]);
connection.onRequest('client/registerCapability', () => null);
connection.onNotification('window/logMessage', () => undefined);
connection.onNotification('window/showMessage', () => undefined);
connection.listen();

const nextDiagnostics = (uri: string) => new Promise<PublishDiagnosticsParams>((resolve) => published.set(uri, resolve));
const hoverSmall = () => connection.sendRequest('textDocument/hover', { textDocument: { uri: SMALL }, position: { line: 7, character: 15 } });

/** Hovers the small document back to back until `busy` settles; returns each hover's wait in ms. */
async function hoverWhile(busy: Promise<unknown>): Promise<{ waits: number[]; busyMs: number }> {
  const started = performance.now();
  let done = false;
  let busyMs = 0;
  void busy.then(() => { done = true; busyMs = performance.now() - started; });
  const waits: number[] = [];
  while (!done) {
    const sent = performance.now();
    await hoverSmall();
    waits.push(performance.now() - sent);
  }
  return { waits, busyMs };
}

function summary(name: string, { waits, busyMs }: { waits: number[]; busyMs: number }): string {
  const sorted = [...waits].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `${name.padEnd(34)} analysis ${(busyMs / 1000).toFixed(1)} s; ${waits.length} hovers: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

async function main(): Promise<void> {
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { workspace: { configuration: true } } });
  await connection.sendNotification('initialized', {});
  const small = nextDiagnostics(SMALL);
  void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: SMALL, languageId: 'yaml', version: 1, text: SMALL_TEXT } });
  await small;

  const big = manifest(16_800);
  const configMaps = Array.from({ length: 100_000 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: { k: v }\n`).join('');
  // A 1-character edit as an editor sends it: the changed range only.
  const middle = big.indexOf('name: app', big.length >> 1) + 'name: ap'.length;
  const before = big.slice(0, middle).split('\n');
  const at = { line: before.length - 1, character: before.at(-1)!.length };
  const edit = { range: { start: at, end: { ...at, character: at.character + 1 } }, text: 'q' };
  const cases: [string, object][] = [
    [`open ${(big.length / 1048576).toFixed(1)} MB manifest`, { text: big }],
    ['1-char edit in it', edit],
    [`open 100,000 ConfigMaps (${(configMaps.length / 1048576).toFixed(1)} MB)`, { text: configMaps }],
  ];
  let version = 1;
  for (const [name, change] of cases) {
    const done = nextDiagnostics(BIG);
    if (version === 1) void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: BIG, languageId: 'yaml', version: version++, text: big } });
    else void connection.sendNotification('textDocument/didChange', { textDocument: { uri: BIG, version: version++ }, contentChanges: [change] });
    console.log(summary(name, await hoverWhile(done)));
  }
  connection.dispose();
  server.kill();
}

void main();
