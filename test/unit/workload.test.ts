import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, FileAnalyzer, type Finding } from '../../server/src/analysis';

/** "line ruleId" of the unsuppressed findings of a text (1-based lines), optionally of some rules only. */
function found(text: string, ruleIds?: readonly string[]): string[] {
  return summary(analyzeText(text).findings, ruleIds);
}

function summary(findings: readonly Finding[], ruleIds?: readonly string[]): string[] {
  return findings.filter((f) => !f.suppressed && (!ruleIds || ruleIds.includes(f.ruleId))).map((f) => `${f.range.start.line + 1} ${f.ruleId}`);
}

/** A one-container Deployment "api"; `resources` is appended to the container, indented to fit. */
function deployment(namespace: string | undefined, resources: string, replicas?: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api${namespace ? `\n  namespace: ${namespace}` : ''}
spec:${replicas === undefined ? '' : `\n  replicas: ${replicas}`}
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: api:1.0.0${resources}
`;
}

const BUILT_IN_NAMES = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];

describe('kinds and keys named like built-in object properties', () => {
  it('are unknown kinds in any API group: no rule error, no finding', () => {
    for (const name of BUILT_IN_NAMES) {
      for (const apiVersion of ['v1', 'apps/v1', 'batch/v1', `admissionregistration.k8s.io/${name}`, `${name}/v1`]) {
        const text = `apiVersion: ${apiVersion}\nkind: ${name}\nmetadata:\n  name: x\nspec:\n  replicas: 3\n  containers:\n  - name: a\n    image: nginx\n  template:\n    spec:\n      containers:\n      - name: b\n        image: nginx\n`;
        const result = analyzeText(text);
        assert.equal(result.ruleErrors, undefined, `${apiVersion} ${name}: ${result.ruleErrors?.map((e) => e.message).join('\n')}`);
        assert.deepEqual(summary(result.findings), [], `${apiVersion} ${name}`);
      }
    }
  });

  it('as field names anywhere in a workload: no rule error', () => {
    for (const name of BUILT_IN_NAMES) {
      const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  ${name}: x\nspec:\n  ${name}: x\n  template:\n    spec:\n      ${name}: 1\n      containers:\n        - name: web\n          image: web:1.0.0\n          ${name}: z\n          resources: { ${name}: {}, limits: { ${name}: 1 } }\n`;
      const result = analyzeText(text);
      assert.equal(result.ruleErrors, undefined, `${name}: ${result.ruleErrors?.map((e) => `${e.ruleId}: ${e.message}`).join('\n')}`);
    }
  });

  it('as selector keys match only labels the pods really have', () => {
    for (const name of BUILT_IN_NAMES) {
      // A budget that requires a label the pods lack covers nothing: the Deployment still lacks one.
      const text = `${deployment(undefined, '', 3)}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: api }
spec:
  maxUnavailable: 1
  selector:
    matchExpressions: [{ key: ${name}, operator: Exists }]
`;
      assert.deepEqual(found(text, ['pdb-missing']), ['6 pdb-missing'], name);
    }
  });
});

describe('workload model', () => {
  const pod = 'spec:\n  template:\n    metadata: { labels: { app: x } }\n    spec:\n      containers:\n        - name: app\n          image: app:1.0.0\n';

  it('knows pod templates by API group and kind', () => {
    const owners = [
      'apps/v1 Deployment', 'extensions/v1beta1 DaemonSet', 'argoproj.io/v1alpha1 Rollout', 'apps.kruise.io/v1alpha1 CloneSet',
      'apps.kruise.io/v1beta1 StatefulSet', 'serving.knative.dev/v1 Service', 'apps.openshift.io/v1 DeploymentConfig', 'v1 DeploymentConfig',
    ];
    for (const owner of owners) {
      const [apiVersion, kind] = owner.split(' ');
      assert.deepEqual(found(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: x }\n${pod}`, ['liveness-probe-missing']), ['9 liveness-probe-missing'], owner);
    }
    // A core Service with a stray template, and a Deployment of some other group, own no pods.
    for (const other of ['v1 Service', 'example.com/v1 Deployment', 'apps/v1 Service']) {
      const [apiVersion, kind] = other.split(' ');
      assert.deepEqual(found(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: x }\n${pod}`, ['liveness-probe-missing']), [], other);
    }
  });

  it('a workload whose template has no pod spec yet, selected by a Service: no rule error', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n';
    const result = analyzeText(text);
    assert.equal(result.ruleErrors, undefined, result.ruleErrors?.map((e) => e.message).join('\n'));
    assert.deepEqual(summary(result.findings), ['13 single-replica']);
  });
});

