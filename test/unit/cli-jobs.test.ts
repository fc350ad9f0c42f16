import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { jobCount } from '../../server/src/cli-jobs';

/**
 * `check --jobs N` shares the files among N helper processes: whatever N, the output (findings,
 * order, totals, errors, exit code) and the files `--fix` writes must be those of one process.
 */

const CLI = join(process.cwd(), 'dist', 'cli.js');
const run = (args: string[], options: { cwd?: string; input?: string } = {}) => {
  const result = spawnSync(process.execPath, [CLI, ...args], { ...options, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};
const fixture = (rule: string) => readFileSync(join('test', 'fixtures', rule, 'failure.yaml'), 'utf8');

/**
 * Objects whose findings depend on objects in other files. The Deployment's file is padded to be
 * the largest by far, so with two processes it is analysed in one and every other file in the other.
 */
function crossFileSet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kfs-jobs-'));
  const service = (name: string, app: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - port: 80\n`;
  writeFileSync(join(dir, 'web-deployment.yaml'), `${'# padding\n'.repeat(20_000)}apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: shop/web:1.4.2\n`);
  writeFileSync(join(dir, 'web-service.yaml'), service('web', 'web'));
  writeFileSync(join(dir, 'typo-service.yaml'), service('checkout', 'chekout'));
  writeFileSync(join(dir, 'cron.yaml'), fixture('cronjob-concurrency'));
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: broken\ndata:\n  a: [1, 2\n');
  writeFileSync(join(dir, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: ${'['.repeat(5000)}\n`);
  return dir;
}

function assertSameRuns(args: string[], options: { cwd?: string; input?: string } = {}, threads = ['2']) {
  const one = run([...args, '--jobs', '1'], options);
  for (const jobs of threads) assert.deepEqual(run([...args, '--jobs', jobs], options), one, `--jobs ${jobs}: ${args.join(' ')}`);
  return one;
}

describe('CLI check --jobs', () => {
  it('reports the corpus, fixtures and examples the same in 1, 2 and 3 processes', () => {
    for (const [format, threads] of [['json', ['2', '3']], ['text', ['2']]] as const) {
      const result = assertSameRuns(['check', 'test/corpus', 'test/fixtures', 'examples', '--format', format, '--fail-on', 'none'], {}, [...threads]);
      assert.equal(result.status, 0, result.stderr);
    }
  });

  it('finds cross-file problems in any share: a Service sees the Deployment another process parsed', () => {
    const dir = crossFileSet();
    const result = assertSameRuns(['check', '.', '--format', 'json'], { cwd: dir });
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
    const selectors = findings.filter((f) => f.ruleId === 'service-selector-no-match').map((f) => f.file);
    assert.deepEqual(selectors, ['typo-service.yaml']);
    // Parse problems keep their places: a syntax error, and a document too deep to read.
    assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax' && f.file === 'broken.yaml'), result.stdout);
    assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax' && f.file === 'deep.yaml' && /nested more than/.test(f.message)), result.stdout);
    assert.equal(result.status, 1, result.stderr);
  });

  it('reads stdin beside files the same way: the rendered chart on stdin sees the files\' objects', () => {
    const dir = crossFileSet();
    const stdin = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: stdin-web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n';
    const result = assertSameRuns(['check', '-', '.', '--format', 'json'], { cwd: dir, input: stdin });
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; file: string }[] }).findings;
    assert.ok(findings.some((f) => f.file === 'typo-service.yaml'), result.stdout);
    assert.deepEqual(findings.filter((f) => f.file === '<stdin>' && f.ruleId === 'service-selector-no-match'), []);
  });

  it('writes the same fixes and reports the fixed files the same way', () => {
    const template = crossFileSet();
    const runs = ['1', '2'].map((jobs) => {
      const dir = mkdtempSync(join(tmpdir(), 'kfs-jobs-fix-'));
      cpSync(template, dir, { recursive: true });
      const result = run(['check', '.', '--fix', '--format', 'json', '--jobs', jobs], { cwd: dir });
      const files = Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
      return { result, files };
    });
    assert.deepEqual(runs[1], runs[0]);
    assert.match(runs[0]!.files['cron.yaml']!, /concurrencyPolicy: Forbid/);
    assert.notEqual(runs[0]!.files['cron.yaml'], readFileSync(join(template, 'cron.yaml'), 'utf8'));
  });

  it('reports a share process that dies as an error (exit 2), with no findings rather than some', { skip: process.platform !== 'linux' && 'finds the helper with pgrep' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-jobs-kill-'));
    // Big enough that the shares are still parsing when one is killed.
    for (let i = 0; i < 4; i++) writeFileSync(join(dir, `cron-${i}.yaml`), `${fixture('cronjob-concurrency')}---\n`.repeat(4000));
    const cli = spawn(process.execPath, [CLI, 'check', '.', '--jobs', '2', '--format', 'json'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    let share = '';
    while (!share && cli.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      share = spawnSync('pgrep', ['-P', String(cli.pid), '-f', 'serve-share'], { encoding: 'utf8' }).stdout.split('\n')[0]!;
    }
    assert.ok(share, `no share process was seen: ${stderr}`);
    process.kill(Number(share), 'SIGKILL');
    assert.equal(await exited, 2, stderr);
    assert.match(stderr, /^error: the analysis stopped: a share process ended \(SIGKILL\)/m);
    assert.deepEqual(JSON.parse(stdout).findings, []);
  });

  it('refuses a --jobs that is not a whole number of processes', () => {
    for (const jobs of ['0', '-1', 'two', '1.5']) {
      const result = run(['check', 'examples', '--jobs', jobs]);
      assert.equal(result.status, 2, jobs);
      assert.match(result.stderr, /--jobs must be a whole number of processes/);
    }
  });
});

describe('how many processes a check uses', () => {
  const files = (count: number, bytes: number) => Array.from({ length: count }, () => ({ text: 'x'.repeat(bytes) }));
  const cores = availableParallelism();

  it('one for a set under 2 MB, every core for a larger one, --jobs when given', () => {
    assert.equal(jobCount(undefined, files(100, 20_000)), 1);
    assert.equal(jobCount(undefined, files(100, 30_000)), Math.min(cores, 100));
    assert.equal(jobCount(2, files(10, 10)), 2);
  });

  it('never more than there are files, nor more than twice the cores', () => {
    assert.equal(jobCount(8, files(3, 10)), Math.min(3, 2 * cores));
    assert.equal(jobCount(999, files(5000, 10)), 2 * cores);
  });
});
