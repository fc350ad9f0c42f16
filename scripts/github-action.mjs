// The GitHub Action's check step (action.yml). The runner passes the inputs as INPUT_* variables and
// the step's files as GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. One CLI run prints the annotations
// (workflow commands) and writes the SARIF report; this script adds the step's outputs and summary
// and exits with the CLI's code, so fail-on decides whether the step fails.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist', 'cli.js');

const input = (name) => (process.env[`INPUT_${name}`] ?? '').trim();

/** One path a line when the value has line breaks (so a path may hold a space), otherwise split on spaces. */
function paths(value) {
  const list = value.includes('\n') ? value.split('\n') : value.split(/\s+/);
  const kept = list.map((path) => path.trim()).filter(Boolean);
  return kept.length > 0 ? kept : ['.'];
}

function checkArgs() {
  const args = ['check', ...paths(input('PATHS')), '--fail-on', input('FAIL_ON') || 'warning', '--sarif', sarifFile];
  args.push('--format', input('ANNOTATIONS') === 'false' ? 'text' : 'github');
  if (input('KUBERNETES_VERSION')) args.push('--kubernetes-version', input('KUBERNETES_VERSION'));
  if (input('CONFIG')) args.push('--config', input('CONFIG'));
  return args;
}

/** A step output in GITHUB_OUTPUT's `name=value` form (the values here never hold a line break). */
function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** The job summary: findings per rule, most first, each rule linked to its strongest story. */
function summary(sarif, exitCode) {
  const run = sarif.runs[0];
  const rules = run.tool.driver.rules;
  const results = run.results.filter((result) => !result.suppressions);
  const counts = new Map();
  for (const result of results) counts.set(result.ruleId, (counts.get(result.ruleId) ?? 0) + 1);
  const lines = ['### Kubernetes Failure Stories', ''];
  if (results.length === 0) {
    lines.push('No findings.');
  } else {
    lines.push(`${results.length} finding${results.length === 1 ? '' : 's'}${exitCode === 1 ? ' (the check fails at this level)' : ''}.`, '',
      '| Rule | Findings | Strongest story |', '| --- | ---: | --- |');
    for (const [ruleId, count] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      const rule = rules.find((candidate) => candidate.id === ruleId);
      const story = rule?.helpUri ? `[${rule.properties.citations[0].story}](${rule.helpUri})` : '';
      lines.push(`| \`${ruleId}\` ${rule?.name ?? ''} | ${count} | ${story} |`);
    }
  }
  return lines.join('\n') + '\n';
}

const sarifFile = input('SARIF_FILE') || 'k8s-failure-stories.sarif';
// A report left by an earlier run must not pass for this run's when the CLI stops before writing one.
rmSync(sarifFile, { force: true });
const result = spawnSync(process.execPath, [CLI, ...checkArgs()], { stdio: 'inherit' });
// A CLI killed by a signal checked nothing: that is an error, never a pass.
const exitCode = result.status ?? 2;
setOutput('exit-code', exitCode);
if (existsSync(sarifFile)) {
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
  setOutput('sarif-file', sarifFile);
  setOutput('findings', sarif.runs[0].results.filter((r) => !r.suppressions).length);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary(sarif, exitCode));
}
process.exitCode = exitCode;
