import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { FileAnalyzer, KubeObject, type FileAnalysis, type Severity } from './analysis';
import { packFindings, unpackFindings, type FindingPack } from './finding-pack';
import { forkOwnBundle, serveParent } from './own-bundle';
import type { ReportedFinding } from './story-groups';

/**
 * The CLI's analysis of a set of files, in this process or shared among helper processes that run
 * the CLI's own bundle (see own-bundle.ts for why processes). Each share parses its files;
 * cross-object rules must still see every object of the set, so the shares then swap the plain
 * values of their objects (serialised once, passed on as bytes) and each analyses its own files
 * against the whole set, in input order: the findings are those of one process. Meanwhile this
 * process only reads, hands out and collects, taking in outcomes as the shares send them.
 */

/** One input file as a share sees it; `index` is its place in the run's input order. */
export interface FileJob { index: number; file: string; text: string; helmTemplate: boolean; partial: boolean }

/** `fixes`: whether the findings must carry their fixes (for `--fix`). */
export interface JobOptions { rules: Readonly<Record<string, Severity | 'off'>>; kubernetesVersion?: string; fixes: boolean }

/** What the CLI reports of a file's analysis: its objects and per-document findings stay in the share that made them. */
export type FileResult = Pick<FileAnalysis, 'documents' | 'skipped' | 'ruleErrors'> & { findings: ReportedFinding[] };

/** What became of one file in a round; `error` when a step crashed on it (a bug, or a parser limit). */
export interface FileOutcome { index: number; analysis?: FileResult; error?: string }

/** The objects' plain values of the files a share parsed: `[index, file, values]` for each. */
type SharedValues = [number, string, Record<string, unknown>[]][];

/**
 * A set below this many bytes is checked in one process: starting helpers would cost more than they
 * save (each boots, warms up and indexes the whole set). On two cores, 1.1 MB took 1.7-1.8 s in two
 * processes against 1.5-1.7 s in one; 2.4 MB 2.8-3.1 s against 2.9-3.6 s.
 */
const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;

/** The argument that makes the CLI's bundle serve a share of a run. */
export const SHARE_PROCESS_ARG = '--serve-share';

/** A share sends the outcomes of this many files at a time, to be read while it analyses the rest. */
const OUTCOMES_PER_MESSAGE = 32;

/**
 * Processes a run uses: `--jobs`, else every core for a large set; never more than there are files,
 * nor more than twice the cores: each share holds the values of the whole set, so more processes
 * than cores only multiply the memory.
 */
