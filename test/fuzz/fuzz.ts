import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, applyTextEdits, FileAnalyzer, type FileAnalysis, type Finding } from '../../server/src/analysis';
import { MUTATIONS, type Random } from './mutations';

/**
 * Seeded, deterministic mutation fuzzing of the engine: real manifests (fixtures, corpus, examples)
 * are mutated the ways files break in the wild, and every input is held to the engine's invariants.
 */

export interface Violation {
  invariant: string;
  detail: string;
  input: string;
  mutations: string[];
  /** Reproduce with `npm run fuzz -- --seed S --from index --count 1`. */
  index: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Index of the first input (workers take slices of one run). */
  from?: number;
  /** Folders of seed manifests, relative to the project root. */
  seedFolders?: string[];
  /** An input slower than this is a hang; undefined leaves time out of the invariants (tests). */
  hangMs?: number;
  onProgress?: (done: number) => void;
}

export interface FuzzResult {
  inputs: number;
  violations: Violation[];
  /** The slowest inputs, slowest first. */
  slowest: { ms: number; bytes: number; mutations: string[]; index: number }[];
}

const DEFAULT_SEED_FOLDERS = ['test/fixtures', 'test/corpus', 'examples'];

export function seedTexts(folders = DEFAULT_SEED_FOLDERS): string[] {
  const texts: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.ya?ml$/.test(name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const folder of folders) visit(folder);
  return texts;
}

/** mulberry32: small, fast and good enough to make runs reproducible from one number. */
export function random(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (items) => items[Math.floor(next() * items.length)]! };
}

export function makeInput(seeds: readonly string[], rng: Random): { text: string; original: string; mutations: string[] } {
  const original = rng.pick(seeds);
  let text = original;
  const mutations: string[] = [];
  const rounds = 1 + rng.int(4);
  for (let i = 0; i < rounds; i++) {
    const mutation = rng.pick(MUTATIONS);
    text = mutation.apply(text, rng, seeds);
    mutations.push(mutation.name);
  }
  return { text, original, mutations };
}

/** Line starts as the LSP counts them: CR, LF and CRLF each end a line. */
function lspPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (code === 10 || code === 13) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

function stable(analysis: FileAnalysis): string {
  return JSON.stringify({ findings: analysis.findings, documents: analysis.documents, skipped: analysis.skipped, ruleErrors: analysis.ruleErrors });
}

/** What the engine could not read: its own parse findings (it reads CR-only files that the bare parser does not). */
function unreadable(analysis: FileAnalysis): number {
  return analysis.findings.filter((finding) => finding.ruleId === 'yaml-syntax').length;
}

/** The invariants one input must keep; returns the first broken one. `rng` picks which of its fixes to apply. */
export function checkInput(text: string, previous: string, rng: Random, hangMs?: number): { invariant: string; detail: string } | { ms: number } {
  let fresh: FileAnalysis;
  const started = performance.now();
  try {
    fresh = analyzeText(text, 'fuzz.yaml');
  } catch (error) {
    return { invariant: 'no-throw', detail: (error as Error).stack ?? String(error) };
  }
  const ms = performance.now() - started;
  if (hangMs !== undefined && ms > hangMs) return { invariant: 'bounded-time', detail: `${ms.toFixed(0)} ms` };
  if (fresh.ruleErrors?.length) return { invariant: 'no-rule-error', detail: fresh.ruleErrors.map((e) => `${e.ruleId}: ${e.message.split('\n')[0]}`).join('; ') };
  for (const finding of fresh.findings) {
    const problem = rangeProblem(text, finding);
    if (problem) return { invariant: 'ranges-inside-text', detail: `${finding.ruleId}: ${problem}` };
  }
  // The same text analysed after another one, reusing what it can, must give the fresh answer:
  // this checks the incremental caches and, since nothing is shared, determinism too.
  const incremental = new FileAnalyzer('fuzz.yaml');
  try {
    incremental.analyze(previous);
    if (stable(incremental.analyze(text)) !== stable(fresh)) return { invariant: 'incremental-equals-fresh', detail: 'analysis after an edit differs from a fresh analysis' };
  } catch (error) {
    return { invariant: 'no-throw', detail: `incremental: ${(error as Error).stack ?? String(error)}` };
  }
  // Applying a fix must not break the YAML; a few fixes per input cover every rule over a run.
  const fixes = fresh.findings.flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
  for (let i = 0; i < Math.min(2, fixes.length); i++) {
    const { finding, fix } = rng.pick(fixes);
    const fixed = analyzeText(applyTextEdits(text, fix.edits), 'fuzz.yaml');
    if (unreadable(fixed) > unreadable(fresh) || fixed.objects.length !== fresh.objects.length) {
      return { invariant: 'fixes-parse', detail: `${finding.ruleId} "${fix.title}" leaves YAML that does not parse to the same objects` };
    }
  }
  return { ms };
}

