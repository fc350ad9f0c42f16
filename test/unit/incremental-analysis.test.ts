import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, FileAnalyzer, type Finding } from '../../server/src/analysis';

/**
 * An analyzer told of each edit, as the language server drives it, ends every edit sequence with
 * what a fresh analysis of the final text finds: across documents split and joined, and edits that
 * change what other objects' rules read.
 */
const deployment = (name: string, app = name) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${app} }
  template:
    metadata:
      labels: { app: ${app} }
    spec:
      containers:
        - name: app
          image: ${name}:latest
`;
const service = (name: string, app = name) => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${app} }
  ports: [{ port: 80 }]
`;
const TEXT = deployment('web') + service('web') + deployment('api') + service('api') + service('lost', 'nothing');

/** A text edit as an editor sends it: the old range and the new text. */
interface Edit { find: string; replace: string }

const placed = (findings: readonly Finding[]) => findings.map(({ ruleId, range, offsets, message, suppressed }) => ({ ruleId, range, offsets, message, suppressed }));

/** Applies `edits` one at a time, telling the analyzer of each, analysing after every `every` edits; returns the final text. */
function replay(analyzer: FileAnalyzer, text: string, edits: readonly Edit[], every = 1): string {
  edits.forEach(({ find, replace }, index) => {
    const start = text.indexOf(find);
    assert.notEqual(start, -1, `"${find}" is in the text`);
    analyzer.noteChange(start, start + find.length, replace.length);
    text = text.slice(0, start) + replace + text.slice(start + find.length);
    if ((index + 1) % every === 0) {
      assert.deepEqual(placed(analyzer.analyze(text).findings), placed(analyzeText(text, 'app.yaml').findings), `after edit ${index + 1}`);
    }
  });
  return text;
}

const SEQUENCES: Record<string, Edit[]> = {
  'typing in one document': [...'1.2.3'].map((_, i) => ({ find: `api:latest${'1.2.3'.slice(0, i)}`, replace: `api:latest${'1.2.3'.slice(0, i + 1)}` })),
  'a document split in two and joined again': [
    { find: '  ports: [{ port: 80 }]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api', replace: '  ports: [{ port: 80 }]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api' },
    { find: '  name: cm\n---\n', replace: '  name: cm\n' },
    { find: '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n', replace: '' },
  ],
  'labels changed so a Service in another document stops and starts matching': [
    { find: 'labels: { app: web }', replace: 'labels: { app: webb }' },
    { find: 'matchLabels: { app: web }', replace: 'matchLabels: { app: webb }' },
    { find: 'labels: { app: webb }', replace: 'labels: { app: web }' },
    { find: 'matchLabels: { app: webb }', replace: 'matchLabels: { app: web }' },
    { find: 'selector: { app: nothing }', replace: 'selector: { app: api }' },
  ],
  'a document marker typed character by character and deleted': [
    { find: '  ports: [{ port: 80 }]\n---\napiVersion: apps/v1', replace: '  ports: [{ port: 80 }]\n-\n---\napiVersion: apps/v1' },
    { find: '\n-\n---\napiVersion: apps/v1', replace: '\n--\n---\napiVersion: apps/v1' },
    { find: '\n--\n---\napiVersion: apps/v1', replace: '\n---\n---\napiVersion: apps/v1' },
    { find: '\n---\n---\napiVersion: apps/v1', replace: '\n---\napiVersion: apps/v1' },
  ],
  'the whole text replaced': [{ find: TEXT, replace: service('only') }, { find: service('only'), replace: TEXT }],
};

const ingress = (name: string, host: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  rules:
    - host: ${host}
      http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }]
`;
const LIMITS = `---
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
spec:
  limits: [{ type: Container, default: { memory: 256Mi } }]
`;
/** Objects that other objects' rules look up by identity or by kind (Ingress claims, LimitRanges, Services), edited without changing what those rules read. */
const LOOKED_UP = ingress('shop', 'shop.example.com') + deployment('web') + ingress('shop-copy', 'shop.example.com') + LIMITS + service('web');

describe('incremental analysis', () => {
  for (const [name, edits] of Object.entries(SEQUENCES)) {
    it(`equals a fresh analysis after each edit: ${name}`, () => {
      const analyzer = new FileAnalyzer('app.yaml');
      analyzer.analyze(TEXT);
      replay(analyzer, TEXT, edits);
    });

    it(`equals a fresh analysis after several edits told at once: ${name}`, () => {
      const analyzer = new FileAnalyzer('app.yaml');
      analyzer.analyze(TEXT);
      const text = replay(analyzer, TEXT, edits, edits.length);
      assert.deepEqual(placed(analyzer.analyze(text).findings), placed(analyzeText(text, 'app.yaml').findings));
    });
  }

  it('equals a fresh analysis when objects other rules look up are edited in place (comments, their own fields)', () => {
    const analyzer = new FileAnalyzer('app.yaml');
    analyzer.analyze(LOOKED_UP);
    replay(analyzer, LOOKED_UP, [
      { find: '  name: shop-copy\n', replace: '  name: shop-copy # the copy\n' },
      { find: '  name: shop\n', replace: '  name: shop # the first\n' },
      { find: '  name: limits\n', replace: '  name: limits # defaults\n' },
      { find: '          image: web:latest\n', replace: '          image: web:latest\n          resources: { limits: { memory: 1Gi } }\n' },
      { find: '  name: web\nspec:\n  selector: { app: web }', replace: '  name: web # front\nspec:\n  selector: { app: web }' },
      { find: 'shop-copy # the copy', replace: 'shop-copy' },
    ]);
  });

  it('a run dropped after it split the text leaves the analyzer consistent for the next edit', () => {
    const analyzer = new FileAnalyzer('app.yaml');
    analyzer.analyze(TEXT);
    const start = TEXT.indexOf('web:latest');
    analyzer.noteChange(start, start + 3, 3);
    const first = TEXT.slice(0, start) + 'wab' + TEXT.slice(start + 3);
    const steps = analyzer.analyzeSteps(first);
    steps.next();
    steps.next();
    analyzer.noteChange(start, start + 3, 4);
    const second = first.slice(0, start) + 'wabb' + first.slice(start + 3);
    assert.deepEqual(placed(analyzer.analyze(second).findings), placed(analyzeText(second, 'app.yaml').findings));
  });
});
