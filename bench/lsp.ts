/**
 * The LSP stages of `npm run bench`: the language server end to end over stdio, as an editor drives
 * it — open, typing, hovers, code actions — with the bare `yaml` parse of each file as the floor.
 *
 * BENCH_SERVER=path runs another build of the server (a baseline); BENCH_CPU_PROF=dir starts it with
 * --cpu-prof so each server writes a profile into dir when it exits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { Conditions } from '../test/unit/conditions';
import { manifestOfSize } from './manifests';
import { megabytes, ms, median, p50p95, printTable, quantile, random, time } from './stats';

/** The server the benches drive: the built one, or BENCH_SERVER's. */
export const SERVER = resolve(process.env.BENCH_SERVER ?? join(process.cwd(), 'dist', 'server.js'));
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF;
/** A publish that takes longer than this means the server is stuck: the bench stops rather than hang. */
const WAIT_MS = 120_000;
/** After the first diagnostics of an open, the last publish followed by this much quiet is the complete one. */
const QUIET_MS = 5000;
/** Pause between single edits: the server is idle again when the next one comes, as when someone types a character and looks. */
const IDLE_PAUSE_MS = 250;
/** Between the keystrokes of a burst: fast typing. */
const KEYSTROKE_MS = 50;

interface Publish { version: number | undefined; diagnostics: Diagnostic[]; at: number }

/** The built server over stdio, with what it publishes and logs. */
class BenchServer {
  readonly connection: MessageConnection;
  readonly published = new Map<string, Publish[]>();
  readonly logs: { message: string; at: number }[] = [];
  private readonly process: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly conditions = new Conditions(WAIT_MS);

