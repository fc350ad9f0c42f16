/**
 * `npm run bench:cli`: the CLI end to end, as a user runs it. Times trees of 1,000 / 5,000 / 20,000
 * small files (checking N files must stay linear in N) and the peak memory of one file at the
 * default size limit (16 MB). Figures go into issue notes, never into timed tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Wall time, CPU time (user + system) and peak RSS of one `check`; CPU and RSS need GNU time at /usr/bin/time. */
function measureCheck(path: string): string {
  const args = [CLI, 'check', path, '--format', 'json', '--fail-on', 'none'];
  const gnuTime = existsSync('/usr/bin/time');
  const start = performance.now();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - start) / 1000;
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(result.stderr ?? '')?.[1]);
  const cpu = field('User time \\(seconds\\)') + field('System time \\(seconds\\)');
  const rss = field('Maximum resident set size \\(kbytes\\)') / 1024;
  const errors = (result.stderr ?? '').split('\n').filter((line) => line.startsWith('error: ')).length;
  return `${seconds.toFixed(1)} s wall, ${gnuTime ? `${cpu.toFixed(1)} s CPU, peak RSS ${rss.toFixed(0)} MB` : 'no /usr/bin/time for CPU and RSS'}, exit ${result.status}` +
    (errors ? `, ${errors} errors` : '');
}

for (const files of [1000, 5000, 20000]) console.log(`${String(files).padStart(6)} files: ${measureCheck(tree(files))}`);

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
console.log(`${(bytes / 1048576).toFixed(1)} MB file: ${measureCheck(big)}`);
rmSync(work, { recursive: true, force: true });
