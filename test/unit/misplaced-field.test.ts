import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { applyTextEdits } from '../../server/src/analysis';
import fieldTree from '../../server/src/analysis/field-tree.json';
import { findingsOf } from './rule-tester';

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          concurrencyPolicy: Forbid
          restartPolicy: Never
          containers:
            - name: report
              image: registry.example.com/report:1.4.2
`;

function deployment(specLines: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${specLines}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: registry.example.com/web:2.0.1
`;
}

describe('misplaced-field: the field tree', () => {
  it('is the one scripts/field-tree.mjs derives from the installed schema package (npm run field-tree)', () => {
    execFileSync(process.execPath, ['scripts/field-tree.mjs', '--check'], { stdio: 'pipe' });
  });

  it('maps the core kinds to their real fields', () => {
    const { kinds, types } = fieldTree as { kinds: Record<string, string>; types: Record<string, Record<string, string>> };
    for (const kind of ['apps/v1 Deployment', 'apps/v1 StatefulSet', 'apps/v1 DaemonSet', 'apps/v1 ReplicaSet', 'batch/v1 Job', 'batch/v1 CronJob',
      'v1 Pod', 'v1 Service', 'v1 ConfigMap', 'networking.k8s.io/v1 Ingress', 'policy/v1 PodDisruptionBudget', 'autoscaling/v2 HorizontalPodAutoscaler',
      'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration']) {
      assert.ok(kinds[kind], kind);
    }
    const cronJobSpec = types[types[kinds['batch/v1 CronJob']!]!.spec!]!;
    assert.ok('concurrencyPolicy' in cronJobSpec && 'successfulJobsHistoryLimit' in cronJobSpec);
    assert.equal(cronJobSpec.jobTemplate, 'V1JobTemplateSpec');
    assert.equal(types.V1PodSpec!.containers, '[]V1Container');
    assert.equal('concurrencyPolicy' in types.V1PodSpec!, false);
  });
});

describe('misplaced-field findings', () => {
  it('pins the misplaced key and says where it belongs, and how far', () => {
    const [finding, ...rest] = findingsOf(CRONJOB, 'misplaced-field');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding!.range, { start: { line: 10, character: 10 }, end: { line: 10, character: 27 } });
    assert.equal(finding!.message, 'CronJob "report": `concurrencyPolicy` belongs in `spec`, 4 levels up; here, in `spec.jobTemplate.spec.template.spec`, the API server drops it.');
    assert.equal(finding!.severity, 'warning');
  });

  it('moves a block value with its nested lines and comments', () => {
    const text = deployment('  nodeSelector:\n    # the web pool only\n    pool: web\n');
    const [finding] = findingsOf(text, 'misplaced-field');
    assert.match(finding!.message, /`nodeSelector` belongs in `spec\.template\.spec`, 2 levels down/);
    const fixed = applyTextEdits(text, finding!.fixes[0]!.edits);
    assert.ok(fixed.endsWith('          image: registry.example.com/web:2.0.1\n      nodeSelector:\n        # the web pool only\n        pool: web\n'), fixed);
    assert.deepEqual(findingsOf(fixed, 'misplaced-field'), []);
  });

  it('moves a flow value as written', () => {
    const text = deployment('  tolerations: [{key: dedicated, operator: Exists}]\n');
    const fixed = applyTextEdits(text, findingsOf(text, 'misplaced-field')[0]!.fixes[0]!.edits);
    assert.match(fixed, /\n {6}tolerations: \[\{key: dedicated, operator: Exists\}\]\n$/);
  });

  it('finds a spec field written at the top level', () => {
    const text = deployment('').replace('spec:\n', 'replicas: 3\nspec:\n');
    const [finding] = findingsOf(text, 'misplaced-field');
    assert.equal(finding!.range.start.line, 4);
    assert.equal(finding!.message, 'Deployment "web": `replicas` belongs in `spec`, 1 level down; here the API server drops it.');
  });

  it('finds object metadata written inside the spec, and moves it to the top level', () => {
    const text = deployment('  metadata:\n    name: web\n').replace('metadata:\n  name: web\nspec:\n', 'spec:\n');
    const [finding, ...rest] = findingsOf(text, 'misplaced-field');
    assert.equal(rest.length, 0);
    assert.equal(finding!.message, 'Deployment: `metadata` belongs at the top level, 1 level up; here, in `spec`, the API server drops it.');
    const fixed = applyTextEdits(text, finding!.fixes[0]!.edits);
    assert.ok(fixed.startsWith('apiVersion: apps/v1\nkind: Deployment\nspec:\n  selector:'), fixed);
    assert.ok(fixed.endsWith('registry.example.com/web:2.0.1\nmetadata:\n  name: web\n'), fixed);
  });

  it('offers to remove a dropped copy when the right level already sets it', () => {
    const text = CRONJOB.replace('spec:\n  schedule', 'spec:\n  concurrencyPolicy: Replace\n  schedule');
    const [finding] = findingsOf(text, 'misplaced-field');
    assert.match(finding!.message, /`spec` already sets it/);
    assert.equal(finding!.fixes[0]!.title, 'Remove the dropped copy of concurrencyPolicy');
    assert.equal(applyTextEdits(text, finding!.fixes[0]!.edits), CRONJOB.replace('          concurrencyPolicy: Forbid\n', '').replace('spec:\n  schedule', 'spec:\n  concurrencyPolicy: Replace\n  schedule'));
  });

  it('stays quiet on typos, on keys two levels could own equally, and on other API groups', () => {
    assert.deepEqual(findingsOf(deployment('  replicaz: 2\n'), 'misplaced-field'), []);
    // `name` could be the Deployment's (metadata) or the pods' (template.metadata): no guess.
    assert.deepEqual(findingsOf(deployment('  name: web\n'), 'misplaced-field'), []);
    assert.deepEqual(findingsOf(CRONJOB.replace('batch/v1', 'example.com/v1'), 'misplaced-field'), []);
  });
});
