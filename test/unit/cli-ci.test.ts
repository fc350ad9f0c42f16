import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RELATIONS, ruleMeta } from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const run = (args: string[], input?: string, cwd?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000 });
const fixture = (rule: string, name = 'failure.yaml') => join('test', 'fixtures', rule, name);
const HELM_OUTPUT = join('test', 'ci', 'helm-template-webshop.yaml');

interface JsonFinding { ruleId: string; severity: string; message: string; file: string; range: { start: { line: number; column: number } }; stories: string[]; citations: { story: string; relation: string }[] }
const jsonFindings = (args: string[], input?: string): JsonFinding[] => JSON.parse(run([...args, '--format', 'json'], input).stdout).findings;

/** GitHub's workflow command syntax: `::command key=value,key=value::message`, on one line. */
const WORKFLOW_COMMAND = /^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:\n]*)(?:,[a-zA-Z]+=[^,:\n]*)*)::([^\r\n]*)$/;
const unescapeProperty = (value: string) => value.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
const unescapeData = (value: string) => value.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

function parseCommand(line: string) {
  const match = WORKFLOW_COMMAND.exec(line);
  assert.ok(match, `not a workflow command: ${line}`);
  const properties = Object.fromEntries(match[2]!.split(',').map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), unescapeProperty(pair.slice(at + 1))];
  }));
  return { command: match[1]!, properties, message: unescapeData(match[3]!) };
}

describe('CLI --format github', () => {
  it('prints one workflow command per active finding, at its lines and columns, titled by the rule, with the strongest story', () => {
    const args = ['check', fixture('image-tag-latest'), fixture('cronjob-concurrency'), '--fail-on', 'hint'];
    const result = run([...args, '--format', 'github']);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    const findings = jsonFindings(args);
    assert.equal(lines.length, findings.length);
    const expectedCommand: Record<string, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };
    for (const [index, line] of lines.entries()) {
      const { command, properties, message } = parseCommand(line);
      const finding = findings[index]!;
      assert.equal(command, expectedCommand[finding.severity]);
      assert.equal(properties.file, finding.file);
      assert.equal(Number(properties.line), finding.range.start.line);
      assert.equal(Number(properties.col), finding.range.start.column);
      assert.deepEqual(Object.keys(properties), ['file', 'line', 'endLine', 'col', 'endColumn', 'title']);
      assert.equal(properties.title, `${finding.ruleId}: ${ruleMeta(finding.ruleId)!.title}`);
      const strongest = catalogue().story(finding.citations[0]!.story)!;
      assert.ok(message.startsWith(`${finding.message}\n${finding.citations[0]!.relation}: ${strongest.organization} (${strongest.year}): ${strongest.title} <${strongest.url}>`), message);
    }
  });

  it('escapes %, line breaks and the property separators : and , so a name or message cannot end the command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-gh-'));
    const name = 'a,b:c%25\nd.yaml';
    copyFileSync(fixture('image-tag-latest'), join(dir, name));
    const result = run(['check', name, '--format', 'github', '--fail-on', 'none'], undefined, dir);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 0);
    for (const line of lines) {
      assert.ok(line.includes('file=a%2Cb%3Ac%2525\\nd.yaml,'), line);
      // The file name's line break was made printable before escaping: still one line, still this file.
      assert.equal(parseCommand(line).properties.file, 'a,b:c%25\\nd.yaml');
    }
    const pod = join(dir, 'pod.yaml');
    writeFileSync(pod, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: "100%\\r\\n::error::forged"\n    image: nginx\n');
    const hostile = run(['check', pod, '--format', 'github', '--fail-on', 'none']).stdout.trimEnd().split('\n');
    for (const line of hostile) assert.ok(!/^::error::forged/.test(line) && WORKFLOW_COMMAND.test(line), line);
    assert.ok(hostile.some((line) => line.includes('Container "100%25\\r\\n::error::forged"')), hostile.join('\n'));
  });

  it('leaves suppressed findings out', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kfs-gh-')), 'pod.yaml');
    writeFileSync(file, readFileSync(fixture('image-tag-latest'), 'utf8').replace(/^kind:/m, '# k8s-failure-stories-disable image-tag-latest -- pinned by the release job\nkind:'));
    const all = run(['check', fixture('image-tag-latest'), '--format', 'github', '--fail-on', 'none']).stdout;
    const suppressed = run(['check', file, '--format', 'github', '--fail-on', 'none']).stdout;
    assert.match(all, /title=image-tag-latest%3A/);
    assert.doesNotMatch(suppressed, /title=image-tag-latest%3A/);
  });
});

