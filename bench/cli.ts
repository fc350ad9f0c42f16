/**
 * `npm run bench:cli [-- --set-only] [--runs N]`: the CLI end to end, as a user runs it. Times a ~20 MB set of
 * ~900 files against the bare single-threaded `yaml` parse of the same files (the floor), on one thread
 * and on every core; trees of 1,000 / 5,000 / 20,000 small files (checking N files must
 * stay linear in N); and the peak memory of one file at the default size limit (16 MB). Figures go
 * into issue notes, never into timed tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cronJob, deployment, manifest, service } from './manifests';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'kfs-bench-cli-'));

/** A tree of `files` one-object files, 100 per folder, the kinds mixed as in a real repository. */
function tree(files: number): string {
  const root = join(work, `tree-${files}`);
  const kinds = [deployment, service, cronJob];
  for (let i = 0; i < files; i++) {
    const dir = join(root, `app-${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `object-${i}.yaml`), kinds[i % kinds.length]!(Math.floor(i / kinds.length)));
  }
  return root;
}

/**
 * About 20 MB in about 900 files of 2 to 70 objects, as in a repository of rendered manifests. Files
 * come in pairs that reuse the same names, so Services and HPAs also select workloads in another file.
 */
function largeSet(): { root: string; files: string[]; bytes: number } {
  const root = join(work, 'set-20mb');
  const objectsPerFile = [2, 4, 8, 12, 16, 24, 32, 48, 70];
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < 900; i++) {
    const dir = join(root, `team-${Math.floor(i / 50)}`);
    if (i % 50 === 0) mkdirSync(dir, { recursive: true });
    const prefix = `r${Math.floor(i / 2)}-`;
    const text = manifest(objectsPerFile[i % objectsPerFile.length]!).replaceAll('service-', `${prefix}service-`).replaceAll('job-', `${prefix}job-`);
    const file = join(dir, `release-${i}.yaml`);
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { root, files, bytes };
}

interface Measure { seconds: number; cpu: number; rssMB: number; status: number | null; errors: number; load: number }

/** Wall time, CPU time (user + system) and peak RSS of one `check`; CPU and RSS need GNU time at /usr/bin/time. */
function measureCheck(path: string, extra: string[] = []): Measure {
  const args = [CLI, 'check', path, '--format', 'json', '--fail-on', 'none', ...extra];
  const gnuTime = existsSync('/usr/bin/time');
  const load = loadavg()[0]!;
  const start = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - start) / 1000;
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(result.stderr ?? '')?.[1]);
  const cpu = field('User time \\(seconds\\)') + field('System time \\(seconds\\)');
  const rssMB = field('Maximum resident set size \\(kbytes\\)') / 1024;
  const errors = (result.stderr ?? '').split('\n').filter((line) => line.startsWith('error: ')).length;
  return { seconds, cpu, rssMB, status: result.status, errors, load };
}

function describe(measure: Measure): string {
  const { seconds, cpu, rssMB, status, errors, load } = measure;
  return `${seconds.toFixed(2)} s wall, ${Number.isNaN(cpu) ? 'no /usr/bin/time for CPU and RSS' : `${cpu.toFixed(1)} s CPU, peak RSS ${rssMB.toFixed(0)} MB`}, exit ${status}` +
    `${errors ? `, ${errors} errors` : ''} (load ${load.toFixed(2)})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const set = largeSet();
const jobCounts = [1, availableParallelism()];
console.log(`${(set.bytes / 1048576).toFixed(1)} MB in ${set.files.length} files; ${availableParallelism()} cores; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// Rounds interleave the floor and the CLI runs, so a change in the machine's load touches them alike;
// each round's ratio compares runs made under about the same load.
const floorRuns: number[] = [];
const floorCpu: number[] = [];
const cliRuns = new Map<number, Measure[]>(jobCounts.map((jobs) => [jobs, []]));
for (let round = 0; round < RUNS; round++) {
  // The floor: the same files read and parsed by `yaml` alone, on this thread.
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const file of set.files) parseAllDocuments(readFileSync(file, 'utf8'));
  floorRuns.push((performance.now() - start) / 1000);
  const cpu = process.cpuUsage(cpuStart);
  floorCpu.push((cpu.user + cpu.system) / 1e6);
  for (const jobs of jobCounts) cliRuns.get(jobs)!.push(measureCheck(set.root, ['--jobs', String(jobs)]));
}
const floor = median(floorRuns);
console.log(`  bare yaml parse, 1 thread: median ${floor.toFixed(2)} s, ${median(floorCpu).toFixed(2)} s CPU; runs ${floorRuns.map((s) => s.toFixed(2)).join(' ')}`);
for (const [jobs, runs] of cliRuns) {
  const middle = runs.find((run) => run.seconds === median(runs.map((r) => r.seconds)))!;
  const ratios = runs.map((run, round) => run.seconds / floorRuns[round]!);
  console.log(`  CLI --jobs ${jobs}: median ${(middle.seconds / floor).toFixed(2)} x the floor (per round: median ${median(ratios).toFixed(2)}, ${ratios.map((r) => r.toFixed(2)).join(' ')})`);
  // On a busy machine wall times say little: CPU per thread against the floor's CPU is what idle cores would give.
  const cpuPerThread = median(runs.map((run) => run.cpu)) / jobs;
  console.log(`    median run ${describe(middle)}; walls ${runs.map((r) => r.seconds.toFixed(2)).join(' ')}; CPU / ${jobs} job(s) = ${(cpuPerThread / median(floorCpu)).toFixed(2)} x the floor's CPU`);
}

if (!process.argv.includes('--set-only')) {
  for (const files of [1000, 5000, 20000]) console.log(`${String(files).padStart(6)} files: ${describe(measureCheck(tree(files)))}`);

  // One file just under the default size limit (16 MB).
  const limit = 16 * 1024 * 1024;
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; ; i++) {
    const part = manifest(20).replaceAll('service-', `s${i}-`).replaceAll('job-', `j${i}-`);
    if (bytes + Buffer.byteLength(part) > limit) break;
    parts.push(part);
    bytes += Buffer.byteLength(part);
  }
  const big = join(work, 'big.yaml');
  writeFileSync(big, parts.join(''));
  console.log(`${(bytes / 1048576).toFixed(1)} MB file: ${describe(measureCheck(big))}`);
}
rmSync(work, { recursive: true, force: true });
