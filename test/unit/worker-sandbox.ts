import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { AbstractMessageReader, AbstractMessageWriter, Disposable, type DataCallback, type Message } from 'vscode-jsonrpc/node';
import type { ServerTransport } from './lsp-client';

/**
 * Runs a web-worker script (the web build's language server) in a context that has what a worker
 * has and nothing of Node: no require, process, Buffer or setImmediate. Messages cross as postMessage
 * carries them: copied, one turn later. Stopping clears the script's timers and message channels.
 */
export function workerServer(script: string): ServerTransport {
  const timers = new Set<NodeJS.Timeout>();
  const channels: MessageChannel[] = [];
  let toTest: DataCallback | undefined;
  const worker = createContext({
    console, TextEncoder, TextDecoder, queueMicrotask, structuredClone, URL, crypto, atob, btoa,
    setTimeout: (run: () => void, ms?: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
      return timer;
    },
    clearTimeout: (timer: NodeJS.Timeout) => {
      clearTimeout(timer);
      timers.delete(timer);
    },
    MessageChannel: class extends MessageChannel {
      constructor() {
        super();
        channels.push(this);
      }
    },
    addEventListener: () => undefined,
    postMessage: (message: Message) => setImmediate(() => toTest?.(structuredClone(message))),
  }) as { onmessage?: (event: { data: unknown }) => void; self?: unknown };
  worker.self = worker;
  runInContext(readFileSync(script, 'utf8'), worker, { filename: script });

  const reader = new (class extends AbstractMessageReader {
    listen(callback: DataCallback): Disposable {
      toTest = callback;
      return Disposable.create(() => (toTest = undefined));
    }
  })();
  const writer = new (class extends AbstractMessageWriter {
    async write(message: Message): Promise<void> {
      setImmediate(() => worker.onmessage?.({ data: structuredClone(message) }));
    }
    end(): void {}
  })();
  return {
    reader,
    writer,
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      for (const channel of channels) channel.port1.close();
    },
  };
}