describe('CLI --format gitlab', () => {
  const SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

  it('prints a code-quality report: an array of issues with the fields GitLab reads', () => {
    const args = ['check', fixture('api-version-removed'), fixture('cronjob-concurrency'), '--fail-on', 'hint'];
    const result = run([...args, '--format', 'gitlab']);
    assert.equal(result.status, 1, result.stderr);
    const issues = JSON.parse(result.stdout);
    const findings = jsonFindings(args);
    assert.ok(Array.isArray(issues) && issues.length === findings.length && issues.length > 0);
    for (const [index, issue] of issues.entries()) {
      const finding = findings[index]!;
      assert.equal(typeof issue.description, 'string');
      assert.ok(issue.description.startsWith(finding.message), issue.description);
      assert.equal(issue.check_name, finding.ruleId);
      assert.match(issue.fingerprint, /^[0-9a-f]{64}$/);
      assert.ok(SEVERITIES.includes(issue.severity), issue.severity);
      assert.equal(issue.location.path, finding.file);
      assert.equal(issue.location.lines.begin, finding.range.start.line);
    }
    assert.equal(new Set(issues.map((issue: { fingerprint: string }) => issue.fingerprint)).size, issues.length);
    const removed = issues.find((issue: { check_name: string }) => issue.check_name === 'api-version-removed');
    assert.equal(removed.severity, 'critical');
  });

  it('keeps fingerprints when lines above a finding move, and prints [] when nothing is found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-gl-'));
    const text = readFileSync(fixture('cronjob-concurrency'), 'utf8');
    writeFileSync(join(dir, 'a.yaml'), text);
    const before = JSON.parse(run(['check', 'a.yaml', '--format', 'gitlab'], undefined, dir).stdout);
    writeFileSync(join(dir, 'a.yaml'), `# moved\n# down\n${text}`);
    const after = JSON.parse(run(['check', 'a.yaml', '--format', 'gitlab'], undefined, dir).stdout);
    assert.deepEqual(after.map((i: { fingerprint: string }) => i.fingerprint), before.map((i: { fingerprint: string }) => i.fingerprint));
    assert.deepEqual(after.map((i: { location: { lines: { begin: number } } }) => i.location.lines.begin),
      before.map((i: { location: { lines: { begin: number } } }) => i.location.lines.begin + 2));
    // A well-made overlay whose one hint is turned off: an empty report, still valid JSON.
    const clean = run(['check', '-', '--format', 'gitlab', '--rule', 'dns-ndots=off'], readFileSync(join('test', 'ci', 'kustomize-build-catalog-production.yaml'), 'utf8'));
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '[]\n');
  });
});

