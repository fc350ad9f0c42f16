import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/analysis';
import { MAX_DIAGNOSTICS } from '../../server/src/lsp/diagnostics';
import { TestClient } from './lsp-client';

/** The server stays responsive and never stale: long analyses yield, and what it publishes always belongs to the current text. */
/** Inputs that once made the analysis throw, leaving the old diagnostics in place (the reliability repros of the same names). */
const BREAKERS: Record<string, string> = {
  'alias-cycle': 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: cycle\n  self: *m\n',
  'parser-stack-overflow-3000': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a:\n${'- '.repeat(3000)}x\nz: 1\n`,
};
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0.0\n';
const pair = (i: number) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
spec:
  replicas: 3
  selector:
    matchLabels: { app: web-${i} }
  template:
    metadata:
      labels: { app: web-${i} }
    spec:
      containers:
        - name: web
          image: web:latest
          env:
            - { name: GREETING, value: "${'hello '.repeat(8)}" }
---
apiVersion: v1
kind: Service
metadata:
  name: web-${i}
spec:
  selector: { app: web-${i} }
  ports: [{ port: 80 }]
`;
/** About 1.4 MB and 6,000 objects: seconds of work, long enough to ask things in the middle of it. */
const BIG_TEXT = Array.from({ length: 3000 }, (_, i) => pair(i)).join('');
const codes = (diagnostics: Diagnostic[]) => new Set(diagnostics.map((d) => String(d.code)));

const client = new TestClient();
const small = 'file:///workspace/small.yaml';
const hoverSmall = () => client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: { line: 6, character: 14 } });
const publishedFor = (uri: string) => client.published.filter((p) => p.uri === uri);

before(async () => {
  await client.initialize();
  client.open(small, POD);
  await client.diagnostics(small, (d) => codes(d).has('requests-missing'));
});
after(() => client.stop());

describe('a long analysis', () => {
  const big = 'file:///workspace/big.yaml';

  it('answers hovers and publishes edits of other files while it parses and checks', async () => {
    client.open(big, BIG_TEXT);
    const parsing = await client.progressBegins(/Analysing big\.yaml/);
    const hover = await hoverSmall();
    assert.match((hover?.contents as { value: string }).value, /`requests-missing`/);
    client.change(small, POD.replace('image: app:1.0.0', 'image: app:latest'), 2);
    await client.diagnostics(small, (d) => codes(d).has('image-tag-latest'));
    assert.ok(publishedFor(big).every((p) => p.diagnostics.length === 0), 'the big file was analysed before the hover and the edit were answered');
    await client.progressEnds(parsing);
    // Thousands of findings (after an early publish of its syntax errors, none): the most severe are published, and a note counts the rest.
    const published = await client.diagnostics(big, (d) => d.length > 0, false);
    assert.equal(published.length, MAX_DIAGNOSTICS + 1);
    assert.equal(published.at(-1)!.code, 'more-findings');
  });

  it('yields while it checks documents already parsed (rules re-run for another Kubernetes version)', async () => {
    const before = publishedFor(big).length;
    const reads = client.configurationReads;
    client.settings = { kubernetesVersion: '1.20' };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    // The re-check starts once the server has the new settings and takes a few hundred milliseconds: ask in the middle of it.
    await client.waitFor(() => (client.configurationReads > reads ? true : undefined), () => 'the server never read the settings');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(await hoverSmall());
    assert.equal(publishedFor(big).length, before, 'the re-check of the big file ran before the hover was answered');
    await client.waitFor(() => (publishedFor(big).length > before ? true : undefined), () => 'the big file was never re-checked');
    client.settings = {};
  });

  it('is dropped for a newer version: nothing is ever published for the old one', async () => {
    const replaced = 'file:///workspace/replaced.yaml';
    client.open(replaced, BIG_TEXT);
    await client.progressBegins(/Analysing replaced\.yaml/);
    client.change(replaced, POD, 2);
    const diagnostics = await client.diagnostics(replaced);
    assert.ok(codes(diagnostics).has('requests-missing'));
    assert.deepEqual(publishedFor(replaced).map((p) => p.version), [2]);
  });
});

describe('diagnostics follow the text', () => {
  for (const [name, text] of Object.entries(BREAKERS)) {
    it(`after an edit to an input that once broke the analysis (${name}), and after the edit back`, async () => {
      const uri = `file:///workspace/${name}.yaml`;
      client.open(uri, POD);
      await client.diagnostics(uri, (d) => codes(d).has('requests-missing'));
      client.change(uri, text, 2);
      const broken = await client.diagnostics(uri);
      assert.ok(!codes(broken).has('requests-missing'), `old diagnostics left in place: ${JSON.stringify(broken)}`);
      assert.equal(publishedFor(uri).at(-1)!.version, 2);
      client.change(uri, POD, 3);
      await client.diagnostics(uri, (d) => codes(d).has('requests-missing'));
    });
  }
});

