import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from './rule-tester';

// The fixtures run at the default target version; these cover what depends on the target.
const CRONJOB = `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: cleanup
              image: registry.example.com/cleanup:1.0.3
`;
const FLOW_SCHEMA = `apiVersion: flowcontrol.apiserver.k8s.io/v1beta1
kind: FlowSchema
metadata:
  name: batch-jobs
spec:
  priorityLevelConfiguration:
    name: workload-low
`;
const EMPTY_PDB = `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: none
spec:
  maxUnavailable: 1
  selector: {}
`;

describe('api-version-removed and the target Kubernetes version', () => {
  it('is quiet before the version is deprecated', () => {
    assert.deepEqual(findingsOf(CRONJOB, 'api-version-removed', { kubernetesVersion: '1.20' }), []);
  });
  it('hints while deprecated but still served, with the fix', () => {
    const [finding, ...rest] = findingsOf(CRONJOB, 'api-version-removed', { kubernetesVersion: '1.24' });
    assert.equal(rest.length, 0);
    assert.equal(finding?.severity, 'hint');
    assert.match(finding!.message, /removed in Kubernetes 1\.25/);
    assert.equal(finding!.fixes[0]?.edits[0]?.newText, 'batch/v1');
  });
  it('is an error once removed', () => {
    const findings = findingsOf(CRONJOB, 'api-version-removed', { kubernetesVersion: '1.25' });
    assert.deepEqual(findings.map((f) => f.severity), ['error']);
  });
  it('lets a user override win over the finding\'s own severity', () => {
    const findings = findingsOf(CRONJOB, 'api-version-removed', { kubernetesVersion: '1.24', rules: { 'api-version-removed': 'warning' } });
    assert.deepEqual(findings.map((f) => f.severity), ['warning']);
  });
  it('offers no fix when the target does not serve the replacement yet', () => {
    const findings = findingsOf(FLOW_SCHEMA, 'api-version-removed', { kubernetesVersion: '1.27' });
    assert.deepEqual(findings.map((f) => [f.severity, f.fixes.length]), [['error', 0]]);
    assert.equal(findingsOf(FLOW_SCHEMA, 'api-version-removed', { kubernetesVersion: '1.29' })[0]?.fixes.length, 1);
  });
  it('offers no rename for a PodDisruptionBudget whose empty selector changes meaning in policy/v1', () => {
    const findings = findingsOf(EMPTY_PDB, 'api-version-removed');
    assert.deepEqual(findings.map((f) => f.fixes.length), [0]);
  });
});
