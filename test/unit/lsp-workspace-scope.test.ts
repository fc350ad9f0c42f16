import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import type { CheckWorkspaceResult, ObjectsHereResult, StoriesHereResult, WorkspaceCheckProgress } from '../../server/src/protocol';
import { catalogue } from '../../server/src/catalogue/catalogue';
import { TestClient } from './lsp-client';
import { DEPLOYMENT, SERVICE } from './workspace-scenario';

/**
 * The `workspace` diagnostics scope and Check Workspace: closed files get diagnostics too, kept up to
 * date from file events and from edits to open documents, within files.exclude, the index's rules
 * for Helm templates and Kustomize patches, and the folder's .k8s-failure-stories.yaml.
 */
const root = mkdtempSync(join(tmpdir(), 'kfs-scope-'));
const uriOf = (file: string) => pathToFileURL(join(root, file)).href;
const rules = (diagnostics: Diagnostic[]) => new Set(diagnostics.map((d) => String(d.code)));
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:latest\n';
const HPA = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 2\n  maxReplicas: 5\n';
const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:latest\n';
/** Enough files that reading them takes a while: the check can be cancelled before it ends. */
const FILLER = 40;

const FILES: Record<string, string> = {
  'app/deployment.yaml': DEPLOYMENT,
  'app/service.yaml': SERVICE,
  'app/pod.yaml': POD,
  'build/pod.yaml': POD,
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'chart/templates/pod.yaml': POD,
  'overlay/kustomization.yaml': 'resources: [../app]\npatches:\n  - path: patches/image.yaml\n',
  'overlay/patches/image.yaml': PATCH,
  // The folder's settings, read by the CLI too: here they turn a rule off everywhere.
  '.k8s-failure-stories.yaml': 'rules:\n  liveness-probe-missing: "off"\n',
  ...Object.fromEntries(Array.from({ length: FILLER }, (_, i) => [`filler/pod-${i}.yaml`, POD.replace('name: p', `name: p${i}`)])),
};

const client = new TestClient();
client.filesExclude = { '**/build': true };

/** The latest diagnostics published for `file`, once there are some that satisfy `predicate`. */
const diagnosticsOf = (file: string, predicate: (d: Diagnostic[]) => boolean) => client.diagnostics(uriOf(file), predicate, false);
const progress = () => client.notifications.filter((n) => n.method === 'k8sFailureStories/workspaceCheckProgress').map((n) => n.params as WorkspaceCheckProgress);
const publishedFor = (file: string) => client.published.filter((p) => p.uri === uriOf(file));
/** Waits for diagnostics of `file` satisfying `predicate` published after the first `seen` ones. */
const publishedAfter = (file: string, seen: number, predicate: (d: Diagnostic[]) => boolean) =>
  client.waitFor(() => publishedFor(file).slice(seen).find((p) => predicate(p.diagnostics)), () => `nothing new for ${file}`);

before(async () => {
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
});