describe('CLI check --by story', () => {
  const args = ['check', 'examples', '--fail-on', 'none'];

  it('adds byStory to the JSON beside the unchanged findings: every story cited, strongest evidence first', () => {
    const plain = JSON.parse(run([...args, '--format', 'json']).stdout);
    const grouped = JSON.parse(run([...args, '--format', 'json', '--by', 'story']).stdout);
    assert.deepEqual(Object.keys(grouped), [...Object.keys(plain), 'byStory']);
    assert.deepEqual(grouped.findings, plain.findings);
    const groups: { story: string; relation: string; findings: JsonFinding[] }[] = grouped.byStory;
    for (const group of groups) assert.deepEqual(Object.keys(group), ['story', 'relation', 'findings']);
    // Every (finding, story) pair is listed once, under its story.
    const pairs = plain.findings.flatMap((f: JsonFinding) => f.stories.map((story) => `${story} ${JSON.stringify(f)}`)).sort();
    assert.deepEqual(groups.flatMap((g) => g.findings.map((f) => `${g.story} ${JSON.stringify(f)}`)).sort(), pairs);
    const rank = (relation: string) => RELATIONS.indexOf(relation as never);
    for (const [index, group] of groups.entries()) {
      const relations = group.findings.map((f) => f.citations.find((c) => c.story === group.story)!.relation);
      assert.equal(group.relation, relations.sort((a, b) => rank(a) - rank(b))[0], 'the group says its strongest link');
      const next = groups[index + 1];
      if (next) assert.ok(rank(group.relation) < rank(next.relation) || rank(group.relation) === rank(next.relation) && group.findings.length >= next.findings.length);
    }
  });

  it('prints each story with the findings that would repeat it, naming weaker links', () => {
    const result = run([...args, '--by', 'story']);
    assert.equal(result.status, 0, result.stderr);
    const groups = JSON.parse(run([...args, '--format', 'json', '--by', 'story']).stdout).byStory as { story: string; relation: string; findings: JsonFinding[] }[];
    const blocks = result.stdout.trimEnd().split('\n\n');
    assert.equal(blocks.length, groups.length + 1);
    for (const [index, group] of groups.entries()) {
      const [heading, ...lines] = blocks[index]!.split('\n');
      const story = catalogue().story(group.story)!;
      assert.equal(heading, `${group.relation}: ${story.organization} (${story.year}): ${story.title} <${story.url}> (${group.findings.length} finding${group.findings.length === 1 ? '' : 's'})`);
      assert.deepEqual(lines, group.findings.map((f) => {
        const relation = f.citations.find((c) => c.story === group.story)!.relation;
        return `    ${f.file}:${f.range.start.line}:${f.range.start.column} ${f.severity} ${f.ruleId} ${f.message}${relation === group.relation ? '' : ` (${relation})`}`;
      }));
    }
    assert.match(blocks.at(-1)!, /^\d+ findings \(.*\) in \d+ files, \d+ documents$/);
  });

  it('lists findings no story backs (a YAML syntax error) last, under "no story"', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n';
    const blocks = run(['check', '-', '--by', 'story', '--fail-on', 'none'], broken).stdout.trimEnd().split('\n\n');
    assert.match(blocks.at(-2)!, /^no story \(1 finding\)\n {4}<stdin>:\d+:\d+ error yaml-syntax /);
    assert.deepEqual(JSON.parse(run(['check', '-', '--by', 'story', '--format', 'json'], broken).stdout).byStory, []);
  });

  it('refuses --by with other groupings or formats', () => {
    assert.match(run([...args, '--by', 'rule']).stderr, /--by takes "story", not "rule"/);
    const sarif = run([...args, '--by', 'story', '--format', 'sarif']);
    assert.equal(sarif.status, 2);
    assert.match(sarif.stderr, /--by story applies to the text and json formats, not sarif/);
  });
});