describe('defaulting facts', () => {
  const limitRange = (namespace: string | undefined, item: string) => `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  limits:
    - type: Container
      ${item}
`;
  const RESOURCE_RULES = ['requests-missing', 'memory-limit-missing'];
  const messages = (text: string) => analyzeText(text).findings.filter((f) => RESOURCE_RULES.includes(f.ruleId)).map((f) => f.message);

  it('limits stand in for absent requests', () => {
    assert.deepEqual(messages(deployment('shop', '\n          resources:\n            limits: { cpu: 500m, memory: 256Mi }')), []);
    assert.deepEqual(messages(deployment('shop', '\n          resources:\n            limits: { memory: 256Mi }')), ['Container "api" has no CPU request: the scheduler cannot place it safely.']);
  });

  it('a LimitRange fills in defaults in its namespace only, and where a namespace is left to deploy time', () => {
    const defaults = 'default: { memory: 512Mi }\n      defaultRequest: { cpu: 100m }';
    const cases: [string | undefined, string | undefined, number][] = [
      ['shop', 'shop', 0], ['shop', undefined, 0], [undefined, 'shop', 0], [undefined, undefined, 0], ['shop', 'batch', 2],
    ];
    for (const [workloadNamespace, rangeNamespace, expected] of cases) {
      const text = `${deployment(workloadNamespace, '')}---\n${limitRange(rangeNamespace, defaults)}`;
      assert.equal(messages(text).length, expected, `workload in ${workloadNamespace}, LimitRange in ${rangeNamespace}`);
    }
  });

  it('a LimitRange item is defaulted like the API server does: default from max, defaultRequest from default or min', () => {
    assert.deepEqual(messages(`${deployment('shop', '')}---\n${limitRange('shop', 'max: { cpu: "2", memory: 1Gi }')}`), []);
    assert.deepEqual(messages(`${deployment('shop', '')}---\n${limitRange('shop', 'min: { cpu: 50m, memory: 64Mi }')}`), ['Container "api" has no memory limit: a leak in it can take the whole node down.']);
  });
});

describe('effective replica range', () => {
  const autoscaled = (autoscaler: string) => `${deployment('shop', '')}---\n${autoscaler}`;
  const messages = (text: string) => analyzeText(text).findings
    .filter((f) => ['anti-affinity-missing', 'pdb-missing', 'single-replica', 'pdb-blocks-drain'].includes(f.ruleId))
    .map((f) => `${f.ruleId}: ${f.message}`);

  it('an autoscaler\'s minimum is what always runs, and the messages say whose minimum it is', () => {
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api-hpa, namespace: shop }\nspec:\n  scaleTargetRef: { kind: Deployment, name: api }\n  minReplicas: 3\n  maxReplicas: 9\n';
    assert.deepEqual(messages(autoscaled(hpa)), [
      'pdb-missing: Deployment "api" runs at least 3 replicas (HorizontalPodAutoscaler "api-hpa" minReplicas: 3) and no PodDisruptionBudget selects its pods: a drain may evict them all at once.',
      'anti-affinity-missing: Deployment "api" runs at least 3 replicas (HorizontalPodAutoscaler "api-hpa" minReplicas: 3) with no pod anti-affinity or topology spread: they may all be scheduled onto one node and fail together.',
    ]);
  });

  it('a ScaledObject without minReplicaCount scales to zero, and wakes up with one pod that a budget of one pins', () => {
    const keda = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: { name: api, namespace: shop }\nspec:\n  scaleTargetRef: { name: api }\n';
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api, namespace: shop }\nspec:\n  minAvailable: 1\n  selector: { matchLabels: { app: api } }\n';
    assert.deepEqual(messages(`${autoscaled(keda)}---\n${pdb}`), [
      'pdb-blocks-drain: PodDisruptionBudget "api" requires 1 available pod but Deployment "api" may scale down to 1 replica: then no pod can be evicted, so node drains hang.',
    ]);
  });
});

describe('incremental analysis of facts that live in other objects', () => {
  const workloads = deployment('shop', '\n          resources:\n            requests: { cpu: 100m }');
  const hpa = (min: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: ${min}
  maxReplicas: 10
`;
  const limitRange = (resource: string) => `apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      default: { ${resource}: 512Mi }
`;
  const pdb = (minAvailable: number) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: api, namespace: shop }
spec:
  minAvailable: ${minAvailable}
  selector: { matchLabels: { app: api } }
`;

  it('an edit to an HPA, a LimitRange or a budget in the same file gives what a fresh analysis gives', () => {
    const versions = [
      [workloads, hpa(1), limitRange('memory'), pdb(1)],
      [workloads, hpa(3), limitRange('memory'), pdb(1)],
      [workloads, hpa(3), limitRange('storage'), pdb(1)],
      [workloads, hpa(3), limitRange('storage'), pdb(3)],
      [workloads, hpa(2), limitRange('memory'), pdb(3)],
    ].map((documents) => documents.join('---\n'));
    const analyzer = new FileAnalyzer('app.yaml');
    const seen = new Set<string>();
    for (const text of versions) {
      const incremental = summary(analyzer.analyze(text).findings);
      assert.deepEqual(incremental, summary(new FileAnalyzer('app.yaml').analyze(text).findings));
      seen.add(incremental.join(','));
    }
    // The edits did change the findings: the cache had something to get wrong.
    assert.equal(seen.size, versions.length);
  });

  it('an edit to an HPA or LimitRange in another file re-runs the rules that read them', () => {
    const analyzer = new FileAnalyzer('deployment.yaml');
    const other = (text: string) => new FileAnalyzer('other.yaml').analyze(text).objects;
    const run = (otherText: string) => summary(analyzer.analyze(workloads, { otherObjects: other(otherText) }).findings, ['memory-limit-missing', 'pdb-missing', 'anti-affinity-missing', 'single-replica']);
    assert.deepEqual(run(hpa(1)), ['12 memory-limit-missing']);
    assert.deepEqual(run(`${hpa(3)}---\n${limitRange('memory')}`), ['6 pdb-missing', '10 anti-affinity-missing']);
    assert.deepEqual(run(''), ['6 single-replica', '12 memory-limit-missing']);
  });
});