export function jobCount(requested: number | undefined, files: readonly { text: string }[]): number {
  const bytes = files.reduce((sum, file) => sum + file.text.length, 0);
  const wanted = requested ?? (bytes < PARALLEL_MIN_BYTES ? 1 : availableParallelism());
  return Math.max(1, Math.min(wanted, files.length, 2 * availableParallelism()));
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

  /**
   * Analyses the round's parsed files against the set (this share's objects and the others' values,
   * in input order), handing each file's outcome to `done` as soon as it is known.
   */
  analyse(order: readonly number[], others: SharedValues, options: JobOptions, done: (outcome: FileOutcome) => void): void {
    const detached = new Map(others.map(([index, file, values]) => [index, values.map((value) => new KubeObject(value, undefined, file))]));
    const analysedSet = order.flatMap((index) => this.objects.get(index) ?? detached.get(index) ?? []);
    const errors = new Map<number, string>();
    for (const job of this.jobs) {
      if (!this.objects.has(job.index)) continue;
      const analysis = guarded(job, errors, () => this.analyzers.get(job.index)!.analyze(job.text, {
        rules: options.rules,
        analysedSet,
        helmTemplate: job.helmTemplate,
        partial: job.partial,
        ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
      }));
      if (!analysis) {
        done({ index: job.index, error: errors.get(job.index)! });
        continue;
      }
      const { findings, documents, skipped, ruleErrors } = analysis;
      done({ index: job.index, analysis: { findings, documents, ...(skipped ? { skipped } : {}), ...(ruleErrors ? { ruleErrors } : {}) } });
    }
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

/** Analyses the files of a run, round after round (`--fix` runs a second one), in `jobs` processes. */
export interface Analysis {
  round(jobs: FileJob[], options: JobOptions): Promise<RoundResult>;
  close(): Promise<void>;
}

function collect(parseErrors: [number, string][], outcomes: FileOutcome[]): RoundResult {
  const byIndex = new Map(outcomes.map((outcome) => [outcome.index, outcome]));
  const analyseErrors = outcomes.filter((outcome) => outcome.error !== undefined).sort((a, b) => a.index - b.index).map((outcome) => outcome.error!);
  return { outcomes: byIndex, errors: [...parseErrors.sort((a, b) => a[0] - b[0]).map(([, error]) => error), ...analyseErrors] };
}

/** One process: the share is the whole set, nothing is copied. */
export function analysisInProcess(): Analysis {
  const share = new Share();
  return {
    round: async (jobs, options) => {
      const { errors } = share.parse(jobs);
      const outcomes: FileOutcome[] = [];
      share.analyse(jobs.map((job) => job.index), [], options, (outcome) => outcomes.push(outcome));
      return collect(errors, outcomes);
    },
    close: async () => undefined,
  };
}

type Request = { parse: FileJob[] } | { analyse: { order: number[]; others: Uint8Array[]; options: JobOptions } };
/** A share's answer; an analysis comes in several messages, the last one `last`. */
type Reply = { parsed: { errors: [number, string][]; values: Uint8Array } } | { analysed: SentOutcomes; last: boolean };

/** Outcomes as a share sends them: without their findings, which go packed together. */
interface SentOutcomes { outcomes: FileOutcome[]; findings: FindingPack }

function sendable(outcomes: FileOutcome[], withFixes: boolean): SentOutcomes {
  const findings = packFindings(outcomes.map((outcome) => outcome.analysis?.findings ?? []), withFixes);
  return { outcomes: outcomes.map((outcome) => outcome.analysis ? { ...outcome, analysis: { ...outcome.analysis, findings: [] } } : outcome), findings };
}

function received({ outcomes, findings }: SentOutcomes): FileOutcome[] {
  const lists = unpackFindings(findings);
  return outcomes.map((outcome, i) => outcome.analysis ? { ...outcome, analysis: { ...outcome.analysis, findings: lists[i]! } } : outcome);
}

/** Serves one share of a run, in a process started by `analysisInProcesses`. */
export function serveShare(): void {
  const share = new Share();
  serveParent((request: Request, send: (reply: Reply) => void) => {
    if ('parse' in request) {
      const { errors, values } = share.parse(request.parse);
      // Serialised once, by the share that parsed them: the others' bytes are only passed on.
      send({ parsed: { errors, values: serialize(values) } });
      return;
    }
    const { order, others, options } = request.analyse;
    let batch: FileOutcome[] = [];
    share.analyse(order, others.flatMap((bytes) => deserialize(bytes) as SharedValues), options, (outcome) => {
      if (batch.push(outcome) < OUTCOMES_PER_MESSAGE) return;
      send({ analysed: sendable(batch, options.fixes), last: false });
      batch = [];
    });
    send({ analysed: sendable(batch, options.fixes), last: true });
  });
}

/** A helper process running `script` (the CLI's own bundle), asked one thing at a time. */
class ShareProcess {
  private readonly child: ChildProcess;
  private pending?: { resolve: (reply: Reply) => void; reject: (error: Error) => void; part: (outcomes: FileOutcome[]) => void };

  constructor(script: string) {
    this.child = forkOwnBundle(script, SHARE_PROCESS_ARG);
    this.child.on('message', (reply: Reply) => {
      if ('analysed' in reply && !reply.last) this.pending?.part(received(reply.analysed));
      else this.settle((pending) => pending.resolve(reply));
    });
    this.child.on('error', (error) => this.settle((pending) => pending.reject(error)));
    this.child.on('exit', (code, signal) => this.settle((pending) => pending.reject(new Error(`a share process ended (${signal ?? `code ${code}`})`))));
  }

  private settle(action: (pending: NonNullable<ShareProcess['pending']>) => void): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) action(pending);
  }

  /** Sends `request`; `part` receives the outcomes that come before the last message. */
  ask(request: Request, part: (outcomes: FileOutcome[]) => void = () => undefined): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, part };
      this.child.send(request);
    });
  }

  /** Ends the process at once: its heap goes with it, nothing is left to wait for. */
  close(): void {
    this.child.kill();
  }
}

/**
 * `count` helper processes running `script`, each with a fixed share of the files (balanced by size
 * on the first round and kept after, so a file's parsed documents stay where they are).
 */
export function analysisInProcesses(script: string, count: number): Analysis {
  const helpers = Array.from({ length: count }, () => new ShareProcess(script));
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
      const shares = helpers.map((_, w) => jobs.filter((job) => shareOf.get(job.index) === w));
      const parsed = await Promise.all(helpers.map(async (helper, w) => {
        const reply = await helper.ask({ parse: shares[w]! });
        if (!('parsed' in reply)) throw new Error('a share process answered out of turn');
        return reply.parsed;
      }));
      const order = jobs.map((job) => job.index);
      const outcomes: FileOutcome[] = [];
      const take = (part: FileOutcome[]) => outcomes.push(...part);
      await Promise.all(helpers.map(async (helper, w) => {
        const others = parsed.filter((_, other) => other !== w).map((share) => share.values);
        const reply = await helper.ask({ analyse: { order, others, options } }, take);
        if (!('analysed' in reply)) throw new Error('a share process answered out of turn');
        take(received(reply.analysed));
      }));
      return collect(parsed.flatMap((share) => share.errors), outcomes);
    },
    close: async () => helpers.forEach((helper) => helper.close()),
  };
}
