/**
 * `npm run fuzz [-- --count N --seed S --from I --workers W --out DIR --hang-ms MS]`: mutation-fuzzes
 * the engine on every core and writes each distinct failing input, minimised, to DIR (default
 * fuzz-failures/). Exit 1 when any invariant broke.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runFuzz, violationName, type FuzzOptions, type FuzzResult } from './fuzz';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1] ?? fallback;
}

if (!isMainThread) {
  const options = workerData as FuzzOptions;
  parentPort!.postMessage({ result: runFuzz({ ...options, onProgress: (done) => parentPort!.postMessage({ done }) }) });
} else {
  void main();
}

async function main(): Promise<void> {
  const count = Number(option('count', '100000'));
  const seed = Number(option('seed', '1'));
  const from = Number(option('from', '0'));
  const workers = Math.max(1, Math.min(count, Number(option('workers', String(availableParallelism())))));
  const hangMs = Number(option('hang-ms', '1000'));
  const out = option('out', 'fuzz-failures');
  const started = Date.now();
  const progress = new Array<number>(workers).fill(0);
  const share = Math.ceil(count / workers);
  const results = await Promise.all(Array.from({ length: workers }, (_, w) => new Promise<FuzzResult>((resolve, reject) => {
    const slice: FuzzOptions = { seed, from: from + w * share, count: Math.max(0, Math.min(share, count - w * share)), hangMs };
    const worker = new Worker(__filename, { workerData: slice });
    worker.on('message', (message: { done?: number; result?: FuzzResult }) => {
      if (message.result) resolve(message.result);
      else {
        progress[w] = message.done!;
        process.stderr.write(`\r${progress.reduce((a, b) => a + b, 0)} / ${count} inputs`);
      }
    });
    worker.on('error', reject);
  })));
  process.stderr.write('\n');
  const seen = new Set<string>();
  const violations = results.flatMap((result) => result.violations).filter((violation) => {
    const key = `${violation.invariant}|${violation.detail.split('\n')[0]!.replace(/\d+/g, 'N')}`;
    return !seen.has(key) && seen.add(key);
  });
  const slowest = results.flatMap((result) => result.slowest).sort((a, b) => b.ms - a.ms).slice(0, 10);
  console.log(`${count} inputs (seed ${seed}, from ${from}) in ${((Date.now() - started) / 1000).toFixed(0)} s on ${workers} workers: ${violations.length} distinct invariant violations`);
  const byInvariant = new Map<string, number>();
  for (const violation of violations) byInvariant.set(violation.invariant, (byInvariant.get(violation.invariant) ?? 0) + 1);
  for (const [invariant, n] of byInvariant) console.log(`  ${invariant}: ${n}`);
  console.log('slowest inputs (ms, bytes, input index, mutations):');
  for (const slow of slowest) console.log(`  ${slow.ms.toFixed(1)} ms  ${slow.bytes} B  #${slow.index}  ${slow.mutations.join(' + ')}`);
  if (violations.length > 0) {
    mkdirSync(out, { recursive: true });
    for (const violation of violations) {
      const file = join(out, violationName(violation));
      writeFileSync(file, violation.input);
      writeFileSync(`${file}.txt`, `${violation.invariant}\n${violation.detail}\ninput #${violation.index} of seed ${seed}; mutations: ${violation.mutations.join(' + ')}\n`);
      console.log(`  ${violation.invariant}: ${file} (#${violation.index}) — ${violation.detail.split('\n')[0]!.slice(0, 200)}`);
    }
  }
  process.exitCode = violations.length > 0 ? 1 : 0;
}
