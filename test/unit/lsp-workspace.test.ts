import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TestClient } from './lsp-client';
import { DEPLOYMENT, SERVICE } from './workspace-scenario';

/** The workspace index: cross-object rules see the workspace's other files, kept up to date. */
const root = mkdtempSync(join(tmpdir(), 'kfs-workspace-'));
const HPA = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 2\n  maxReplicas: 5\n';
const rules = (diagnostics: Diagnostic[]) => new Set(diagnostics.map((d) => String(d.code)));
/** The reliability repro parser-stack-overflow-3000: nesting deep enough to overflow the YAML parser's stack. */
const DEEP = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a:\n${'- '.repeat(3000)}x\nz: 1\n`;
/** Just under the index's 2 MB limit: seconds of parsing, which must not hold the server. */
const configMaps = (file: number) => Array.from({ length: 5000 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${file}-${i}\ndata:\n  k: "${'v'.repeat(300)}"\n`).join('');
/** Named pipes exist on POSIX systems only. */
const canMakeFifo = process.platform !== 'win32';

const client = new TestClient();
const deploymentUri = pathToFileURL(join(root, 'app', 'deployment.yaml')).href;

before(async () => {
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(root, 'app', 'deployment.yaml'), DEPLOYMENT);
  writeFileSync(join(root, 'app', 'service.yaml'), SERVICE);
  // Never indexed: node_modules is skipped.
  writeFileSync(join(root, 'node_modules', 'x', 'hpa.yaml'), HPA);
  // Hostile neighbours: a FIFO (reading it would block forever), a file that overflows the parser, big files.
  if (canMakeFifo) execFileSync('mkfifo', [join(root, 'app', 'pipe.yaml')]);
  writeFileSync(join(root, 'app', 'deep.yaml'), DEEP);
  mkdirSync(join(root, 'generated'));
  for (const file of [1, 2, 3]) writeFileSync(join(root, 'generated', `config-${file}.yaml`), configMaps(file));
  await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
});

after(() => {
  client.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('workspace index', () => {
  it('answers and publishes edits while it builds', async () => {
    await client.progressBegins(/Indexing/);
    const elsewhere = 'file:///elsewhere/pod.yaml';
    client.open(elsewhere, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:latest\n');
    assert.ok(rules(await client.diagnostics(elsewhere)).has('image-tag-latest'));
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: elsewhere }, position: { line: 7, character: 15 } });
    assert.match((hover?.contents as { value: string }).value, /`image-tag-latest`/);
    assert.ok(!client.logs.some((line) => line.startsWith('Indexed')), 'the index was built before the edit was answered');
  });

  it('lets rules about Services see a Service in another file of the workspace; skips what is not a regular file', async () => {
    client.open(deploymentUri, DEPLOYMENT);
    const diagnostics = await client.diagnostics(deploymentUri, (d) => rules(d).has('prestop-hook-missing'));
    assert.ok(!rules(diagnostics).has('hpa-replicas-conflict'), 'files under node_modules are not indexed');
    const indexed = await client.waitFor(() => client.logs.find((line) => line.startsWith('Indexed')), () => 'the index never finished');
    assert.match(indexed, /^Indexed 6 YAML files/, 'deployment, service, deep and the 3 generated files; not the FIFO');
  });

  it('follows files created on disk', async () => {
    writeFileSync(join(root, 'app', 'hpa.yaml'), HPA);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'app', 'hpa.yaml')).href, type: 1 }] });
    await client.diagnostics(deploymentUri, (d) => rules(d).has('hpa-replicas-conflict'));
  });

  it('follows files deleted on disk', async () => {
    rmSync(join(root, 'app', 'service.yaml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'app', 'service.yaml')).href, type: 3 }] });
    await client.diagnostics(deploymentUri, (d) => !rules(d).has('prestop-hook-missing'));
  });

  it('is not held up by a FIFO or a deep-nesting file reported by the watcher: the next file is still read', async () => {
    writeFileSync(join(root, 'app', 'service.yaml'), SERVICE);
    const changed = (name: string, type: number) => ({ uri: pathToFileURL(join(root, 'app', name)).href, type });
    const changes = [changed('deep.yaml', 2), changed('service.yaml', 1)];
    if (canMakeFifo) changes.unshift(changed('pipe.yaml', 2));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    await client.diagnostics(deploymentUri, (d) => rules(d).has('prestop-hook-missing'));
  });
});
