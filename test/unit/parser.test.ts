import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, FileAnalyzer, type Finding } from '../../server/src/analysis';
import { splitDocuments } from '../../server/src/analysis/split';

const MULTI = `# leading comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  key: value
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    spec:
      containers:
        - name: web
          image: "nginx:1.25"
---
not: kubernetes
`;

describe('parsing multi-document files', () => {
  it('splits on document markers and keeps each document\'s first line', () => {
    const chunks = splitDocuments(MULTI);
    assert.deepEqual(chunks.map((c) => c.line), [0, 7, 19]);
    assert.equal(chunks.map((c) => c.text).join(''), MULTI);
  });

  it('does not split on --- inside a line or an indented block', () => {
    assert.equal(splitDocuments('a: |\n  ---\n  text\nb: x---y\n').length, 1);
  });

  it('turns documents with apiVersion and kind into objects with names and namespaces', () => {
    const { objects, documents } = analyzeText(MULTI);
    assert.equal(documents, 3);
    assert.deepEqual(objects.map((o) => [o.kind, o.name, o.namespace]), [['ConfigMap', 'first', undefined], ['Deployment', 'web', 'prod']]);
  });

  it('maps any path to its exact source range across documents', () => {
    const analyzer = new FileAnalyzer('multi.yaml');
    const chunks = analyzer.parse(MULTI);
    const deployment = chunks[1]!;
    const span = deployment.objects[0]!.span(['spec', 'template', 'spec', 'containers', 0, 'image']);
    const text = deployment.text.slice(span.start, span.end);
    assert.equal(text, '"nginx:1.25"');
    const position = deployment.lines.position(span.start);
    assert.deepEqual([deployment.line + position.line, position.character], [18, 17]); // 0-based, as the LSP counts
    const keySpan = deployment.objects[0]!.span(['metadata', 'namespace'], 'key');
    assert.equal(deployment.text.slice(keySpan.start, keySpan.end), 'namespace');
  });

  it('points a missing path at the key of its deepest existing ancestor', () => {
    const deployment = new FileAnalyzer('x.yaml').parse(MULTI)[1]!;
    const span = deployment.objects[0]!.span(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits']);
    // containers[0] is a sequence item without a key: its first entry stands for it.
    assert.equal(deployment.text.slice(span.start, span.end), 'name');
  });

  it('reports a syntax error once, on the broken spot, and still analyses the other documents', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: broken
spec: {}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: ok
spec:
  schedule: "* * * * *"
`;
    const { findings } = analyzeText(text);
    const syntax = findings.filter((f) => f.ruleId === 'yaml-syntax');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0]!.severity, 'error');
    assert.ok(syntax[0]!.range.start.line >= 2 && syntax[0]!.range.start.line <= 3, JSON.stringify(syntax[0]!.range));
    assert.ok(findings.some((f) => f.ruleId === 'cronjob-concurrency' && f.range.start.line === 9));
  });

  it('produces no findings for YAML that is not Kubernetes (CI workflows, compose files, Helm values)', () => {
    const workflow = 'name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container:\n      image: node:latest\n';
    const compose = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n';
    const values = 'replicaCount: 1\nimage:\n  repository: nginx\n  tag: latest\nresources: {}\n';
    for (const text of [workflow, compose, values]) assert.deepEqual(analyzeText(text).findings, []);
  });

  it('does not analyse Helm chart templates', () => {
    const template = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n{{- toYaml .Values.spec | nindent 2 }}\n';
    const result = new FileAnalyzer('chart/templates/deployment.yaml').analyze(template, { helmTemplate: true });
    assert.equal(result.skipped, 'helm-template');
    assert.deepEqual(result.findings, []);
  });

  it('re-parses only the document that changed', () => {
    const analyzer = new FileAnalyzer('x.yaml');
    const before = analyzer.parse(MULTI);
    const edited = MULTI.replace('name: first', 'name: firsT');
    const after = analyzer.parse(edited);
    assert.notEqual(after[0]!.objects[0], before[0]!.objects[0]);
    assert.equal(after[1]!.objects[0], before[1]!.objects[0], 'unchanged document reused');
    // Inserting lines above shifts positions of reused documents correctly.
    const shifted = analyzer.analyze('# one more line\n' + edited).findings.find((f) => f.ruleId === 'image-tag-latest');
    assert.equal(shifted, undefined);
    const moved = new FileAnalyzer('y.yaml');
    moved.analyze(MULTI.replace('"nginx:1.25"', 'nginx'));
    const finding = moved.analyze('#\n' + MULTI.replace('"nginx:1.25"', 'nginx')).findings.find((f) => f.ruleId === 'image-tag-latest')!;
    assert.equal(finding.range.start.line, 19);
  });
});

describe('suppression', () => {
  const deployment = (comment: string, annotation = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web${annotation}
spec:
  template:
    spec:
      containers:
        - name: web
          ${comment}
          image: nginx:latest
          resources:
            requests: { cpu: 1, memory: 1Gi }
            limits: { memory: 1Gi }
          livenessProbe: { tcpSocket: { port: 80 } }
`;
  // The first rules only: this manifest is made to trip image-tag-latest among them.
  const FIRST_RULES = new Set(['requests-missing', 'memory-limit-missing', 'liveness-probe-missing', 'image-tag-latest']);
  const first = (findings: Finding[]) => findings.filter((f) => FIRST_RULES.has(f.ruleId));
  const active = (text: string) => first(analyzeText(text).findings).filter((f) => !f.suppressed).map((f) => f.ruleId);

  it('honours disable-next-line with a reason kept on the finding', () => {
    const { findings } = analyzeText(deployment('# k8s-failure-stories-disable-next-line image-tag-latest -- pinned by the release tool'));
    const finding = findings.find((f) => f.ruleId === 'image-tag-latest')!;
    assert.deepEqual(finding.suppressed, { via: 'comment', reason: 'pinned by the release tool' });
  });

  it('only silences the named rules on the next line', () => {
    assert.deepEqual(active(deployment('# k8s-failure-stories-disable-next-line requests-missing')), ['image-tag-latest']);
  });

  it('honours a document-wide disable comment and the ignore annotation', () => {
    assert.deepEqual(active(deployment('# k8s-failure-stories-disable image-tag-latest, liveness-probe-missing')), []);
    const annotated = deployment('', '\n  annotations:\n    k8s-failure-stories/ignore: "image-tag-latest -- base image is mirrored"');
    assert.deepEqual(active(annotated), []);
    assert.equal(first(analyzeText(annotated).findings)[0]!.suppressed?.via, 'annotation');
  });

  it('turns a rule off or changes its severity through options', () => {
    const text = deployment('');
    assert.deepEqual(first(analyzeText(text, 'x.yaml', { rules: { 'image-tag-latest': 'off' } }).findings), []);
    assert.equal(first(analyzeText(text, 'x.yaml', { rules: { 'image-tag-latest': 'error' } }).findings)[0]!.severity, 'error');
  });

  it('keeps rules about missing fields quiet on partial objects (Kustomize patches)', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n';
    assert.deepEqual(first(analyzeText(patch, 'patch.yaml', { partial: true }).findings).map((f) => f.ruleId), ['image-tag-latest']);
  });
});
