import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { TestClient } from './lsp-client';
import { serveMemoryFiles } from './memory-files';
import { workerServer } from './worker-sandbox';
import { checkScenario, SCENARIO_FILES } from './workspace-scenario';

/** The web build (vscode.dev, github.dev): its bundles load without Node, and its server works in a worker. */
const CLIENT = 'dist/browser-client.js';
const SERVER = 'dist/browser-server.js';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:latest\n';

function requiredModules(bundle: string): string[] {
  return [...readFileSync(bundle, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!);
}

describe('web bundles', () => {
  it('require no Node builtin: the client only vscode, the server nothing', (t) => {
    for (const bundle of [CLIENT, SERVER]) {
      const size = statSync(bundle).size;
      t.diagnostic(`${bundle}: ${(size / 1024).toFixed(0)} KB, ${(gzipSync(readFileSync(bundle)).length / 1024).toFixed(0)} KB gzipped (this build)`);
    }
    assert.deepEqual([...new Set(requiredModules(CLIENT))], ['vscode']);
    assert.deepEqual(requiredModules(SERVER), []);
  });

  describe('the server in a worker-like sandbox, on a virtual workspace', () => {
    const root = 'memfs:/repo';
    const client = new TestClient(workerServer(SERVER));
    const files = serveMemoryFiles(client.connection, root, SCENARIO_FILES);
    after(() => client.stop());

    it('answers initialize with its capabilities', async () => {
      const result = await client.connection.sendRequest<{ capabilities: { hoverProvider?: boolean } }>('initialize', {
        processId: null, rootUri: null, workspaceFolders: [{ uri: root, name: 'repo' }],
        capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
      });
      assert.equal(result.capabilities.hoverProvider, true);
      await client.connection.sendNotification('initialized', {});
    });

    it('reads the workspace through the client: the index, Helm charts and kustomizations', async () => {
      await checkScenario(client, (file) => `${root}/${file}`);
      assert.ok(files.asked.includes(`${root}/chart/Chart.yaml`), 'asked whether the chart exists');
      assert.ok(files.asked.includes(`${root}/overlay/kustomization.yaml`), 'asked for the kustomization');
    });
  });

  it('the server in a worker-like sandbox honours the folder\'s .k8s-failure-stories.yaml, read through the client', async (t) => {
    const root = 'memfs:/configured';
    const client = new TestClient(workerServer(SERVER));
    t.after(() => client.stop());
    serveMemoryFiles(client.connection, root, { '.k8s-failure-stories.yaml': 'rules:\n  image-tag-latest: "off"\n', 'pod.yaml': POD });
    await client.initialize({ workspaceFolders: [{ uri: root, name: 'configured' }] });
    client.open(`${root}/pod.yaml`, POD);
    // The file turns the rule off once read (the first analysis may come before): wait for that, not for a first answer.
    await client.diagnostics(`${root}/pod.yaml`, (d) => d.some((x) => x.code === 'liveness-probe-missing') && !d.some((x) => x.code === 'image-tag-latest'), false);
  });
});
