import type { ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { crossObjectValue } from '../analysis/cross-object';
import { parseChunk } from '../analysis/parse';
import { forkOwnBundle, serveParent } from '../own-bundle';

/**
 * Parses YAML documents of `file` (texts as `SplitText` cuts them); rejects when the parse fails. The
 * workspace index reads other files through one of these, so parsing megabytes of manifests (and
 * collecting their garbage) happens beside the server, not on its thread. What it gives is the plain
 * values of the documents' Kubernetes objects as other files' rules read them (`crossObjectValue`),
 * still packed: `LoadValues` unpacks them when the index wants them (see WorkspaceIndex).
 */
export type ParseObjects = (file: string, documents: readonly string[]) => Promise<LoadValues>;
export type LoadValues = () => Record<string, unknown>[];

/** The argument that makes the server's bundle serve parses instead of the editor. */
export const PARSE_PROCESS_ARG = '--parse-objects';

interface Request { id: number; file: string; documents: readonly string[] }
/** `values`: the objects' values serialised, a buffer outside the JavaScript heap until unpacked. */
type Reply = { id: number; values: Uint8Array } | { id: number; error: string };

/** A parse process with nothing to do for this long ends; the next parse starts another. */
const IDLE_MS = 30_000;
/** The lowest priority: the process gets a core only when the server and the editor do not want it. */
const BACKGROUND_PRIORITY = 19;

/** Serves parses in a process started by `parseInBackground`, until that server goes. */
export function serveParses(): void {
  serveParent(({ id, file, documents }: Request, send) => {
    let reply: Reply;
    try {
      reply = { id, values: serialize(documents.flatMap((text) => parseChunk(text, file).objects.map((object) => crossObjectValue(object.value)))) };
    } catch (error) {
      reply = { id, error: String((error as Error)?.message ?? error) };
    }
    send(reply);
  });
}

/**
 * Parses in a child process running `script` (the server's own bundle, with PARSE_PROCESS_ARG), at
 * the lowest priority: its garbage collection is lowered with it, and a hostile file that exhausts
 * its memory takes only it down. It starts on the first parse and ends when idle; if it dies, the
 * parses under way reject and the next one starts another.
 */
export function parseInBackground(script: string): ParseObjects {
  let parser: ParseProcess | undefined;
  let nextId = 0;
  return (file, documents) => new Promise((resolve, reject) => {
    if (!parser?.alive) parser = new ParseProcess(script);
    parser.parse({ id: nextId++, file, documents }, { resolve, reject });
  });
}

type Waiting = { resolve: (load: LoadValues) => void; reject: (error: Error) => void };

class ParseProcess {
  alive = true;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Waiting>();
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(script: string) {
    this.child = forkOwnBundle(script, PARSE_PROCESS_ARG);
    try {
      setPriority(this.child.pid!, BACKGROUND_PRIORITY);
    } catch {
      // Not allowed here: it runs at the server's priority.
    }
    this.child.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('values' in reply) {
        const bytes = reply.values;
        waiting?.resolve(() => deserialize(bytes) as Record<string, unknown>[]);
      } else {
        waiting?.reject(new Error(reply.error));
      }
      if (this.pending.size === 0) this.waitIdle();
    });
    this.child.on('error', () => this.end());
    this.child.on('exit', (code, signal) => {
      this.alive = false;
      for (const { reject } of this.pending.values()) reject(new Error(`the parse process ended (${signal ?? `code ${code}`})`));
      this.pending.clear();
    });
    this.child.unref();
  }

  parse(request: Request, waiting: Waiting): void {
    clearTimeout(this.idle);
    // Parses under way keep this process alive; an idle parse process does not.
    this.child.ref();
    this.child.channel?.ref();
    this.pending.set(request.id, waiting);
    this.child.send(request);
  }

  private waitIdle(): void {
    this.child.unref();
    this.child.channel?.unref();
    this.idle = setTimeout(() => this.end(), IDLE_MS).unref();
  }

  private end(): void {
    this.alive = false;
    this.child.kill();
  }
}
