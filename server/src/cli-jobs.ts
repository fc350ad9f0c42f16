import { availableParallelism } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { parentPort, Worker } from 'node:worker_threads';
import { FileAnalyzer, KubeObject, type FileAnalysis, type Severity } from './analysis';

/**
 * The CLI's analysis of a set of files, on one thread or shared among threads (the main thread and
 * worker threads). Each share parses its files; cross-object rules must still see every object of
 * the set, so the shares then swap the plain values of their objects (serialised once, passed on as
 * bytes) and each analyses its own files against the whole set, in input order: the findings are
 * those of one thread.
 */

/** One input file as a share sees it; `index` is its place in the run's input order. */
export interface FileJob { index: number; file: string; text: string; helmTemplate: boolean; partial: boolean }

export interface JobOptions { rules: Readonly<Record<string, Severity | 'off'>>; kubernetesVersion?: string }

/** A file's analysis as plain data: its objects and syntax trees stay in the share that parsed it. */
export type FileResult = Omit<FileAnalysis, 'objects'>;

/** What became of one file in a round; `error` when a step crashed on it (a bug, or a parser limit). */
export interface FileOutcome { index: number; analysis?: FileResult; error?: string }

/** The objects' plain values of the files a share parsed: `[index, file, values]` for each. */
type SharedValues = [number, string, Record<string, unknown>[]][];

/** A set below this many bytes is checked on one thread: starting workers would cost more than they save. */
const PARALLEL_MIN_BYTES = 1024 * 1024;

/** Workers a run uses: `--jobs`, else every core for a large set; never more than there are files. */
export function jobCount(requested: number | undefined, files: readonly { text: string }[]): number {
  const bytes = files.reduce((sum, file) => sum + file.text.length, 0);
  const wanted = requested ?? (bytes < PARALLEL_MIN_BYTES ? 1 : availableParallelism());
  return Math.max(1, Math.min(wanted, files.length));
}

/** The files of one share, kept across rounds so that `--fix` re-parses only the documents it changed. */
class Share {
  private readonly analyzers = new Map<number, FileAnalyzer>();
  private jobs: FileJob[] = [];
  /** Objects of each file parsed this round; a file whose parse crashed has none (it is left out of the set). */
  private objects = new Map<number, KubeObject[]>();
  private parseErrors = new Map<number, string>();

  /** Parses the round's files; returns their crash messages and the plain values other shares need. */
  parse(jobs: FileJob[]): { errors: [number, string][]; values: SharedValues } {
    this.jobs = jobs;
    this.objects = new Map();
    this.parseErrors = new Map();
    for (const job of jobs) {
      const analyzer = this.analyzers.get(job.index) ?? new FileAnalyzer(job.file);
      this.analyzers.set(job.index, analyzer);
      const objects = job.helmTemplate ? [] : guarded(job, this.parseErrors, () => analyzer.parse(job.text).flatMap((chunk) => chunk.objects));
      if (objects) this.objects.set(job.index, objects);
    }
    return {
      errors: [...this.parseErrors],
      values: jobs.flatMap((job) => {
        const objects = this.objects.get(job.index);
        return objects ? [[job.index, job.file, objects.map((object) => object.value)] as SharedValues[number]] : [];
      }),
    };
  }

  /** Analyses the round's parsed files against the set: this share's objects and the others' values, in input order. */
  analyse(order: readonly number[], others: SharedValues, options: JobOptions): FileOutcome[] {
    const detached = new Map(others.map(([index, file, values]) => [index, values.map((value) => new KubeObject(value, undefined, file))]));
    const analysedSet = order.flatMap((index) => this.objects.get(index) ?? detached.get(index) ?? []);
    const errors = new Map<number, string>();
    return this.jobs.flatMap((job): FileOutcome[] => {
      if (!this.objects.has(job.index)) return [];
      const analysis = guarded(job, errors, () => this.analyzers.get(job.index)!.analyze(job.text, {
        rules: options.rules,
        analysedSet,
        helmTemplate: job.helmTemplate,
        partial: job.partial,
        ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
      }));
      if (!analysis) return [{ index: job.index, error: errors.get(job.index)! }];
      const { objects: _objects, ...result } = analysis;
      return [{ index: job.index, analysis: result }];
    });
  }
}

/**
 * Runs one file's step. A crash there (a parser stack overflow, a bug) becomes an error for that
 * file, so one bad input cannot take the other files' results with it.
 */
function guarded<T>(job: FileJob, errors: Map<number, string>, step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    errors.set(job.index, `${job.file}: could not be analysed (please report this): ${String((error as Error)?.message ?? error).split('\n')[0]}`);
    return undefined;
  }
}

/** What the run found in one round: outcomes by input index, and crash messages in input order (parse crashes first). */
export interface RoundResult { outcomes: Map<number, FileOutcome>; errors: string[] }

