import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const SERVER = join(process.cwd(), 'dist', 'server.js');

/** A minimal editor for tests: starts the built server over stdio and waits on what it publishes. */
export class TestClient {
  readonly connection: MessageConnection;
  settings: Record<string, unknown> = {};
  private readonly server: ChildProcess;
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly waiters = new Set<() => void>();

  constructor() {
    this.server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.server.stdout!), new StreamMessageWriter(this.server.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params.diagnostics);
      for (const waiter of [...this.waiters]) waiter();
    });
    this.connection.onRequest('workspace/configuration', () => [this.settings]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(params: Record<string, unknown> = {}): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: null, workspaceFolders: null,
      capabilities: { workspace: { configuration: true } }, initializationOptions: { openStoryLinks: true }, ...params,
    });
    await this.connection.sendNotification('initialized', {});
  }

  /**
   * The next diagnostics published for `uri` that satisfy `predicate` (the latest ones count if they
   * already do, unless `fresh`). Rejects after 15 s.
   */
  diagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, fresh = true): Promise<Diagnostic[]> {
    if (fresh) this.latest.delete(uri);
    return new Promise((resolve, reject) => {
      const check = () => {
        const current = this.latest.get(uri);
        if (!current || !predicate(current)) return;
        this.waiters.delete(check);
        clearTimeout(timeout);
        resolve(current);
      };
      const timeout = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(this.latest.get(uri)?.map((d) => d.code))}`));
      }, 15_000);
      this.waiters.add(check);
      check();
    });
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  stop(): void {
    this.connection.dispose();
    this.server.kill();
  }
}