describe('CLI on rendered charts (helm template ... | k8s-failure-stories check -)', () => {
  const rendered = readFileSync(HELM_OUTPUT, 'utf8');

  it('reports each finding against the template Helm names in # Source:, at its line within that document', () => {
    const findings = jsonFindings(['check', '-', '--fail-on', 'none'], rendered);
    const files = new Set(findings.map((f) => f.file));
    assert.deepEqual([...files], ['webshop/templates/service.yaml', 'webshop/templates/deployment.yaml',
      'webshop/charts/redis/templates/master/application.yaml', 'webshop/templates/tests/test-connection.yaml']);
    const latest = findings.find((f) => f.ruleId === 'image-tag-latest' && f.file === 'webshop/templates/deployment.yaml')!;
    // Line 32 of the Deployment's document: the image line, counted from the line after "# Source:".
    assert.deepEqual(latest.range.start, { line: 32, column: 18 });
    const document = rendered.split('# Source: webshop/templates/deployment.yaml\n')[1]!;
    assert.match(document.split('\n')[31]!, /^ {10}image: "registry\.example\.com\/webshop:latest"$/);
    // Cross-object rules still see the whole stream: the preStop rule names the Service of another template.
    assert.ok(findings.some((f) => f.ruleId === 'prestop-hook-missing' && f.file === 'webshop/templates/deployment.yaml' && f.message.includes('Service "shop-webshop"')));
  });

  it('keeps findings of documents without # Source: on <stdin>, and the template paths in SARIF and annotations', () => {
    const stream = readFileSync(fixture('cronjob-concurrency'), 'utf8') + '\n---\n' + rendered;
    const findings = jsonFindings(['check', '-', '--fail-on', 'none'], stream);
    const cron = findings.filter((f) => f.ruleId === 'cronjob-concurrency');
    assert.ok(cron.length > 0 && cron.every((f) => f.file === '<stdin>'));
    assert.ok(findings.some((f) => f.file === 'webshop/templates/deployment.yaml'));
    const sarif = JSON.parse(run(['check', '-', '--format', 'sarif'], rendered).stdout);
    assert.ok(sarif.runs[0].results.some((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      r.locations[0]!.physicalLocation.artifactLocation.uri === 'webshop/templates/deployment.yaml'));
    assert.match(run(['check', '-', '--format', 'github'], rendered).stdout, /^::warning file=webshop\/templates\/deployment\.yaml,line=29,/m);
    // --source-root: the chart sits in charts/ of the repository.
    const rooted = jsonFindings(['check', '-', '--fail-on', 'none', '--source-root', 'charts'], stream);
    assert.deepEqual([...new Set(rooted.map((f) => f.file))], ['<stdin>', 'charts/webshop/templates/service.yaml', 'charts/webshop/templates/deployment.yaml',
      'charts/webshop/charts/redis/templates/master/application.yaml', 'charts/webshop/templates/tests/test-connection.yaml']);
  });
});

describe('CLI on built overlays (kustomize build ... | k8s-failure-stories check -)', () => {
  // test/corpus/kustomize/overlays/production as `kustomize build` writes it: sorted keys, no # Source: comments.
  const rendered = readFileSync(join('test', 'ci', 'kustomize-build-catalog-production.yaml'), 'utf8');

  it('checks the stream as one set, reporting on <stdin> at the stream\'s lines', () => {
    const findings = jsonFindings(['check', '-', '--fail-on', 'none'], rendered);
    assert.ok(findings.every((f) => f.file === '<stdin>'));
    // The overlay is well made: its Service, Deployment and budget match, nothing reaches warning.
    assert.equal(run(['check', '-'], rendered).status, 0);
    assert.ok(!findings.some((f) => ['service-selector-no-match', 'pdb-missing', 'single-replica'].includes(f.ruleId)), JSON.stringify(findings));
    const broken = rendered.replace('  selector:\n    app: catalog\n', '  selector:\n    app: catalogue\n');
    const mismatch = jsonFindings(['check', '-', '--fail-on', 'none'], broken).find((f) => f.ruleId === 'service-selector-no-match');
    assert.deepEqual([mismatch?.file, mismatch?.range.start.line], ['<stdin>', 14]);
  });
});

describe('CLI plumbing', () => {
  it('writes SARIF to --sarif <file> beside the chosen format', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kfs-sarif-')), 'out.sarif');
    const result = run(['check', fixture('image-tag-latest'), '--format', 'github', '--sarif', file]);
    assert.match(result.stdout, /^::/);
    const sarif = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'image-tag-latest'));
    const unwritable = run(['check', fixture('image-tag-latest'), '--sarif', join(file, 'not-a-folder', 'x.sarif')]);
    assert.equal(unwritable.status, 2);
    assert.match(unwritable.stderr, /cannot write .*x\.sarif: ENOTDIR/);
  });

  it('exits quietly when the reader closes the pipe early (| head)', async () => {
    for (const args of [['rules'], ['stories', '--format', 'json'], ['check', 'test/fixtures', '--format', 'json', '--fail-on', 'none']]) {
      const child = spawn(process.execPath, [CLI, ...args]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(stderr, '', args.join(' '));
      assert.equal(code, 0, args.join(' '));
    }
  });

  it('names the settings-file limit, not --max-file-size, when a settings file is too big', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfs-big-settings-'));
    copyFileSync(fixture('image-tag-latest'), join(dir, 'a.yaml'));
    writeFileSync(join(dir, '.k8s-failure-stories.yaml'), `# ${'x'.repeat(1_100_000)}\n`);
    const result = run(['check', dir]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /config file .*\.k8s-failure-stories\.yaml: 1\.0 MB, over the 1 MB limit \(settings files\); not read/);
    assert.doesNotMatch(result.stderr, /max-file-size/);
  });

  it('answers --help and --version as people expect', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const flag of ['--version', '-V']) assert.deepEqual([run([flag]).stdout, run([flag]).status], [`${version}\n`, 0]);
    for (const args of [['--help'], ['-h'], ['help'], ['check', '--help'], ['rules', '-h']]) {
      const result = run(args);
      assert.equal(result.status, 0, args.join(' '));
      assert.match(result.stdout, /^k8s-failure-stories: .*\n\nUsage:\n/, args.join(' '));
    }
    const bare = run([]);
    assert.equal(bare.status, 2);
    assert.equal(bare.stdout, '');
    assert.match(bare.stderr, /Usage:/);
  });
});
