import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { before, describe, it } from 'node:test';

/**
 * The npm package as a user gets it: `npm pack`, then `npm install <tarball>` into an empty folder
 * with no network (the package must need nothing from the registry), then the installed command.
 * The same install serves the pre-commit hook, which runs the command from PATH.
 */
const ROOT = process.cwd();
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const fixture = (rule: string, name = 'failure.yaml') => join(ROOT, 'test', 'fixtures', rule, name);
const sh = (command: string, args: string[], options: SpawnSyncOptions = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000, ...options });
  return { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), error: result.error };
};

let tarball = '';
let installDir = '';
let binDir = '';

before(() => {
  const packDir = mkdtempSync(join(tmpdir(), 'kfs-pack-'));
  // The unit suite has just built dist/; pack's own build (prepack) would race the other test files for it.
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: ROOT });
  assert.equal(pack.status, 0, pack.stderr);
  tarball = join(packDir, JSON.parse(pack.stdout)[0].filename);
  installDir = mkdtempSync(join(tmpdir(), 'kfs-install-'));
  const install = sh('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--cache', join(packDir, 'cache')], { cwd: installDir });
  assert.equal(install.status, 0, install.stderr);
  binDir = join(installDir, 'node_modules', '.bin');
});

describe('the npm package', () => {
  it('holds only the bundled CLI and its metadata, and depends on nothing', () => {
    const files = sh('tar', ['-tzf', tarball]).stdout.trim().split('\n').sort();
    assert.deepEqual(files, ['package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/package.json']);
    const manifest = JSON.parse(sh('tar', ['-xzOf', tarball, 'package/package.json']).stdout);
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(manifest.bin, { 'k8s-failure-stories': './dist/cli.js' });
  });

  it('installs offline into an empty folder, and its command checks a manifest', () => {
    const work = mkdtempSync(join(tmpdir(), 'kfs-user-'));
    copyFileSync(fixture('api-version-removed'), join(work, 'deployment.yaml'));
    const check = sh(join(binDir, 'k8s-failure-stories'), ['check', '.'], { cwd: work });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /^deployment\.yaml:\d+:\d+ error api-version-removed /m);
    assert.match(check.stdout, /↳ cause: /);
    // npx finds the installed command without the registry.
    const npx = sh('npx', ['--no-install', 'k8s-failure-stories', 'check', join(work, 'deployment.yaml'), '--format', 'json'], { cwd: installDir });
    assert.ok(JSON.parse(npx.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'api-version-removed'), npx.stderr);
    // npx runs the tarball itself in a folder where nothing is installed, again without the registry.
    const direct = sh('npx', ['--yes', '--offline', '--cache', join(work, '.npm-cache'), '--package', tarball, '--', 'k8s-failure-stories', 'check', 'deployment.yaml', '--format', 'json'], { cwd: work });
    assert.equal(direct.status, 1, direct.stderr);
    assert.ok(JSON.parse(direct.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'api-version-removed'));
    // Share processes run the bundle itself: the package needs no other file for them.
    copyFileSync(fixture('service-selector-no-match'), join(work, 'service.yaml'));
    const threads = ['1', '2'].map((jobs) => sh(join(binDir, 'k8s-failure-stories'), ['check', '.', '--format', 'json', '--jobs', jobs], { cwd: work }));
    assert.equal(threads[1]!.stderr, '');
    assert.deepEqual(threads[1], threads[0]);
    assert.equal(sh(join(binDir, 'k8s-failure-stories'), ['--version']).stdout, `${version}\n`);
    assert.match(sh(join(binDir, 'k8s-failure-stories'), ['--help']).stdout, /^Usage:$/m);
  });
});

const preCommit = sh('pre-commit', ['--version']);
const hasPreCommit = preCommit.status === 0;
if (!hasPreCommit && process.env.CI) throw new Error('pre-commit is missing: .ci/run installs the Debian package pre-commit before the tests');

describe('the pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit', { skip: hasPreCommit ? false : 'pre-commit is not installed (apt-get install pre-commit); CI installs it' }, () => {
  const git = (cwd: string, ...args: string[]) => sh('git', args, { cwd, env: gitEnv() });
  const gitEnv = () => ({
    ...process.env,
    PATH: `${binDir}${delimiter}${process.env.PATH}`,
    PRE_COMMIT_HOME: join(installDir, 'pre-commit-cache'),
    GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  });

  /** A repository that uses the hook from a commit holding this checkout's .pre-commit-hooks.yaml, as users reference a tag. */
  function scratchRepository(): string {
    const hooks = mkdtempSync(join(tmpdir(), 'kfs-hooks-repo-'));
    git(hooks, 'init', '-q');
    copyFileSync(join(ROOT, '.pre-commit-hooks.yaml'), join(hooks, '.pre-commit-hooks.yaml'));
    git(hooks, 'add', '.');
    git(hooks, 'commit', '-qm', 'hooks');
    const rev = git(hooks, 'rev-parse', 'HEAD').stdout.trim();
    const repo = mkdtempSync(join(tmpdir(), 'kfs-precommit-'));
    git(repo, 'init', '-q');
    writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: k8s-failure-stories\n`);
    const install = sh('pre-commit', ['install'], { cwd: repo, env: gitEnv() });
    assert.equal(install.status, 0, install.stderr + install.stdout);
    git(repo, 'add', '.pre-commit-config.yaml');
    const first = git(repo, 'commit', '-qm', 'pre-commit config');
    assert.equal(first.status, 0, first.stdout + first.stderr);
    return repo;
  }

  it('blocks a commit that stages a bad manifest, naming the finding', () => {
    const repo = scratchRepository();
    mkdirSync(join(repo, 'deploy'));
    copyFileSync(fixture('api-version-removed'), join(repo, 'deploy', 'old.yaml'));
    writeFileSync(join(repo, 'notes.txt'), 'not YAML\n');
    git(repo, 'add', '.');
    const commit = git(repo, 'commit', '-m', 'old API');
    assert.notEqual(commit.status, 0, 'the commit went through');
    assert.match(commit.stdout + commit.stderr, /deploy\/old\.yaml:\d+:\d+ error api-version-removed /);
    assert.equal(git(repo, 'rev-list', '--count', 'HEAD').stdout.trim(), '1');
  });

  it('lets a commit through when the finding is suppressed, and checks only staged YAML', () => {
    const repo = scratchRepository();
    const pod = (comment: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: worker\n${comment}spec:\n  containers:\n    - name: worker\n      image: registry.example.com/worker:1.4.2\n`;
    // Unsized, the container blocks at the default fail-on (warning); suppressed with a reason, it does not.
    const bare = sh(join(binDir, 'k8s-failure-stories'), ['check', '-'], { input: pod('') });
    assert.equal(bare.status, 1, bare.stdout);
    assert.match(bare.stdout, / warning (requests-missing|memory-limit-missing) /);
    const suppressed = pod('  # k8s-failure-stories-disable requests-missing, memory-limit-missing -- sized by the VPA\n');
    writeFileSync(join(repo, 'pod.yaml'), suppressed);
    // An unstaged bad manifest is not the commit's business.
    copyFileSync(fixture('api-version-removed'), join(repo, 'untracked.yaml'));
    git(repo, 'add', 'pod.yaml');
    const commit = git(repo, 'commit', '-m', 'reviewed pod');
    assert.equal(commit.status, 0, commit.stdout + commit.stderr);
    assert.match(commit.stdout + commit.stderr, /Kubernetes failure stories\.+Passed/);
  });
});
