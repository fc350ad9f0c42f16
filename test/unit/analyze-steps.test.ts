import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, FileAnalyzer } from '../../server/src/analysis';

/** FileAnalyzer as the server drives it: in steps that may be dropped, telling when its cross-object facts changed. */
const deployment = (labels: string, env = 'info') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: web
          image: web:1.0.0
          env: [{ name: LOG_LEVEL, value: ${env} }]
`;
const SERVICE = '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n';

describe('FileAnalyzer in steps', () => {
  it('moves factsVersion when what other files read changes (labels, documents), not for an edit only the object itself reads', () => {
    const analyzer = new FileAnalyzer('app.yaml');
    analyzer.analyze(deployment('{ app: web }'));
    const first = analyzer.factsVersion;
    analyzer.analyze(deployment('{ app: web }', 'debug'));
    assert.equal(analyzer.factsVersion, first, 'an env value is no cross-object fact');
    analyzer.analyze(deployment('{ app: api }', 'debug'));
    assert.equal(analyzer.factsVersion, first + 1, 'pod labels are');
    analyzer.analyze(deployment('{ app: api }', 'debug') + SERVICE);
    assert.equal(analyzer.factsVersion, first + 2, 'so is a new document');
    analyzer.analyze(deployment('{ app: api }', 'debug') + SERVICE, { otherObjects: analyzeText(SERVICE, 'other.yaml').objects });
    assert.equal(analyzer.factsVersion, first + 2, "other files' objects are not this file's facts");
  });

  it('yields once per document at least, and a run dropped half-way leaves the analyzer consistent', () => {
    const text = Array.from({ length: 20 }, (_, i) => deployment(`{ app: web-${i} }`)).join('---\n') + SERVICE;
    const fresh = analyzeText(text, 'app.yaml');
    const analyzer = new FileAnalyzer('app.yaml');
    const steps = analyzer.analyzeSteps(text);
    let taken = 0;
    for (; taken < 30; taken++) assert.equal(steps.next().done, false);
    const edited = text.replace('value: info', 'value: debug');
    assert.deepEqual(analyzer.analyze(edited).findings, analyzeText(edited, 'app.yaml').findings);
    assert.deepEqual(analyzer.analyze(text).findings, fresh.findings);
    let count = 0;
    for (const _ of new FileAnalyzer('app.yaml').analyzeSteps(text)) count++;
    assert.ok(count >= 21, `${count} steps for 21 documents`);
  });
});
