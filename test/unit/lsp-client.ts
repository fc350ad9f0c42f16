import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type MessageReader, type MessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { Conditions } from './conditions';

const SERVER = join(process.cwd(), 'dist', 'server.js');
/** How long a test waits for an event before it fails. */
const WAIT_MS = 30_000;

/** How a test talks to a server: messages both ways, and how to stop the server. */
export interface ServerTransport { reader: MessageReader; writer: MessageWriter; stop(): void }

/** The built Node server (dist/server.js), a child process on stdio. */
export function nodeServer(): ServerTransport {
  const server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return { reader: new StreamMessageReader(server.stdout!), writer: new StreamMessageWriter(server.stdin!), stop: () => server.kill() };
}

interface Progress { token: string | number; value: { kind: 'begin'; title: string } | { kind: 'report' | 'end' } }

/** A minimal editor for tests: starts a built server (the Node one unless told) and waits on what it publishes. */
export class TestClient {
  readonly connection: MessageConnection;
  settings: Record<string, unknown> = {};
  /** What `files.exclude` says, for every folder. */
  filesExclude: Record<string, unknown> = {};
  /** Every diagnostics notification, in the order received. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every `$/progress` notification, and every log message, in the order received. */
  readonly progress: Progress[] = [];
  readonly logs: string[] = [];
  /** The extension's own notifications (`k8sFailureStories/...`), in the order received. */
  readonly notifications: { method: string; params: unknown }[] = [];
  /** How many times the server has read the settings. */
  configurationReads = 0;
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly conditions = new Conditions(WAIT_MS);

  constructor(private readonly server: ServerTransport = nodeServer()) {
    this.connection = createMessageConnection(server.reader, server.writer);
    const record = <T>(list: T[], map: (item: T) => void = () => undefined) => (item: T) => {
      list.push(item);
      map(item);
      this.conditions.changed();
    };
    this.connection.onNotification('textDocument/publishDiagnostics', record(this.published, (params) => this.latest.set(params.uri, params.diagnostics)));
    this.connection.onUnhandledProgress(record(this.progress));
    this.connection.onNotification('window/logMessage', ({ message }: { message: string }) => record(this.logs)(message));
    this.connection.onNotification((method: string, params: unknown) => {
      if (method.startsWith('k8sFailureStories/')) record(this.notifications)({ method, params });
    });
    this.connection.onRequest('workspace/configuration', ({ items }: { items: { section?: string }[] }) => {
      this.configurationReads++;
      this.conditions.changed();
      return items.map((item) => (item.section === 'files.exclude' ? this.filesExclude : this.settings));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      record(this.notifications)({ method: 'workspace/codeLens/refresh', params: null });
      return null;
    });
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(params: Record<string, unknown> = {}): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: null, workspaceFolders: null,
      capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } }, window: { workDoneProgress: true } }, initializationOptions: { openStoryLinks: true }, ...params,
    });
    await this.connection.sendNotification('initialized', {});
  }

  /**
   * The next diagnostics published for `uri` that satisfy `predicate` (the latest ones count if they
   * already do, unless `fresh`).
   */
  diagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, fresh = true): Promise<Diagnostic[]> {
    if (fresh) this.latest.delete(uri);
    return this.waitFor(() => {
      const current = this.latest.get(uri);
      return current && predicate(current) ? current : undefined;
    }, () => `no matching diagnostics for ${uri}; last: ${JSON.stringify(this.latest.get(uri)?.map((d) => d.code))}`);
  }

  /** Resolves with `check()` once it gives a value, re-checked on every notification; rejects after WAIT_MS. */
  waitFor<T>(check: () => T | undefined, failure: () => string): Promise<T> {
    return this.conditions.waitFor(check, failure);
  }

  /** The token of the next progress that begins with a title matching `title`. */
  progressBegins(title: RegExp): Promise<string | number> {
    const seen = this.progress.length;
    return this.waitFor(() => this.progress.slice(seen).find((p) => p.value.kind === 'begin' && title.test(p.value.title))?.token, () => `no progress ${title}`);
  }

  /** Resolves when the progress `token` ends. */
  progressEnds(token: string | number): Promise<true> {
    return this.waitFor(() => (this.progress.some((p) => p.token === token && p.value.kind === 'end') ? true : undefined), () => `progress ${token} never ended`);
  }

  /** Sends the settings again, as the editor does when they change. */
  configure(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** Tells the server of files created (1), changed (2) or deleted (3) on disk. */
  filesChanged(...changes: { uri: string; type: 1 | 2 | 3 }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  /** Replaces the whole text of `uri`. */
  change(uri: string, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  stop(): void {
    this.connection.dispose();
    this.server.stop();
  }
}
