import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { ruleMeta } from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';
import { citingRules } from '../../server/src/catalogue/rule-evidence';
import { TestClient } from './lsp-client';

const LSP_SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

/** Drives the built server over stdio as an editor would, and asserts what it answers. */
const URI = 'file:///workspace/app.yaml';
const MANIFEST = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: sync
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: "[click](https://evil.example) *bold*"
              image: sync:2.1.0
              livenessProbe:
                httpGet: { path: /healthz, port: 8080 }
`;

const client = new TestClient();
const connection = client.connection;
const byRule = (diagnostics: Diagnostic[], rule: string) => diagnostics.filter((d) => d.code === rule);
let version = 1;
let last: Diagnostic[] = [];
const nextDiagnostics = async (uri: string, predicate?: (d: Diagnostic[]) => boolean) => {
  const diagnostics = await client.diagnostics(uri, predicate);
  if (uri === URI) last = diagnostics;
  return diagnostics;
};

before(() => client.initialize());
after(() => client.stop());

describe('language server over stdio', () => {
  it('publishes diagnostics with rule id code, story link and source', async () => {
    void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: version++, text: MANIFEST } });
    const diagnostics = await nextDiagnostics(URI);
    const cron = byRule(diagnostics, 'cronjob-concurrency')[0]!;
    assert.equal(cron.source, 'k8s-failure-stories');
    assert.deepEqual(cron.range.start, { line: 4, character: 0 });
    assert.equal(cron.severity, LSP_SEVERITY[ruleMeta('cronjob-concurrency')!.severity]);
    // The code links to the rule's strongest story.
    assert.equal(cron.codeDescription?.href, catalogue().story(ruleMeta('cronjob-concurrency')!.stories[0]!)!.url);
    assert.deepEqual(byRule(diagnostics, 'requests-missing')[0]!.range.start, { line: 12, character: 14 });
    assert.equal(byRule(diagnostics, 'liveness-probe-missing').length, 0, 'batch pods need no liveness probe');
  });

  it('hovers a flagged node with the rule, the stories as links, and the fix; user text escaped', async () => {
    const hover = await connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 12, character: 20 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*Container without CPU and memory requests\*\* · `requests-missing`/);
    const strongest = catalogue().story(ruleMeta('requests-missing')!.stories[0]!)!;
    assert.ok(value.includes(`](${strongest.url})`), `the card links ${strongest.url}`);
    assert.match(value, /\*\*Fix\.\*\*/);
    assert.ok(!value.includes('[click](https://evil.example)'), 'user text must not become a link');
    assert.match(value, /\\\[click\\\]\\\(https\\:\/\/evil\\\.example\\\) \\\*bold\\\*/);
    const commands = value.match(/command:[^)\s]*/g) ?? [];
    assert.ok(commands.length > 0 && commands.every((c) => /^command:k8sFailureStories\.openStory\?%5B%22[a-z0-9-]+%22%5D$/.test(c)), `only Open story command links: ${commands.join(', ')}`);
  });

  it('hovers a field that stories involve even without a finding', async () => {
    const hover = await connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 14, character: 18 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /^\*\*\d+ failure stor(y involves|ies involve) `livenessProbe`\*\*/);
  });

  it('offers the quick fix and a suppression for a finding', async () => {
    const diagnostics = byRule(last, 'cronjob-concurrency');
    const actions = await connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI }, range: { start: { line: 4, character: 0 }, end: { line: 4, character: 4 } }, context: { diagnostics },
    });
    const fix = actions.find((a) => a.title === 'Set concurrencyPolicy: Forbid')!;
    const edit = fix.edit!.changes![URI]![0]!;
    assert.equal(edit.newText, '  concurrencyPolicy: Forbid\n');
    assert.ok(actions.some((a) => a.title === 'Suppress cronjob-concurrency on this line'));
  });

  it('re-analyses after an incremental edit', async () => {
    void connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: version++ },
      contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '  concurrencyPolicy: Forbid\n' }],
    });
    const diagnostics = await nextDiagnostics(URI, (d) => byRule(d, 'cronjob-concurrency').length === 0);
    assert.deepEqual(byRule(diagnostics, 'requests-missing')[0]!.range.start, { line: 13, character: 14 });
  });

  it('applies the rules setting', async () => {
    client.settings = { rules: { 'requests-missing': 'off', 'memory-limit-missing': 'error' } };
    void connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const diagnostics = await nextDiagnostics(URI, (d) => byRule(d, 'requests-missing').length === 0);
    assert.equal(byRule(diagnostics, 'memory-limit-missing')[0]!.severity, 1);
    client.settings = {};
  });

  it('answers catalogue requests', async () => {
    const results = await connection.sendRequest<{ id: string }[]>('k8sFailureStories/searchStories', { query: 'ndots' });
    assert.ok(results.some((s) => s.id === 'zalando-2019-coredns-total-outage'));
    const id = 'zalando-2019-kubecon-failure-stories';
    const story = await connection.sendRequest<{ title: string; rules: { id: string; relation: string; note: string }[] }>('k8sFailureStories/getStory', { id });
    // Every citing rule, strongest relation first, with how it cites the story.
    const expected = citingRules(id).map(({ rule, citation }) => ({ id: rule.id, relation: citation.relation, note: citation.note }));
    assert.ok(expected.some((r) => r.id === 'cronjob-concurrency'));
    assert.deepEqual(story.rules.map(({ id: ruleId, relation, note }) => ({ id: ruleId, relation, note })), expected);
  });

  it('answers InvalidParams, saying what is wrong, to malformed custom requests', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['k8sFailureStories/searchStories', { query: 42 }, /"query" must be a string/],
      ['k8sFailureStories/searchStories', {}, /"query" must be a string/],
      ['k8sFailureStories/searchStories', { query: 'dns', limit: -1 }, /"limit"/],
      ['k8sFailureStories/searchStories', { query: 'dns', limit: 2.5 }, /"limit"/],
      ['k8sFailureStories/searchStories', { query: 'dns', limit: '10' }, /"limit"/],
      ['k8sFailureStories/getStory', {}, /"id" must be a string/],
      ['k8sFailureStories/getStory', { id: ['x'] }, /"id" must be a string/],
      ['k8sFailureStories/getStory', 'zalando-2019-kubecon-failure-stories', /must be an object/],
    ];
    for (const [method, params, message] of cases) {
      await assert.rejects(connection.sendRequest(method, params), (error: { code: number; message: string }) => {
        assert.equal(error.code, -32602, `${method} ${JSON.stringify(params)}: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
    }
    const limited = await connection.sendRequest<unknown[]>('k8sFailureStories/searchStories', { query: '', limit: 3 });
    assert.equal(limited.length, 3);
  });

  it('searches only the start of a very long query (a 30,000-character query is answered like its first 100 characters)', async () => {
    const search = (query: string) => connection.sendRequest<{ id: string }[]>('k8sFailureStories/searchStories', { query });
    const long = 'ndots'.padEnd(100) + 'x'.repeat(29_900);
    const found = (await search(long)).map((story) => story.id);
    assert.ok(found.length > 0);
    assert.deepEqual(found, (await search(long.slice(0, 100))).map((story) => story.id));
  });

  it('keeps answering after broken, binary and non-Kubernetes documents', async () => {
    const broken = 'file:///workspace/broken.yaml';
    void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: broken, languageId: 'yaml', version: 1, text: 'a: [1\n---\nkind: x\n\u0000\u0001' } });
    await nextDiagnostics(broken);
    const workflow = 'file:///workspace/ci.yaml';
    void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: workflow, languageId: 'yaml', version: 1, text: 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n' } });
    assert.deepEqual(await nextDiagnostics(workflow), []);
    const hover = await connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 13, character: 20 } });
    assert.ok(hover);
  });
});
