import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { TestClient } from './lsp-client';

/**
 * A small repository whose files only make sense together: a Helm chart's template, a Kustomize
 * patch listed by the kustomization above it, and a Deployment whose Service sits in another file.
 * The same checks run on disk and on a virtual file system, so both read the workspace alike.
 */
export const DEPLOYMENT = `apiVersion: apps/v1
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
export const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n';
const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:latest\n';

export const SCENARIO_FILES: Record<string, string> = {
  'app/deployment.yaml': DEPLOYMENT,
  'app/service.yaml': SERVICE,
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'chart/templates/deployment.yaml': DEPLOYMENT,
  'overlay/kustomization.yaml': 'resources: [../app]\npatches:\n  - path: patches/image.yaml\n',
  'overlay/patches/image.yaml': PATCH,
};

const rules = (diagnostics: Diagnostic[]) => new Set(diagnostics.map((d) => String(d.code)));

/** Opens the scenario's manifests in `client` (whose workspace holds SCENARIO_FILES) and checks what each gets. */
export async function checkScenario(client: TestClient, uriOf: (file: string) => string): Promise<void> {
  const open = async (file: string, predicate?: (d: Diagnostic[]) => boolean) => {
    client.open(uriOf(file), SCENARIO_FILES[file]!);
    return rules(await client.diagnostics(uriOf(file), predicate));
  };
  // The Service lives in the index only: the rule about Services without a preStop hook sees it.
  const deployment = await open('app/deployment.yaml', (d) => rules(d).has('prestop-hook-missing'));
  assert.ok(deployment.has('liveness-probe-missing'));
  assert.deepEqual([...await open('chart/templates/deployment.yaml')], [], 'a Helm template is not analysed as YAML');
  const patch = await open('overlay/patches/image.yaml');
  assert.ok(patch.has('image-tag-latest'), 'a patch still gets findings about what it sets');
  assert.ok(!patch.has('liveness-probe-missing'), 'a patch gets no findings about what it leaves out');
}
