import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULE_METAS, RELATIONS, ruleMeta } from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';
import { citingRules } from '../../server/src/catalogue/rule-evidence';

const CLI = join(process.cwd(), 'dist', 'cli.js');
// The timeout guards the tests of inputs that used to block forever (a FIFO).
const run = (args: string[], input?: string, cwd?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 60_000 });
const fixture = (rule: string, name = 'failure.yaml') => join('test', 'fixtures', rule, name);

describe('CLI check', () => {
  it('prints file:line:col severity rule message with the strongest story and its relation, and exits 1 at --fail-on', () => {
    const rule = ruleMeta('image-tag-latest')!;
    const result = run(['check', fixture('image-tag-latest'), '--fail-on', 'information']);
    assert.equal(result.status, 1, result.stderr);
    const line = `test/fixtures/image-tag-latest/failure.yaml:17:18 ${rule.severity} image-tag-latest Image "registry.example.com:5000/team/web:latest" uses the moving tag "latest".`;
    assert.ok(result.stdout.split('\n').includes(line), result.stdout);
    const strongest = catalogue().story(rule.citations[0]!.story)!;
    assert.ok(result.stdout.includes(`↳ ${rule.citations[0]!.relation}: ${strongest.organization} (${strongest.year}): ${strongest.title} <${strongest.url}>`), result.stdout);
    assert.match(result.stdout, /^\d+ findings \([^)]+\) in 1 file, 1 document\n$/m);
  });

  it('exits 1 on errors by default: a removed API version', () => {
    const result = run(['check', fixture('api-version-removed')]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, / error api-version-removed /);
  });

  it('exits 0 when nothing reaches --fail-on', () => {
    assert.equal(run(['check', fixture('image-tag-latest', 'success.yaml'), '--fail-on', 'error']).status, 0);
    assert.equal(run(['check', fixture('cronjob-concurrency'), '--fail-on', 'none']).status, 0);
  });

  it('emits the stable JSON shape with 1-based positions', () => {
    const result = run(['check', fixture('cronjob-concurrency'), '--format', 'json']);
    const report = JSON.parse(result.stdout);
    assert.equal(report.version, 1);
    assert.equal(report.files, 1);
    assert.equal(report.documents, 2);
    const first = report.findings.find((f: { ruleId: string }) => f.ruleId === 'cronjob-concurrency');
    assert.deepEqual(Object.keys(first), ['ruleId', 'severity', 'message', 'file', 'range', 'stories', 'citations']);
    assert.deepEqual(first.range.start, { line: 5, column: 1 });
    // Strongest first, the same order in both lists, each citation with its relation.
    const rule = ruleMeta('cronjob-concurrency')!;
    assert.deepEqual(first.stories, rule.stories);
    assert.deepEqual(first.citations, rule.citations.map(({ story, relation }) => ({ story, relation })));
  });

  it('emits SARIF 2.1.0 with one rules entry per rule and helpUri = primary story URL', () => {
    const sarif = JSON.parse(run(['check', fixture('image-tag-latest'), '--format', 'sarif']).stdout);
    assert.equal(sarif.version, '2.1.0');
    const rules = sarif.runs[0].tool.driver.rules;
    assert.equal(new Set(rules.map((r: { id: string }) => r.id)).size, rules.length);
    const rule = rules.find((r: { id: string }) => r.id === 'image-tag-latest');
    const meta = ruleMeta('image-tag-latest')!;
    assert.equal(rule.helpUri, catalogue().story(meta.stories[0]!)!.url);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'image-tag-latest');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 14);
    assert.equal(rules[result.ruleIndex].id, 'image-tag-latest');
    assert.deepEqual(result.properties, { stories: meta.stories, citations: meta.citations.map(({ story, relation }) => ({ story, relation })) });
  });

  it('reads stdin with -', () => {
    const result = run(['check', '-', '--format', 'json'], readFileSync(fixture('cronjob-concurrency'), 'utf8'));
    const report = JSON.parse(result.stdout);
    assert.ok(report.findings.some((f: { file: string; ruleId: string }) => f.file === '<stdin>' && f.ruleId === 'cronjob-concurrency'));
  });

  it('walks folders, skipping node_modules and .git, and treats the whole run as one analysed set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-cli-'));
    copyFileSync(fixture('cronjob-concurrency'), join(dir, 'a.yml'));
    for (const skipped of ['node_modules', '.git']) {
      spawnSync('mkdir', ['-p', join(dir, skipped)]);
      copyFileSync(fixture('cronjob-concurrency'), join(dir, skipped, 'b.yaml'));
    }
    writeFileSync(join(dir, 'notes.txt'), 'not yaml');
    const report = JSON.parse(run(['check', dir, '--format', 'json']).stdout);
    assert.equal(report.files, 1);
  });

  it('matches objects across files, and counts each object of the set once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-set-'));
    const deployment = (labels: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: ${labels}\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n`;
    writeFileSync(join(dir, 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n');
    const serviceFindings = () => (JSON.parse(run(['check', dir, '--format', 'json']).stdout).findings as { ruleId: string; file: string }[])
      .filter((f) => f.file.endsWith('service.yaml')).map((f) => f.ruleId);
    writeFileSync(join(dir, 'deployment.yaml'), deployment('{ app: web }'));
    assert.ok(!serviceFindings().includes('service-selector-no-match'));
    writeFileSync(join(dir, 'deployment.yaml'), deployment('{ app: api }'));
    assert.ok(serviceFindings().includes('service-selector-no-match'));
    // A budget that blocks every drain of its own file's Deployment: counted twice, the replicas would look sufficient.
    const alone = JSON.parse(run(['check', fixture('pdb-blocks-drain'), '--format', 'json']).stdout).findings;
    const together = JSON.parse(run(['check', fixture('pdb-blocks-drain'), fixture('cronjob-concurrency'), '--format', 'json']).stdout).findings
      .filter((f: { file: string }) => f.file.includes('pdb-blocks-drain'));
    const expected = readFileSync(fixture('pdb-blocks-drain'), 'utf8').match(/# expect: pdb-blocks-drain/g)!.length;
    assert.equal(alone.filter((f: { ruleId: string }) => f.ruleId === 'pdb-blocks-drain').length, expected);
    assert.deepEqual(together, alone);
  });

  it('exits 2 on usage errors and unreadable input, still reporting the other files', () => {
    const usage = run(['check', '--format', 'xml', 'x.yaml']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown format "xml"/);
    assert.equal(run(['check']).status, 2);
    assert.match(run(['check', 'x.yaml', '--rule', 'no-such-rule=off']).stderr, /unknown rule "no-such-rule"/);
    const missing = run(['check', 'does-not-exist.yaml', fixture('cronjob-concurrency'), '--format', 'json']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read does-not-exist\.yaml: ENOENT/);
    assert.ok(JSON.parse(missing.stdout).findings.length > 0);
  });

  it('says a binary file is not YAML, and does not crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-bin-'));
    writeFileSync(join(dir, 'blob.yaml'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 10]));
    const result = run(['check', join(dir, 'blob.yaml')]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /looks like a binary file/);
  });

  it('skips Helm chart templates and reads .k8s-failure-stories.yaml at the scan root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-helm-'));
    spawnSync('mkdir', ['-p', join(dir, 'chart', 'templates')]);
    writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'chart', 'templates', 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
    copyFileSync(fixture('cronjob-concurrency'), join(dir, 'cron.yaml'));
    writeFileSync(join(dir, '.k8s-failure-stories.yaml'), 'rules:\n  cronjob-concurrency: "off"\n');
    const report = JSON.parse(run(['check', dir, '--format', 'json']).stdout);
    assert.equal(report.files, 3);
    assert.ok(report.findings.every((f: { ruleId: string; file: string }) => f.ruleId !== 'cronjob-concurrency' && !f.file.includes('templates')));
  });

  it('applies safe fixes in place with --fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-fix-'));
    const file = join(dir, 'cron.yaml');
    copyFileSync(fixture('cronjob-concurrency'), file);
    run(['check', file, '--fix']);
    assert.match(readFileSync(file, 'utf8'), /concurrencyPolicy: Forbid # expect: cronjob-concurrency/);
    const after = JSON.parse(run(['check', file, '--format', 'json']).stdout);
    assert.ok(after.findings.every((f: { ruleId: string }) => f.ruleId !== 'cronjob-concurrency'));
  });

  it('delivers tens of MB of JSON through a pipe, whole', async () => {
    const document = (i: number) => `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\nspec:\n  containers:\n    - name: c\n      image: nginx\n`;
    const text = Array.from({ length: 20000 }, (_, i) => document(i)).join('');
    const child = spawn(process.execPath, [CLI, 'check', '-', '--format', 'json', '--fail-on', 'information']);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdin.end(text);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const output = Buffer.concat(chunks);
    assert.ok(output.length > 10_000_000, `only ${output.length} bytes`);
    const report = JSON.parse(output.toString('utf8'));
    assert.equal(code, 1);
    assert.equal(report.documents, 20000);
  });
});

describe('CLI check on hostile input', () => {
  const good = fixture('image-tag-latest');
  const tempDir = () => mkdtempSync(join(tmpdir(), 'kfs-hostile-'));

  it('reports a file the parser cannot take as an error for that file, and still reports the others', () => {
    const dir = tempDir();
    // 3,000 nested sequences and a dedent overflowed the YAML parser's stack.
    writeFileSync(join(dir, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n ${'- '.repeat(3000)}x\nz: 1\n`);
    const result = run(['check', join(dir, 'deep.yaml'), good, '--format', 'json']);
    // The engine reports the document as a yaml-syntax finding (exit 1); a crash caught by the CLI is exit 2.
    assert.ok(result.status === 1 || result.status === 2, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.files, 2);
    assert.ok(report.findings.some((f: { ruleId: string; file: string }) => f.ruleId === 'image-tag-latest' && f.file === good));
    const reportedForDeep = report.findings.some((f: { file: string }) => f.file.endsWith('deep.yaml')) || /deep\.yaml: /.test(result.stderr);
    assert.ok(reportedForDeep, result.stderr);
    assert.doesNotMatch(result.stderr, /RangeError|\n {4}at /);
    // With --fix the other files are fixed and analysed again; the bad one is reported once.
    copyFileSync(fixture('cronjob-concurrency'), join(dir, 'cron.yaml'));
    const fixed = run(['check', join(dir, 'deep.yaml'), join(dir, 'cron.yaml'), '--fix']);
    assert.ok(fixed.status === 2 || fixed.status === 1, fixed.stderr);
    assert.ok(fixed.stderr.split('\n').filter((line) => line.includes('deep.yaml')).length <= 1, fixed.stderr);
    assert.match(readFileSync(join(dir, 'cron.yaml'), 'utf8'), /concurrencyPolicy: Forbid/);
  });

  it('reports deeply nested documents the same whatever the stack size node runs with', () => {
    const dir = tempDir();
    for (const depth of [255, 257, 1000, 5000]) {
      writeFileSync(join(dir, `closed-${depth}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
      writeFileSync(join(dir, `cut-${depth}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: ${'['.repeat(depth)}\n`);
    }
    const check = (stackKb: number) => spawnSync(process.execPath, [`--stack-size=${stackKb}`, CLI, 'check', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const reference = check(984);
    assert.equal(reference.status, 1, reference.stderr);
    const messages = (JSON.parse(reference.stdout) as { findings: { file: string; message: string }[] }).findings.map((f) => `${f.file.slice(dir.length + 1)}: ${f.message}`);
    assert.deepEqual(messages.filter((m) => m.includes('nested')).map((m) => m.split(':')[0]).sort(), ['closed-1000.yaml', 'closed-257.yaml', 'closed-5000.yaml', 'cut-1000.yaml', 'cut-257.yaml', 'cut-5000.yaml']);
    for (const stackKb of [500, 2000, 4000]) assert.equal(check(stackKb).stdout, reference.stdout, `--stack-size=${stackKb}`);
  });

  it('refuses a FIFO given directly without reading it, and skips one in a folder', () => {
    const dir = tempDir();
    if (spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status !== 0) return;
    copyFileSync(good, join(dir, 'good.yaml'));
    const direct = run(['check', join(dir, 'pipe.yaml'), join(dir, 'good.yaml'), '--format', 'json']);
    assert.equal(direct.error, undefined, 'the CLI blocked on the FIFO');
    assert.equal(direct.status, 2);
    assert.match(direct.stderr, /pipe\.yaml: not a regular file \(a named pipe\); not read/);
    assert.ok(JSON.parse(direct.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'image-tag-latest'));
    const walked = run(['check', dir, '--format', 'json', '--fail-on', 'hint']);
    assert.equal(walked.error, undefined, 'the CLI blocked on the FIFO');
    assert.equal(walked.status, 1, walked.stderr);
    assert.equal(JSON.parse(walked.stdout).files, 1);
    spawnSync('mkfifo', [join(dir, '.k8s-failure-stories.yaml')]);
    const settings = run(['check', dir]);
    assert.equal(settings.error, undefined, 'the CLI blocked on the FIFO');
    assert.equal(settings.status, 2);
    assert.match(settings.stderr, /config file .*\.k8s-failure-stories\.yaml: not a regular file \(a named pipe\); not read/);
  });

  it('refuses a device such as /dev/zero', { skip: !existsSync('/dev/zero') }, () => {
    const result = run(['check', '/dev/zero']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: \/dev\/zero: not a regular file \(a device\); not read$/m);
  });

  it('skips files over --max-file-size (or maxFileSizeMB in the settings file) with an error, checking the rest', () => {
    const dir = tempDir();
    const big = readFileSync(good, 'utf8') + `# ${'x'.repeat(1_200_000)}\n`;
    writeFileSync(join(dir, 'big.yaml'), big);
    copyFileSync(fixture('cronjob-concurrency'), join(dir, 'cron.yaml'));
    const limited = run(['check', dir, '--max-file-size', '1', '--format', 'json']);
    assert.equal(limited.status, 2);
    assert.match(limited.stderr, /big\.yaml: 1\.1 MB, over the 1 MB limit/);
    const report = JSON.parse(limited.stdout);
    assert.ok(report.findings.length > 0 && report.findings.every((f: { file: string }) => f.file.endsWith('cron.yaml')));
    assert.equal(run(['check', dir, '--max-file-size', '2', '--fail-on', 'hint']).status, 1);
    writeFileSync(join(dir, '.k8s-failure-stories.yaml'), 'maxFileSizeMB: 1\n');
    assert.match(run(['check', dir]).stderr, /big\.yaml: 1\.1 MB, over the 1 MB limit/);
    assert.equal(run(['check', dir, '--max-file-size', '2', '--fail-on', 'hint']).status, 1, 'the command line wins over the settings file');
    assert.match(run(['check', dir, '--max-file-size', '0']).stderr, /--max-file-size must be a positive number of megabytes, not "0"/);
    const stdin = run(['check', '-', '--max-file-size', '1'], big);
    assert.equal(stdin.status, 2);
    assert.match(stdin.stderr, /<stdin>: more than 1 MB/);
  });

  it('prints no control character from a manifest in text output or SARIF messages', () => {
    const dir = tempDir();
    const hostile = '\u001b]8;;https://evil.example\u0007CLICK\u001b]8;;\u0007 \u001b[2J\u009b31m \u2028\r\nfake.yaml:1:1 error fake-rule fine\u202e';
    writeFileSync(join(dir, 'pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: ${JSON.stringify(hostile)}\n    image: nginx:1.25\n`);
    const text = run(['check', join(dir, 'pod.yaml')]);
    assert.doesNotMatch(text.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
    assert.doesNotMatch(text.stdout, /^fake\.yaml/m);
    assert.ok(text.stdout.includes('Container "\\e]8;;https://evil.example\\u0007CLICK\\e]8;;\\u0007 \\e[2J\\u009b31m \\u2028\\r\\nfake.yaml:1:1 error fake-rule fine\\u202e"'), text.stdout);
    const sarif = JSON.parse(run(['check', join(dir, 'pod.yaml'), '--format', 'sarif']).stdout);
    const messages = sarif.runs[0].results.map((r: { message: { text: string } }) => r.message.text).join('\n');
    assert.match(messages, /Container "\\e\]8;;/);
    assert.doesNotMatch(messages, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
    const json = JSON.parse(run(['check', join(dir, 'pod.yaml'), '--format', 'json']).stdout);
    assert.ok(json.findings.some((f: { message: string }) => f.message.includes(hostile)), 'JSON keeps the exact string');
  });

  it('escapes control characters in file names, in text and in SARIF', () => {
    const dir = tempDir();
    const name = 'a\u001b[2Jb\nc.yaml';
    copyFileSync(good, join(dir, name));
    const text = run(['check', name], undefined, dir);
    assert.match(text.stdout, /^a\\e\[2Jb\\nc\.yaml:17:18 [a-z]+ image-tag-latest /m);
    const sarif = JSON.parse(run(['check', name, '--format', 'sarif'], undefined, dir).stdout);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'a%1B%5B2Jb%0Ac.yaml');
  });
});

describe('CLI settings file', () => {
  const withSettings = (settings: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-settings-'));
    copyFileSync(fixture('api-version-removed'), join(dir, 'a.yaml'));
    writeFileSync(join(dir, '.k8s-failure-stories.yaml'), settings);
    return dir;
  };
  const findings = (dir: string, ...args: string[]) => JSON.parse(run(['check', dir, '--format', 'json', ...args]).stdout).findings
    .map((f: { ruleId: string; message: string; range: unknown }) => [f.ruleId, f.message, f.range]);

  it('reads an unquoted kubernetesVersion: 1.30 as "1.30", not the number 1.3', () => {
    const unquoted = withSettings('kubernetesVersion: 1.30\n');
    const result = run(['check', unquoted, '--format', 'json']);
    assert.equal(result.stderr, '');
    assert.deepEqual(findings(unquoted), findings(withSettings('kubernetesVersion: "1.30"\n')));
    assert.deepEqual(findings(unquoted), findings(unquoted, '--kubernetes-version', '1.30'));
    assert.notDeepEqual(findings(unquoted), findings(unquoted, '--kubernetes-version', '1.3'));
  });

  it('names each invalid or unknown setting', () => {
    const cases: [string, RegExp][] = [
      ['kubernetesVersion: 1.3.0\n', /kubernetesVersion must look like "1\.30", not "1\.3\.0"/],
      ['kubernetesVersion: [1]\n', /kubernetesVersion must look like "1\.30"/],
      ['kubernetesVerison: "1.30"\n', /unknown setting "kubernetesVerison" \(known: rules, kubernetesVersion, maxFileSizeMB\)/],
      ['maxFileSizeMB: big\n', /maxFileSizeMB must be a positive number of megabytes, not "big"/],
      ['- rules\n', /must be a map of settings/],
      ['rules: {a: [\n', /\.k8s-failure-stories\.yaml: /],
      ['rules:\n  no-such-rule: off\n', /unknown rule "no-such-rule"/],
    ];
    for (const [settings, message] of cases) {
      const result = run(['check', withSettings(settings)]);
      assert.equal(result.status, 2, settings);
      assert.match(result.stderr, message, settings);
    }
  });
});

describe('CLI stories and rules', () => {
  it('searches the catalogue', () => {
    const result = run(['stories', 'ndots']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Zalando \(2019/);
    assert.match(result.stdout, /Toyota Connected/);
  });

  it('lists stories as JSON: every story without a query, the matches with one, an empty list for none', () => {
    const all = JSON.parse(run(['stories', '--format', 'json']).stdout);
    assert.equal(all.version, 1);
    assert.deepEqual(all.stories, catalogue().stories);
    const ndots = JSON.parse(run(['stories', 'ndots', '--format', 'json']).stdout);
    assert.deepEqual(ndots.stories.map((s: { id: string }) => s.id), catalogue().search('ndots', 1000).map((s) => s.id));
    assert.ok(ndots.stories.length > 0 && ndots.stories.length < all.stories.length);
    assert.deepEqual(JSON.parse(run(['stories', 'zzqqxxnomatch', '--format', 'json']).stdout), { version: 1, stories: [] });
  });

  it('names the relation of each citing rule in the stories text', () => {
    const [{ rule, citation }] = citingRules('jetstack-2019-opa-webhook-outage');
    const result = run(['stories', 'jetstack']);
    assert.match(result.stdout, new RegExp(`rules: [^\\n]*${rule!.id} \\(${citation!.relation}\\)`));
  });

  it('lists the rules with their stories by relation, and says so when no postmortem names the setting', () => {
    const blocks = run(['rules']).stdout.trimEnd().split(/\n(?=\S)/);
    assert.equal(blocks.length, ALL_RULE_METAS.length);
    for (const [index, rule] of ALL_RULE_METAS.entries()) {
      const block = blocks[index]!;
      assert.ok(block.startsWith(`${rule.id} (${rule.severity}): ${rule.title}\n`), block);
      for (const relation of RELATIONS) {
        const ids = rule.citations.filter((c) => c.relation === relation).map((c) => c.story);
        assert.equal(block.includes(`\n  ${relation}: ${ids.join(', ')}\n`), ids.length > 0, `${rule.id} ${relation}: ${block}`);
      }
      assert.equal(block.includes('No public postmortem names this setting as a cause yet'), rule.severityBasis !== 'postmortem', block);
      assert.ok(block.includes(`\n  severity: ${rule.severity}`), block);
    }
  });

  it('lists the rules as JSON in a stable shape', () => {
    const result = JSON.parse(run(['rules', '--format', 'json']).stdout);
    assert.equal(result.version, 1);
    assert.deepEqual(result.rules, ALL_RULE_METAS.map(({ id, title, severity, citations }) => ({ id, title, severity, citations })));
    for (const rule of result.rules) assert.deepEqual(Object.keys(rule), ['id', 'title', 'severity', 'citations']);
  });

  it('rejects an unknown format or argument for rules and stories', () => {
    for (const args of [['rules', '--format', 'sarif'], ['rules', 'extra'], ['stories', '--format'], ['stories', '--limit', '3']]) {
      const result = run(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^error: (rules|stories): unknown/, args.join(' '));
    }
  });
});