after(() => {
  client.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('diagnostics scope', () => {
  it('openFiles (the default): only open documents get diagnostics, with the folder settings file applied to them too', async () => {
    await client.waitFor(() => client.logs.find((line) => line.startsWith('Indexed')), () => 'the index never finished');
    client.open(uriOf('app/deployment.yaml'), DEPLOYMENT);
    const open = rules(await client.diagnostics(uriOf('app/deployment.yaml'), (d) => rules(d).has('prestop-hook-missing')));
    assert.ok(!open.has('liveness-probe-missing'), '.k8s-failure-stories.yaml turns it off for open files as well');
    client.close(uriOf('app/deployment.yaml'));
    await client.diagnostics(uriOf('app/deployment.yaml'), (d) => d.length === 0);
    assert.deepEqual(publishedFor('app/pod.yaml'), [], 'closed files get nothing');
    const here = await client.connection.sendRequest<StoriesHereResult>('k8sFailureStories/storiesHere');
    assert.equal(here.scope, 'openFiles');
  });

  it('workspace: every closed file the index reads gets its diagnostics, with progress', async () => {
    client.configure({ diagnostics: { scope: 'workspace' } });
    const deployment = rules(await diagnosticsOf('app/deployment.yaml', (d) => rules(d).has('prestop-hook-missing')));
    assert.ok(!deployment.has('liveness-probe-missing'), 'the settings file applies');
    assert.ok(rules(await diagnosticsOf('app/pod.yaml', (d) => d.length > 0)).has('image-tag-latest'));
    await client.waitFor(() => progress().find((p) => p.kind === 'end'), () => 'the first pass never ended');
    const phases = progress().flatMap((p) => (p.kind === 'report' ? [p.phase] : []));
    assert.ok(phases.includes('reading') && phases.includes('checking'), `progress reports both phases: ${JSON.stringify(progress())}`);
    const end = progress().find((p) => p.kind === 'end')!;
    // app/ (3), Chart.yaml, the kustomization, its patch and the filler files; not the chart's template, the settings file or build/.
    assert.deepEqual(end, { kind: 'end', files: 46, cancelled: false });
    const patch = rules(publishedFor('overlay/patches/image.yaml').at(-1)!.diagnostics);
    assert.ok(patch.has('image-tag-latest') && !patch.has('requests-missing'), 'a Kustomize patch gets no findings about what it leaves out');
    assert.deepEqual(publishedFor('build/pod.yaml'), [], 'files.exclude');
    assert.deepEqual(publishedFor('chart/templates/pod.yaml'), [], 'a Helm template is not YAML');
    assert.deepEqual(publishedFor('.k8s-failure-stories.yaml'), [], 'the settings file is no manifest');
  });

  it('answers where each story could happen: its objects, the rule and the line', async () => {
    const here = await client.connection.sendRequest<StoriesHereResult>('k8sFailureStories/storiesHere');
    assert.equal(here.scope, 'workspace');
    assert.equal(here.checking, false);
    const ravelin = here.stories.find((story) => story.story === 'ravelin-2019-ingress-endpoints');
    assert.deepEqual(ravelin, { story: 'ravelin-2019-ingress-endpoints', relation: 'fix', objectCount: 1, findingCount: 1 });
    assert.ok(!here.stories.some((story) => story.story === 'jetstack-2019-opa-webhook-outage'), 'liveness-probe-missing is off');
    const objects = await client.connection.sendRequest<ObjectsHereResult>('k8sFailureStories/objectsHere', { story: 'ravelin-2019-ingress-endpoints' });
    assert.equal(objects.total, 1);
    const [object] = objects.objects;
    assert.equal(object!.uri, uriOf('app/deployment.yaml'));
    assert.deepEqual(object!.object, { kind: 'Deployment', name: 'web' });
    assert.equal(object!.findings[0]!.ruleId, 'prestop-hook-missing');
    assert.equal(object!.findings[0]!.range.start.line, DEPLOYMENT.split('\n').findIndex((line) => line.includes('- name: web')));
    // The strongest evidence first: a story some finding repeats as a cause comes before any only fixed or related.
    const ranks = here.stories.map((story) => ['cause', 'fix', 'related'].indexOf(story.relation));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  });

  it('follows a file created on disk: its own findings, and what it changes in others', async () => {
    writeFileSync(join(root, 'app', 'hpa.yaml'), HPA);
    client.filesChanged({ uri: uriOf('app/hpa.yaml'), type: 1 });
    await diagnosticsOf('app/deployment.yaml', (d) => rules(d).has('hpa-replicas-conflict'));
    await diagnosticsOf('app/hpa.yaml', () => true);
  });

  it('follows a file deleted on disk: its diagnostics go, and the others see it gone', async () => {
    const seen = publishedFor('app/hpa.yaml').length;
    rmSync(join(root, 'app', 'hpa.yaml'));
    client.filesChanged({ uri: uriOf('app/hpa.yaml'), type: 3 });
    await diagnosticsOf('app/deployment.yaml', (d) => d.length > 0 && !rules(d).has('hpa-replicas-conflict'));
    await publishedAfter('app/hpa.yaml', seen, (d) => d.length === 0);
  });

  it('follows a rename (delete + create): the findings move to the new name', async () => {
    renameSync(join(root, 'app', 'pod.yaml'), join(root, 'app', 'renamed.yaml'));
    client.filesChanged({ uri: uriOf('app/pod.yaml'), type: 3 }, { uri: uriOf('app/renamed.yaml'), type: 1 });
    await diagnosticsOf('app/pod.yaml', (d) => d.length === 0);
    assert.ok(rules(await diagnosticsOf('app/renamed.yaml', (d) => d.length > 0)).has('image-tag-latest'));
  });

  it('leaves an excluded file alone when the watcher reports it', async () => {
    writeFileSync(join(root, 'build', 'other.yaml'), POD);
    const seen = publishedFor('app/renamed.yaml').length;
    client.filesChanged({ uri: uriOf('build/other.yaml'), type: 1 }, { uri: uriOf('app/renamed.yaml'), type: 2 });
    // The events are handled in order: once the second file is published again, the first was passed over.
    await publishedAfter('app/renamed.yaml', seen, (d) => d.length > 0);
    assert.deepEqual(publishedFor('build/other.yaml'), []);
  });

  it('editing an open Service updates a closed Deployment in another file; closing it brings the file on disk back', async () => {
    client.open(uriOf('app/service.yaml'), SERVICE);
    await client.diagnostics(uriOf('app/service.yaml'));
    client.change(uriOf('app/service.yaml'), SERVICE.replace('{ app: web }', '{ app: other }'), 2);
    await diagnosticsOf('app/deployment.yaml', (d) => d.length > 0 && !rules(d).has('prestop-hook-missing'));
    client.close(uriOf('app/service.yaml'));
    await diagnosticsOf('app/deployment.yaml', (d) => rules(d).has('prestop-hook-missing'));
  });

  it('closing a file keeps its diagnostics: the findings of the file on disk replace the document\'s, never an empty list', async () => {
    client.open(uriOf('app/deployment.yaml'), DEPLOYMENT);
    await client.diagnostics(uriOf('app/deployment.yaml'), (d) => rules(d).has('prestop-hook-missing'));
    const seen = publishedFor('app/deployment.yaml').length;
    client.close(uriOf('app/deployment.yaml'));
    const after = await publishedAfter('app/deployment.yaml', seen, () => true);
    assert.ok(rules(after.diagnostics).has('prestop-hook-missing'), `published after closing: ${[...rules(after.diagnostics)]}`);
  });

  it('offers a CodeLens above each object\'s kind naming its stories, strongest first, only with the setting on', async () => {
    const uri = uriOf('app/deployment.yaml');
    client.open(uri, DEPLOYMENT);
    await client.diagnostics(uri, (d) => rules(d).has('prestop-hook-missing'));
    const lenses = () => client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(await lenses(), []);
    const refreshes = client.notifications.filter((n) => n.method === 'workspace/codeLens/refresh').length;
    client.configure({ diagnostics: { scope: 'workspace' }, codeLens: { enabled: true } });
    await client.waitFor(() => client.notifications.filter((n) => n.method === 'workspace/codeLens/refresh').length > refreshes || undefined, () => 'no lens refresh');
    const [lens, ...others] = await lenses();
    assert.equal(others.length, 0, 'one object, one lens');
    assert.deepEqual(lens!.range.start, { line: DEPLOYMENT.split('\n').indexOf('kind: Deployment'), character: 0 });
    assert.equal(lens!.command!.command, 'k8sFailureStories.openStory');
    const [ids] = lens!.command!.arguments as [string[]];
    const names = ids.slice(0, 2).map((id) => `${catalogue().story(id)!.organization} ${catalogue().story(id)!.year}`);
    assert.equal(lens!.command!.title, `${ids.length} failure stories: ${names.join(', ')}, …`);
    // Causes (DFDS's Prometheus without limits), then fixes (Ravelin's preStop), then related stories (Moonlight).
    const at = (id: string) => ids.indexOf(id);
    assert.ok(at('dfds-2022-prometheus-no-limits') >= 0 && at('dfds-2022-prometheus-no-limits') < at('ravelin-2019-ingress-endpoints'));
    assert.ok(at('ravelin-2019-ingress-endpoints') < at('moonlight-2019-pods-same-node'));
    client.close(uri);
  });

  it('back to openFiles: the closed files\' diagnostics are withdrawn', async () => {
    client.configure({ diagnostics: { scope: 'openFiles' } });
    await diagnosticsOf('app/renamed.yaml', (d) => d.length === 0);
    await diagnosticsOf('overlay/patches/image.yaml', (d) => d.length === 0);
    await diagnosticsOf('app/deployment.yaml', (d) => d.length === 0);
    const here = await client.connection.sendRequest<StoriesHereResult>('k8sFailureStories/storiesHere');
    assert.deepEqual(here, { scope: 'openFiles', checking: false, files: 0, stories: [] });
  });

  it('Check Workspace can be cancelled while it reads: it stops, and only open files are checked', async () => {
    const begun = progress().filter((p) => p.kind === 'begin').length;
    const check = client.connection.sendRequest<CheckWorkspaceResult>('k8sFailureStories/checkWorkspace');
    await client.waitFor(() => progress().filter((p) => p.kind === 'begin').length > begun || undefined, () => 'the check never began');
    await client.connection.sendRequest('k8sFailureStories/cancelWorkspaceCheck');
    assert.deepEqual(await check, { files: 0, cancelled: true });
    assert.deepEqual(progress().at(-1), { kind: 'end', files: 0, cancelled: true });
    const here = await client.connection.sendRequest<StoriesHereResult>('k8sFailureStories/storiesHere');
    assert.equal(here.scope, 'openFiles');
    const filler = Object.keys(FILES).filter((file) => file.startsWith('filler/'));
    assert.deepEqual(filler.filter((file) => publishedFor(file).at(-1)!.diagnostics.length > 0), [], 'the cancelled pass published nothing');
  });

  it('Check Workspace run to its end checks every file for the session, whatever the setting says', async () => {
    const result = await client.connection.sendRequest<CheckWorkspaceResult>('k8sFailureStories/checkWorkspace');
    assert.deepEqual(result, { files: 46, cancelled: false });
    assert.ok(rules(await diagnosticsOf('app/renamed.yaml', (d) => d.length > 0)).has('image-tag-latest'));
    const here = await client.connection.sendRequest<StoriesHereResult>('k8sFailureStories/storiesHere');
    assert.equal(here.scope, 'workspace');
    assert.equal(here.files, 46);
  });
});
