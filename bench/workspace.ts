/**
 * `npm run bench:workspace`: the workspace check (diagnostics.scope = workspace) over a few hundred
 * real manifests (test/corpus and examples, copied several times into a temporary folder): how long
 * its first pass takes next to the CLI on the same files, how long hovers wait while it runs, and
 * whether both find the same findings. Drives the built server (or BENCH_SERVER's) over stdio like an
 * editor. Figures go into issue notes, never into timed tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { WorkspaceCheckProgress } from '../server/src/protocol';
import { SERVER } from './lsp';

const SOURCES = ['test/corpus', 'examples'];
const COPIES = Number(process.env.BENCH_COPIES ?? 7);
const SMALL = 'file:///bench/small.yaml';
const SMALL_TEXT = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:latest\n';

function yamlCount(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name)).length;
}

/** The CLI over the same folder: wall time and the number of findings it reports. */
function cli(root: string, jobs: string[]): { seconds: number; findings: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), 'check', root, '--format', 'json', '--fail-on', 'none', ...jobs],
    { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, findings: (JSON.parse(run.stdout) as { findings: unknown[] }).findings.length };
}

function quantiles(waits: number[]): string {
  const sorted = [...waits].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `${waits.length} hovers: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

/** The server's first pass over `root`; with `hover`, hovers are sent back to back on an open document meanwhile. */
async function workspacePass(root: string, hover: boolean): Promise<{ seconds: number; files: number; findings: number; waits: number[] }> {
  const server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const latest = new Map<string, number>();
  let begun = 0;
  let ended: ((files: number) => void) | undefined;
  const end = new Promise<number>((resolve) => (ended = resolve));
  let smallReady: (() => void) | undefined;
  const small = new Promise<void>((resolve) => (smallReady = resolve));
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    if (params.uri === SMALL) smallReady?.();
    else latest.set(params.uri, params.diagnostics.length);
  });
  connection.onNotification('k8sFailureStories/workspaceCheckProgress', (progress: WorkspaceCheckProgress) => {
    if (progress.kind === 'begin') begun = performance.now();
    if (progress.kind === 'end') ended?.(progress.files);
  });
  connection.onRequest('workspace/configuration', ({ items }: { items: { section?: string }[] }) =>
    items.map((item) => (item.section === 'files.exclude' ? {} : { diagnostics: { scope: 'workspace' } })));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('window/showMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: { workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: SMALL, languageId: 'yaml', version: 1, text: SMALL_TEXT } });
  await small;
  // Hovers back to back on the open document, from before the pass begins until it ends.
  let done = false;
  const files = end.then((count) => {
    done = true;
    return count;
  });
  const waits: number[] = [];
  while (!done && hover) {
    const sent = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri: SMALL }, position: { line: 7, character: 15 } });
    if (begun > 0) waits.push(performance.now() - sent);
  }
  const count = await files;
  const seconds = (performance.now() - begun) / 1000;
  const result = { seconds, files: count, findings: [...latest.values()].reduce((sum, count) => sum + count, 0), waits };
  connection.dispose();
  server.kill();
  return result;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kfs-bench-workspace-'));
  try {
    for (let copy = 0; copy < COPIES; copy++) {
      for (const source of SOURCES) cpSync(source, join(root, `copy-${copy}`, source.replace(/\W/g, '-')), { recursive: true });
    }
    console.log(`${yamlCount(root)} YAML files (${SOURCES.join(' + ')}, ${COPIES} copies); load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const quiet = await workspacePass(root, false);
    console.log(`workspace pass (server):  ${quiet.seconds.toFixed(2)} s for ${quiet.files} files, ${quiet.findings} findings`);
    const pass = await workspacePass(root, true);
    console.log(`the same, hovering:       ${pass.seconds.toFixed(2)} s, ${pass.findings} findings; ${quantiles(pass.waits)}`);
    const one = cli(root, ['--jobs', '1']);
    console.log(`CLI --jobs 1:             ${one.seconds.toFixed(2)} s, ${one.findings} findings`);
    const all = cli(root, []);
    console.log(`CLI (default jobs):       ${all.seconds.toFixed(2)} s, ${all.findings} findings`);
    const equal = [quiet.findings, pass.findings, one.findings].every((count) => count === all.findings);
    console.log(`findings ${equal ? 'equal' : 'DIFFER'}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