  constructor() {
    const args = CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROFILE_DIR, SERVER, '--stdio'] : [SERVER, '--stdio'];
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', ({ uri, version, diagnostics }: PublishDiagnosticsParams) => {
      const list = this.published.get(uri) ?? [];
      list.push({ version, diagnostics, at: performance.now() });
      this.published.set(uri, list);
      this.conditions.changed();
    });
    this.connection.onNotification('window/logMessage', ({ message }: { message: string }) => {
      this.logs.push({ message, at: performance.now() });
      this.conditions.changed();
    });
    this.connection.onRequest('workspace/configuration', () => [{}]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(workspace?: string): Promise<void> {
    const folders = workspace ? [{ uri: pathToFileURL(workspace).href, name: 'bench' }] : null;
    await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: folders, capabilities: { workspace: { configuration: true } } });
    await this.connection.sendNotification('initialized', {});
  }

  /** The first publish for `uri` of `version` (after `since` publishes). */
  publishOf(uri: string, version: number, since = 0): Promise<Publish> {
    return this.conditions.waitFor(() => this.published.get(uri)?.slice(since).find((p) => p.version === version), () => `bench: no diagnostics for version ${version} within ${WAIT_MS / 1000} s`);
  }

  publishCount(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  /** Peak resident memory of the server process so far (Linux), in bytes. */
  peakRss(): number {
    try {
      const kilobytes = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.process.pid}/status`, 'utf8'))?.[1];
      return kilobytes ? Number(kilobytes) * 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  /**
   * CPU time the server process has used so far (Linux, user + system), in ms: unlike wall times, it
   * barely moves with the machine's load. Counted in clock ticks (10 ms), so it is read over many edits.
   */
  cpuMs(): number {
    try {
      const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return NaN;
    }
  }

  /** Shuts the server down the LSP way (so a CPU profile gets written) and waits for it to exit. */
  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), sleep(5000)]);
      await this.connection.sendNotification('exit');
    } finally {
      const killer = setTimeout(() => this.process.kill(), 10_000);
      await this.exited;
      clearTimeout(killer);
      this.connection.dispose();
    }
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times (100 on every common build). */
const CLOCK_TICKS_PER_SECOND = 100;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** A document as the bench edits it: its text kept in step with the changes sent. */
class BenchDocument {
  version = 1;
  constructor(readonly server: BenchServer, readonly uri: string, public text: string) {}

  open(): void {
    void this.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'yaml', version: 1, text: this.text } });
  }

  /**
   * Inserts `character` at `offset` as an editor sends it (the changed range only); returns the new
   * version and when it was sent: after this client's own bookkeeping of the text (linear in its size,
   * where an editor's is not), which is no part of the server's latency.
   */
  insert(offset: number, character: string): { version: number; sent: number } {
    const position = positionAt(this.text, offset);
    this.text = this.text.slice(0, offset) + character + this.text.slice(offset);
    this.version++;
    const sent = performance.now();
    void this.server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ range: { start: position, end: position }, text: character }],
    });
    return { version: this.version, sent };
  }
}

function positionAt(text: string, offset: number): Position {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < lineStart; at = text.indexOf('\n', at + 1)) line++;
  return { line, character: offset - lineStart };
}

/** Where the bench types: a container's name in the middle of the file (no other object reads it). */
function typingOffset(text: string): number {
  return text.indexOf('- name: app', Math.floor(text.length / 2)) + '- name: app'.length;
}

/** Single characters typed one at a time, each after a pause; returns each edit's wait for its diagnostics. */
async function singleEdits(document: BenchDocument, count: number, offset: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(IDLE_PAUSE_MS);
    const since = document.server.publishCount(document.uri);
    const { version, sent } = document.insert(offset + i, 'x');
    waits.push((await document.server.publishOf(document.uri, version, since)).at - sent);
  }
  return waits;
}

/** Bursts of fast typing; returns the wait from each burst's last keystroke to its diagnostics. */
async function bursts(document: BenchDocument, count: number, keystrokes: number, offset: number): Promise<number[]> {
  const waits: number[] = [];
  for (let burst = 0; burst < count; burst++) {
    await sleep(IDLE_PAUSE_MS);
    const since = document.server.publishCount(document.uri);
    let last = { version: 0, sent: 0 };
    for (let key = 0; key < keystrokes; key++) {
      if (key > 0) await sleep(KEYSTROKE_MS);
      last = document.insert(offset + burst * keystrokes + key, 'y');
    }
    const { version, sent } = last;
    waits.push((await document.server.publishOf(document.uri, version, since)).at - sent);
  }
  return waits;
}

async function timed(request: () => Promise<unknown>): Promise<number> {
  const sent = performance.now();
  await request();
  return performance.now() - sent;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** Hovers at `count` random positions of the text. */
async function randomHovers(document: BenchDocument, count: number): Promise<number[]> {
  const next = random(12);
  const starts = lineStarts(document.text);
  const waits: number[] = [];
  for (let i = 0; i < count; i++) {
    const line = Math.floor(next() * (starts.length - 1));
    const character = Math.floor(next() * (starts[line + 1]! - starts[line]!));
    waits.push(await timed(() => document.server.connection.sendRequest('textDocument/hover', { textDocument: { uri: document.uri }, position: { line, character } })));
  }
  return waits;
}

/** `count` diagnostics spread evenly over the list. */
function spread(diagnostics: readonly Diagnostic[], count: number): Diagnostic[] {
  const ranged = diagnostics.filter((d) => d.code !== 'more-findings');
  return Array.from({ length: Math.min(count, ranged.length) }, (_, i) => ranged[Math.floor((i * ranged.length) / Math.min(count, ranged.length))]!);
}

async function findingHovers(document: BenchDocument, diagnostics: readonly Diagnostic[], count: number): Promise<number[]> {
  const waits: number[] = [];
  for (const { range } of spread(diagnostics, count)) {
    waits.push(await timed(() => document.server.connection.sendRequest('textDocument/hover', { textDocument: { uri: document.uri }, position: range.start })));
  }
  return waits;
}

async function codeActions(document: BenchDocument, diagnostics: readonly Diagnostic[], count: number): Promise<number[]> {
  const waits: number[] = [];
  for (const diagnostic of spread(diagnostics, count)) {
    waits.push(await timed(() => document.server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: document.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })));
  }
  return waits;
}

/** Opens `document` and times its first and its complete diagnostics (the last publish before QUIET_MS of quiet). */
async function openTimes(document: BenchDocument): Promise<{ first: number; complete: number; diagnostics: Diagnostic[] }> {
  const { server, uri } = document;
  const sent = performance.now();
  document.open();
  const first = await server.publishOf(uri, 1);
  for (;;) {
    const count = server.publishCount(uri);
    await sleep(QUIET_MS);
    if (server.publishCount(uri) === count) break;
  }
  const complete = server.published.get(uri)!.filter((p) => p.version === 1).at(-1)!;
  return { first: first.at - sent, complete: complete.at - sent, diagnostics: complete.diagnostics };
}

interface FileRun {
  openFirst: number; openComplete: number; single: number[]; cpuPerEdit: number; burst: number[];
  hoverRandom: number[]; hoverFinding: number[]; codeAction: number[]; peakRss: number; diagnostics: number; documents: number;
}

/**
 * The bare `yaml` parse of `text` in a fresh process, as the server meets it on a cold open (the
 * parser's code not yet optimised): median of three processes.
 */
function coldParse(text: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'kfs-bench-parse-'));
  try {
    const file = join(dir, 'file.yaml');
    writeFileSync(file, text);
    const script = `const { parseAllDocuments } = require(${JSON.stringify(require.resolve('yaml'))});
      const text = require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8');
      const start = performance.now(); parseAllDocuments(text); console.log(performance.now() - start);`;
    return median([0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runFile(text: string): Promise<FileRun> {
  const documents = parseAllDocuments(text);
  const server = new BenchServer();
  try {
    await server.initialize();
    const document = new BenchDocument(server, 'file:///bench/bench.yaml', text);
    const opened = await openTimes(document);
    const offset = typingOffset(text);
    const cpuBefore = server.cpuMs();
    const single = await singleEdits(document, 20, offset);
    const cpuPerEdit = (server.cpuMs() - cpuBefore) / single.length;
    const burst = await bursts(document, 6, 8, offset + 20);
    const diagnostics = server.published.get(document.uri)!.at(-1)!.diagnostics;
    return {
      openFirst: opened.first, openComplete: opened.complete, single, cpuPerEdit, burst,
      hoverRandom: await randomHovers(document, 60),
      hoverFinding: await findingHovers(document, diagnostics, 40),
      codeAction: await codeActions(document, diagnostics, 30),
      peakRss: server.peakRss(), diagnostics: opened.diagnostics.length, documents: Array.isArray(documents) ? documents.length : 1,
    };
  } finally {
    await server.stop();
  }
}

/** The LSP stage: each size opened in a fresh server, `runs` times; timings pooled over the runs. */
export async function lspStage(sizes: readonly { label: string; bytes: number }[], runs: number): Promise<void> {
  const rows: string[][] = [[
    'file', 'size', 'docs', 'yaml parse cold / warm', 'open→first', 'open→complete', 'first/parse', 'edit→diag p50 / p95', 'server CPU per edit', 'burst→diag p50 / p95',
    'hover random p50 / p95 / max', 'hover finding p50 / p95', 'code action p50 / p95', 'peak RSS', 'diagnostics',
  ]];
  for (const { label, bytes } of sizes) {
    const text = manifestOfSize(bytes);
    const floor = coldParse(text);
    const warmFloor = time(3, () => parseAllDocuments(text));
    const results: FileRun[] = [];
    for (let run = 0; run < runs; run++) results.push(await runFile(text));
    const all = (key: 'single' | 'burst' | 'hoverRandom' | 'hoverFinding' | 'codeAction') => results.flatMap((result) => result[key]);
    const mid = (key: 'openFirst' | 'openComplete' | 'peakRss' | 'cpuPerEdit') => median(results.map((result) => result[key]));
    const hovers = all('hoverRandom');
    rows.push([
      label, `${(text.length / 1024).toFixed(0)} KB`, String(results[0]!.documents), `${ms(floor)} / ${ms(warmFloor)}`, ms(mid('openFirst')), ms(mid('openComplete')),
      `${(mid('openFirst') / floor).toFixed(2)}x`, p50p95(all('single')), ms(mid('cpuPerEdit')), p50p95(all('burst')),
      `${p50p95(hovers)} / ${ms(quantile(hovers, 1))}`, p50p95(all('hoverFinding')), p50p95(all('codeAction')), megabytes(mid('peakRss')), String(results[0]!.diagnostics),
    ]);
  }
  console.log(`\nLanguage server over stdio (${SERVER}; ${runs} run${runs > 1 ? 's' : ''} per size, medians of the open figures, latencies pooled)`);
  printTable(rows);
}

/**
 * The workspace stage: a 100 KB file edited from the moment it opens, in a workspace holding
 * `workspaceBytes` of other manifests (indexed in the background meanwhile), against the same
 * edits in an otherwise empty workspace.
 */
export async function workspaceStage(workspaceBytes: number, runs: number): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kfs-bench-workspace-'));
  try {
    const files = Math.round(workspaceBytes / (100 * 1024));
    for (let file = 0; file < files; file++) {
      const dir = join(root, 'full', `app-${Math.floor(file / 20)}`);
      if (file % 20 === 0) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `manifests-${file}.yaml`), manifestOfSize(100 * 1024, `w${file}-`));
    }
    mkdirSync(join(root, 'empty'));
    const text = manifestOfSize(100 * 1024);
    const full: number[] = [];
    const empty: number[] = [];
    const indexed: number[] = [];
    const peakRss = { full: [] as number[], empty: [] as number[] };
    for (let run = 0; run < runs; run++) {
      const measured = await editsFromOpen(join(root, 'full'), text);
      full.push(...measured.waits);
      peakRss.full.push(measured.peakRss);
      if (measured.indexedAfter !== undefined) indexed.push(measured.indexedAfter);
      const alone = await editsFromOpen(join(root, 'empty'), text, measured.waits.length);
      empty.push(...alone.waits);
      peakRss.empty.push(alone.peakRss);
    }
    const p95 = (values: number[]) => quantile(values, 0.95);
    console.log(`\nWorkspace: a 100 KB file edited from its opening (${runs} run${runs > 1 ? 's' : ''}; single edits, ${IDLE_PAUSE_MS} ms apart)`);
    printTable([
      ['workspace', 'edits', 'edit→diag p50 / p95', 'max', 'index built after', 'peak RSS'],
      [`${files} files, ${megabytes(files * 100 * 1024)}`, String(full.length), p50p95(full), ms(quantile(full, 1)), indexed.length ? ms(median(indexed)) : 'never', megabytes(median(peakRss.full))],
      ['empty', String(empty.length), p50p95(empty), ms(quantile(empty, 1)), '-', megabytes(median(peakRss.empty))],
    ]);
    console.log(`p95 ratio (full / empty): ${(p95(full) / p95(empty)).toFixed(2)}x`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Opens `text` as a file of the workspace `root` right after the server starts and types into it
 * until the workspace index is built (and a second more), or `edits` times when given.
 */
async function editsFromOpen(root: string, text: string, edits?: number): Promise<{ waits: number[]; peakRss: number; indexedAfter?: number }> {
  const path = join(root, 'edited.yaml');
  writeFileSync(path, text);
  const server = new BenchServer();
  try {
    await server.initialize(root);
    const document = new BenchDocument(server, pathToFileURL(path).href, text);
    const opened = performance.now();
    document.open();
    await server.publishOf(document.uri, 1);
    const offset = typingOffset(text);
    const waits: number[] = [];
    const indexedAt = () => server.logs.find((log) => log.message.startsWith('Indexed '))?.at;
    const more = () => (edits !== undefined ? waits.length < edits : waits.length < 20 || indexedAt() === undefined || performance.now() - indexedAt()! < 1000);
    while (more()) waits.push(...(await singleEdits(document, 1, offset + waits.length)));
    const at = indexedAt();
    return { waits, peakRss: server.peakRss(), ...(at === undefined ? {} : { indexedAfter: at - opened }) };
  } finally {
    await server.stop();
  }
}
