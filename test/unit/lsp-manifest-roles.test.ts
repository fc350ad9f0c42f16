import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { TestClient } from './lsp-client';
import { checkScenario, SCENARIO_FILES } from './workspace-scenario';

/** The server reads a manifest's neighbours on disk: Helm charts, kustomizations, the index. */
describe('a workspace on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'kfs-roles-'));
  const client = new TestClient();
  after(() => {
    client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('skips Helm templates, quiets absence rules on Kustomize patches, and indexes other files', async () => {
    for (const [file, text] of Object.entries(SCENARIO_FILES)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
    await checkScenario(client, (file) => pathToFileURL(join(root, file)).href);
  });
});