/** Analyses the files of a run, round after round (`--fix` runs a second one), on `jobs` threads. */
export interface Analysis {
  round(jobs: FileJob[], options: JobOptions): Promise<RoundResult>;
  close(): Promise<void>;
}

function collect(parseErrors: [number, string][], outcomes: FileOutcome[]): RoundResult {
  const byIndex = new Map(outcomes.map((outcome) => [outcome.index, outcome]));
  const analyseErrors = outcomes.filter((outcome) => outcome.error !== undefined).sort((a, b) => a.index - b.index).map((outcome) => outcome.error!);
  return { outcomes: byIndex, errors: [...parseErrors.sort((a, b) => a[0] - b[0]).map(([, error]) => error), ...analyseErrors] };
}

/** One thread: the share is the whole set, nothing is copied. */
export function analysisInProcess(): Analysis {
  const share = new Share();
  return {
    round: async (jobs, options) => {
      const { errors } = share.parse(jobs);
      return collect(errors, share.analyse(jobs.map((job) => job.index), [], options));
    },
    close: async () => undefined,
  };
}

type Request = { parse: FileJob[] } | { analyse: { order: number[]; others: Uint8Array[]; options: JobOptions } };
type Reply = { parsed: { errors: [number, string][]; values: Uint8Array } } | { analysed: FileOutcome[] };

function answer(share: Share, request: Request): Reply {
  if ('parse' in request) {
    const { errors, values } = share.parse(request.parse);
    // Serialised once, by the share that parsed them: the others' bytes are only passed on.
    return { parsed: { errors, values: serialize(values) } };
  }
  const { order, others, options } = request.analyse;
  return { analysed: share.analyse(order, others.flatMap((bytes) => deserialize(bytes) as SharedValues), options) };
}

/** Serves one share of the analysis from a worker thread started by `analysisOnThreads`. */
export function serveShare(): void {
  const share = new Share();
  parentPort!.on('message', (request: Request) => parentPort!.postMessage(answer(share, request)));
}

interface ShareThread {
  ask(request: Request): Promise<Reply>;
  close(): Promise<void>;
}

/** The main thread's own share: asked last, it works while the workers work. */
function localShare(): ShareThread {
  const share = new Share();
  return { ask: async (request) => answer(share, request), close: async () => undefined };
}

/** A worker thread running `script` (the CLI's own bundle), asked one thing at a time. */
class ShareWorker implements ShareThread {
  private readonly worker: Worker;
  private pending?: { resolve: (reply: Reply) => void; reject: (error: Error) => void };

  constructor(script: string) {
    this.worker = new Worker(script);
    this.worker.on('message', (reply: Reply) => this.settle((pending) => pending.resolve(reply)));
    this.worker.on('error', (error) => this.settle((pending) => pending.reject(error)));
    this.worker.on('exit', (code) => this.settle((pending) => pending.reject(new Error(`worker thread exited with code ${code}`))));
  }

  private settle(action: (pending: NonNullable<ShareWorker['pending']>) => void): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) action(pending);
  }

  ask(request: Request): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * `count` threads, the main one and `count - 1` workers running `script`, each with a fixed share
 * of the files (balanced by size on the first round and kept after, so a file's parsed documents
 * stay where they are).
 */
export function analysisOnThreads(script: string, count: number): Analysis {
  const workers: ShareThread[] = [...Array.from({ length: count - 1 }, () => new ShareWorker(script)), localShare()];
  const shareOf = new Map<number, number>();
  const assign = (jobs: FileJob[]) => {
    const load = new Array<number>(count).fill(0);
    for (const job of [...jobs].sort((a, b) => b.text.length - a.text.length)) {
      if (shareOf.has(job.index)) continue;
      const lightest = load.indexOf(Math.min(...load));
      shareOf.set(job.index, lightest);
      load[lightest]! += job.text.length;
    }
  };
  return {
    round: async (jobs, options) => {
      assign(jobs);
      const shares = workers.map((_, w) => jobs.filter((job) => shareOf.get(job.index) === w));
      const parsed = await Promise.all(workers.map(async (worker, w) => {
        const reply = await worker.ask({ parse: shares[w]! });
        if (!('parsed' in reply)) throw new Error('a worker thread answered out of turn');
        return reply.parsed;
      }));
      const order = jobs.map((job) => job.index);
      const analysed = await Promise.all(workers.map(async (worker, w) => {
        const others = parsed.filter((_, other) => other !== w).map((share) => share.values);
        const reply = await worker.ask({ analyse: { order, others, options } });
        if (!('analysed' in reply)) throw new Error('a worker thread answered out of turn');
        return reply.analysed;
      }));
      return collect(parsed.flatMap((share) => share.errors), analysed.flat());
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