function rangeProblem(text: string, finding: Finding): string | undefined {
  const { start, end } = finding.offsets;
  if (!(start >= 0 && start <= end && end <= text.length)) return `offsets ${start}-${end} outside 0-${text.length}`;
  for (const [name, offset, position] of [['start', start, finding.range.start], ['end', end, finding.range.end]] as const) {
    const expected = lspPosition(text, offset);
    if (expected.line !== position.line || expected.character !== position.character) {
      return `${name} ${position.line}:${position.character} but offset ${offset} is ${expected.line}:${expected.character} in the LSP's line model`;
    }
  }
  return undefined;
}

/** Smallest set of lines (then characters) that still breaks the same invariant. */
export function minimise(text: string, previous: string, invariant: string, hangMs?: number, budgetMs = 5000): string {
  const deadline = Date.now() + budgetMs;
  const breaks = (candidate: string) => {
    const result = checkInput(candidate, previous, random(0), hangMs);
    return 'invariant' in result && result.invariant === invariant;
  };
  let parts = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  for (let size = Math.max(1, parts.length >> 1); size >= 1 && Date.now() < deadline; size = size === 1 ? 0 : size >> 1) {
    for (let i = 0; i + size <= parts.length && Date.now() < deadline;) {
      const candidate = [...parts.slice(0, i), ...parts.slice(i + size)];
      if (candidate.length > 0 && breaks(candidate.join(''))) parts = candidate;
      else i += size;
    }
  }
  return parts.join('');
}

/** Input `index` of run `seed`: the same input whatever the worker, so a failure is reproducible from two numbers. */
export function inputAt(seeds: readonly string[], seed: number, index: number): { text: string; previous: string; mutations: string[]; rng: Random } {
  const rng = random(Math.imul(seed, 2654435761) ^ index);
  const { text, original, mutations } = makeInput(seeds, rng);
  // Mostly the edit a user makes (the seed before mutation), sometimes a switch to another file.
  const previous = rng.next() < 0.8 ? original : rng.pick(seeds);
  return { text, previous, mutations, rng };
}

export function runFuzz(options: FuzzOptions): FuzzResult {
  const seeds = seedTexts(options.seedFolders);
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const slowest: FuzzResult['slowest'] = [];
  const from = options.from ?? 0;
  for (let index = from; index < from + options.count; index++) {
    const { text, previous, mutations, rng } = inputAt(seeds, options.seed, index);
    const result = checkInput(text, previous, rng, options.hangMs);
    if ('invariant' in result) {
      // One report per invariant and first line of detail: the same defect shows up many times.
      const key = `${result.invariant}|${result.detail.split('\n')[0]!.replace(/\d+/g, 'N')}`;
      if (!seen.has(key)) {
        seen.add(key);
        violations.push({ ...result, input: minimise(text, previous, result.invariant, options.hangMs), mutations, index });
      }
    } else {
      slowest.push({ ms: result.ms, bytes: text.length, mutations, index });
      if (slowest.length > 40) slowest.sort((a, b) => b.ms - a.ms).splice(10);
    }
    if ((index - from + 1) % 500 === 0) options.onProgress?.(index - from + 1);
  }
  return { inputs: options.count, violations, slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, 10) };
}

export function violationName(violation: Violation): string {
  return `${violation.invariant}-${createHash('sha256').update(violation.input).digest('hex').slice(0, 10)}.yaml`;
}