describe('opening a big file', () => {
  it('publishes its syntax errors once it is parsed, then every finding, both for the version opened', async () => {
    const uri = 'file:///workspace/big-broken.yaml';
    // About 300 KB: past the size that publishes early.
    const text = Array.from({ length: 600 }, (_, i) => pair(i)).join('') + '---\nbroken: [unclosed\n';
    assert.ok(text.length > 256 * 1024);
    client.open(uri, text);
    const complete = await client.diagnostics(uri, (d) => d.length > 1);
    const published = publishedFor(uri);
    assert.deepEqual(published.map((p) => p.version), [1, 1]);
    assert.deepEqual([...codes(published[0]!.diagnostics)], ['yaml-syntax'], 'parse problems first, no rule has run yet');
    assert.ok(codes(complete).has('yaml-syntax') && codes(complete).has('requests-missing'));
  });
});

describe('typing', () => {
  it('a burst of changes ends with the diagnostics of the last version, versions only ever increasing', async () => {
    const uri = 'file:///workspace/typed.yaml';
    client.open(uri, POD);
    await client.diagnostics(uri, (d) => codes(d).has('requests-missing'));
    const typed = 'image: app:latest';
    for (let length = 1; length <= typed.length; length++) {
      client.change(uri, POD.replace('image: app:1.0.0', typed.slice(0, length)), length + 1);
    }
    await client.waitFor(() => publishedFor(uri).find((p) => p.version === typed.length + 1), () => 'no diagnostics for the last version');
    assert.ok(codes(publishedFor(uri).at(-1)!.diagnostics).has('image-tag-latest'));
    const versions = publishedFor(uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  });
});

describe('open documents see each other', () => {
  const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: shop }\n  template:\n    metadata:\n      labels: { app: shop }\n    spec:\n      containers:\n        - name: shop\n          image: shop:1.0.0\n';
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector: { app: shop }\n  ports: [{ port: 80 }]\n';

  it("re-analyses a Service when the Deployment it selects, in another open file, no longer matches, and when it matches again", async () => {
    const deployment = 'file:///workspace/shop-deployment.yaml';
    const service = 'file:///workspace/shop-service.yaml';
    client.open(deployment, DEPLOYMENT);
    await client.diagnostics(deployment);
    client.open(service, SERVICE);
    await client.diagnostics(service, (d) => !codes(d).has('service-selector-no-match'));
    client.change(deployment, DEPLOYMENT.replaceAll('app: shop', 'app: store'), 2);
    await client.diagnostics(service, (d) => codes(d).has('service-selector-no-match'));
    client.change(deployment, DEPLOYMENT, 3);
    await client.diagnostics(service, (d) => !codes(d).has('service-selector-no-match'));
  });
});

describe('a file with very many findings', () => {
  it(`publishes the ${MAX_DIAGNOSTICS} most severe and one diagnostic saying how many more there are`, async () => {
    const uri = 'file:///workspace/many.yaml';
    const text = Array.from({ length: 1500 }, (_, i) => POD.replace('name: p', `name: p${i}`)).join('---\n');
    const shown = analyzeText(text).findings.filter((f) => !f.suppressed);
    assert.ok(shown.length > MAX_DIAGNOSTICS * 2, `${shown.length} findings`);
    client.open(uri, text);
    const diagnostics = await client.diagnostics(uri);
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    const note = diagnostics.at(-1)!;
    assert.equal(note.code, 'more-findings');
    assert.match(note.message, new RegExp(`^${shown.length - MAX_DIAGNOSTICS} more findings in this file are not shown`));
    let room = MAX_DIAGNOSTICS;
    const expected = (['error', 'warning', 'information', 'hint'] as const).map((severity) => {
      const taken = Math.min(room, shown.filter((f) => f.severity === severity).length);
      room -= taken;
      return taken;
    });
    const published = [1, 2, 3, 4].map((severity) => diagnostics.slice(0, -1).filter((d) => d.severity === severity).length);
    assert.deepEqual(published, expected, 'the most severe first');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: text.split('\n').length - 3, character: 14 } });
    assert.match((hover?.contents as { value: string }).value, /`requests-missing`/, 'hovers still explain findings past the cap');
  });
});
