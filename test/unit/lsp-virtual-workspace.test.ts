import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TestClient } from './lsp-client';
import { serveMemoryFiles } from './memory-files';
import { checkScenario, SCENARIO_FILES } from './workspace-scenario';

/** The desktop server on a virtual workspace folder (github.dev's vscode-vfs:, here memfs:): it reads through the client. */
describe('a virtual workspace on the desktop server', () => {
  const root = 'memfs:/repo';
  const client = new TestClient();
  const workspace = { ...SCENARIO_FILES };
  const files = serveMemoryFiles(client.connection, root, workspace);
  after(() => client.stop());

  it('reads the index, Helm charts and kustomizations through the client', async () => {
    await client.initialize({ workspaceFolders: [{ uri: root, name: 'repo' }] });
    await checkScenario(client, (file) => `${root}/${file}`);
    assert.ok(files.asked.includes(`${root}/app`), 'listed the folders through the client');
  });

  it('follows the file events of the virtual folder: a deleted Service leaves the index', async () => {
    const deployment = `${root}/app/deployment.yaml`;
    delete workspace['app/service.yaml'];
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `${root}/app/service.yaml`, type: 3 }] });
    await client.diagnostics(deployment, (d) => d.length > 0 && !d.some((x) => x.code === 'prestop-hook-missing'));
    workspace['app/service.yaml'] = SCENARIO_FILES['app/service.yaml']!;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `${root}/app/service.yaml`, type: 1 }] });
    await client.diagnostics(deployment, (d) => d.some((x) => x.code === 'prestop-hook-missing'));
  });

  it('reads file: URIs from disk, never through the client', async () => {
    const asked = files.asked.length;
    client.open('file:///nowhere/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:latest\n');
    await client.diagnostics('file:///nowhere/templates/pod.yaml', (d) => d.some((x) => x.code === 'image-tag-latest'));
    assert.deepEqual(files.asked.slice(asked), []);
  });
});
