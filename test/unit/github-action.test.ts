import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

/**
 * No runner is reachable here, so the tests play its part: they read action.yml, put the inputs
 * into the steps' `${{ inputs.* }}` expressions, and run each step's script the way the runner
 * does (bash -eo pipefail on a script file, GITHUB_* variables and files, the workspace as cwd).
 */
interface Step { name: string; id?: string; shell: string; run: string; env?: Record<string, string> }
interface Action { inputs: Record<string, { default: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: Step[] } }

const ACTION_PATH = process.cwd();
const action = parse(readFileSync(join(ACTION_PATH, 'action.yml'), 'utf8')) as Action;
const fixture = (rule: string, name = 'failure.yaml') => join(ACTION_PATH, 'test', 'fixtures', rule, name);

function runAction(workspace: string, inputs: Record<string, string> = {}) {
  const runnerDir = mkdtempSync(join(tmpdir(), 'kfs-runner-'));
  const files = { GITHUB_OUTPUT: join(runnerDir, 'output'), GITHUB_STEP_SUMMARY: join(runnerDir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const expression = (text: string) => text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]!.default);
  let stdout = '';
  let status: number | null = 0;
  for (const step of action.runs.steps) {
    assert.equal(step.shell, 'bash');
    const script = join(runnerDir, `step-${step.id ?? 'anonymous'}.sh`);
    writeFileSync(script, step.run);
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expression(value)]));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTION_PATH: ACTION_PATH, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerDir, GITHUB_ACTIONS: 'true', ...files, ...env },
      timeout: 120_000,
    });
    stdout += result.stdout;
    status = result.status;
    if (status !== 0) break;
  }
  const outputs = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
  return { status, stdout, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kfs-workspace-'));
  mkdirSync(join(dir, 'deploy'));
  copyFileSync(fixture('api-version-removed'), join(dir, 'deploy', 'old-api.yaml'));
  copyFileSync(fixture('cronjob-concurrency'), join(dir, 'deploy', 'cron.yaml'));
  mkdirSync(join(dir, 'clean'));
  copyFileSync(fixture('image-tag-latest', 'success.yaml'), join(dir, 'clean', 'pod.yaml'));
  return dir;
}

describe('GitHub Action (action.yml) run as the runner runs it', () => {
  it('is a composite action whose inputs and outputs the step script reads and writes', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs), ['paths', 'fail-on', 'kubernetes-version', 'config', 'sarif-file', 'annotations']);
    const check = action.runs.steps.find((step) => step.id === 'check')!;
    for (const name of Object.keys(action.inputs)) assert.ok(Object.values(check.env!).includes(`\${{ inputs.${name} }}`), name);
    for (const [name, output] of Object.entries(action.outputs)) assert.equal(output.value, `\${{ steps.check.outputs.${name} }}`);
  });

  it('annotates the findings, writes SARIF, the outputs and the summary, and fails at fail-on', () => {
    const dir = workspace();
    const result = runAction(dir, { paths: 'deploy', 'fail-on': 'warning' });
    assert.equal(result.status, 1, result.stdout);
    const commands = result.stdout.trimEnd().split('\n');
    assert.ok(commands.length > 0 && commands.every((line) => /^::(error|warning|notice) file=deploy\/[a-z-]+\.yaml,line=\d+,/.test(line)), result.stdout);
    assert.ok(commands.some((line) => line.startsWith('::error file=deploy/old-api.yaml,') && line.includes('title=api-version-removed%3A')));
    const sarif = JSON.parse(readFileSync(join(dir, 'k8s-failure-stories.sarif'), 'utf8'));
    assert.equal(sarif.runs[0].results.length, commands.length);
    assert.deepEqual(result.outputs, { 'exit-code': '1', 'sarif-file': 'k8s-failure-stories.sarif', findings: String(commands.length) });
    assert.match(result.summary, /^### Kubernetes Failure Stories\n\n\d+ findings \(the check fails at this level\)\.\n/);
    assert.match(result.summary, /\| `api-version-removed` [^|]+ \| \d+ \| \[[\w-]+\]\(https?:\/\/[^)]+\) \|/);
  });

  it('passes at fail-on none, reads several paths, the Kubernetes version and a settings file, and prints text without annotations', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'ci-settings.yaml'), 'rules:\n  cronjob-concurrency: "off"\n');
    const result = runAction(dir, { paths: 'deploy\nclean', 'fail-on': 'none', 'kubernetes-version': '1.15', config: 'ci-settings.yaml', annotations: 'false', 'sarif-file': 'out/report.sarif' });
    // out/ does not exist: the CLI cannot write the report there, and says so (exit 2).
    assert.equal(result.status, 2);
    mkdirSync(join(dir, 'out'));
    const passed = runAction(dir, { paths: 'deploy\nclean', 'fail-on': 'none', 'kubernetes-version': '1.15', config: 'ci-settings.yaml', annotations: 'false', 'sarif-file': 'out/report.sarif' });
    assert.equal(passed.status, 0, passed.stdout);
    assert.doesNotMatch(passed.stdout, /^::/m);
    assert.match(passed.stdout, / in 3 files, /);
    const ruleIds = (file: string) => JSON.parse(readFileSync(file, 'utf8')).runs[0].results.map((r: { ruleId: string }) => r.ruleId) as string[];
    const rules = ruleIds(join(dir, 'out', 'report.sarif'));
    assert.ok(!rules.includes('cronjob-concurrency'), 'the settings file turned the rule off');
    // On Kubernetes 1.15 fewer of the fixture's API versions were removed than on the default version.
    runAction(dir, { paths: 'deploy\nclean' });
    const removed = (ids: string[]) => ids.filter((id) => id === 'api-version-removed').length;
    assert.ok(removed(rules) < removed(ruleIds(join(dir, 'k8s-failure-stories.sarif'))), rules.join(' '));
    assert.equal(passed.outputs['exit-code'], '0');
  });

  it('exits 2 without a report on a bad input, leaving no stale SARIF behind', () => {
    const dir = workspace();
    assert.equal(runAction(dir, { paths: 'deploy' }).status, 1);
    assert.ok(existsSync(join(dir, 'k8s-failure-stories.sarif')));
    const result = runAction(dir, { paths: 'deploy', 'fail-on': 'sometimes' });
    assert.equal(result.status, 2);
    assert.deepEqual(result.outputs, { 'exit-code': '2' });
    assert.ok(!existsSync(join(dir, 'k8s-failure-stories.sarif')));
    assert.equal(result.summary, '');
  });
});
