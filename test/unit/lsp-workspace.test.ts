import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './lsp-client';

/** The workspace index: cross-object rules see the workspace's other files, kept up to date. */
const root = mkdtempSync(join(tmpdir(), 'kfs-workspace-'));
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: web:1.0.0
`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n';
const HPA = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 2\n  maxReplicas: 5\n';
const rules = (diagnostics: Diagnostic[]) => new Set(diagnostics.map((d) => String(d.code)));

const client = new TestClient();
const deploymentUri = pathToFileURL(join(root, 'app', 'deployment.yaml')).href;

before(async () => {
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(root, 'app', 'deployment.yaml'), DEPLOYMENT);
  writeFileSync(join(root, 'app', 'service.yaml'), SERVICE);
  // Never indexed: node_modules is skipped.
  writeFileSync(join(root, 'node_modules', 'x', 'hpa.yaml'), HPA);
  await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
});

after(() => {
  client.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('workspace index', () => {
  it('lets rules about Services see a Service in another file of the workspace', async () => {
    client.open(deploymentUri, DEPLOYMENT);
    const diagnostics = await client.diagnostics(deploymentUri, (d) => rules(d).has('prestop-hook-missing'));
    assert.ok(!rules(diagnostics).has('hpa-replicas-conflict'), 'files under node_modules are not indexed');
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
});
