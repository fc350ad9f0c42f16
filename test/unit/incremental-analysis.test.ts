import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, FileAnalyzer, finish, type AnalyzeOptions, type FileAnalysis, type Finding } from '../../server/src/analysis';
import { SplitText } from '../../server/src/analysis/split';
import { random } from '../../bench/stats';

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

const listItem = (name: string) => `  - { apiVersion: v1, kind: Service, metadata: { name: ${name} }, spec: { selector: { app: ${name} } } }\n`;

/** A text edit as an editor sends it: the old range and the new text. */
interface Edit { find: string; replace: string }

const placed = (findings: readonly Finding[]) => findings.map(({ ruleId, range, offsets, message, suppressed }) => ({ ruleId, range, offsets, message, suppressed }));

/** Applies `edits` one at a time, telling the analyzer of each, analysing after every `every` edits; returns the final text. */
function replay(analyzer: FileAnalyzer, start: SplitText, edits: readonly Edit[], every = 1): SplitText {
  let split = start;
  edits.forEach(({ find, replace }, index) => {
    const at = split.text.indexOf(find);
    assert.notEqual(at, -1, `"${find}" is in the text`);
    split = split.edited(at, at + find.length, replace);
    if ((index + 1) % every === 0) {
      const [incremental, fresh] = [analyzer.analyze(split), analyzeText(split.text, 'app.yaml')];
      assert.deepEqual(placed(incremental.findings), placed(fresh.findings), `after edit ${index + 1}`);
      assert.deepEqual(incremental.objects.map((object) => object.value), fresh.objects.map((object) => object.value), `objects after edit ${index + 1}`);
    }
  });
  return split;
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
  'a List whose items change in number, the document count staying the same': [
    { find: service('lost', 'nothing'), replace: `---\napiVersion: v1\nkind: List\nitems:\n${listItem('a')}${listItem('b')}` },
    { find: 'selector: { app: a }', replace: 'selector: { app: web }' },
    { find: listItem('b'), replace: listItem('b') + listItem('c') },
    { find: listItem('b'), replace: '' },
    { find: 'image: api:latest', replace: 'image: api:1.0' },
  ],
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
      const split = SplitText.of(TEXT);
      analyzer.analyze(split);
      replay(analyzer, split, edits);
    });

    it(`equals a fresh analysis after several edits told at once: ${name}`, () => {
      const analyzer = new FileAnalyzer('app.yaml');
      const split = SplitText.of(TEXT);
      analyzer.analyze(split);
      const edited = replay(analyzer, split, edits, edits.length);
      assert.deepEqual(placed(analyzer.analyze(edited).findings), placed(analyzeText(edited.text, 'app.yaml').findings));
    });
  }

  it('equals a fresh analysis when objects other rules look up are edited in place (comments, their own fields)', () => {
    const analyzer = new FileAnalyzer('app.yaml');
    const split = SplitText.of(LOOKED_UP);
    analyzer.analyze(split);
    replay(analyzer, split, [
      { find: '  name: shop-copy\n', replace: '  name: shop-copy # the copy\n' },
      { find: '  name: shop\n', replace: '  name: shop # the first\n' },
      { find: '  name: limits\n', replace: '  name: limits # defaults\n' },
      { find: '          image: web:latest\n', replace: '          image: web:latest\n          resources: { limits: { memory: 1Gi } }\n' },
      { find: '  name: web\nspec:\n  selector: { app: web }', replace: '  name: web # front\nspec:\n  selector: { app: web }' },
      { find: 'shop-copy # the copy', replace: 'shop-copy' },
    ]);
  });

  it('a run dropped after it took in the edits leaves the analyzer consistent for the next edit', () => {
    const analyzer = new FileAnalyzer('app.yaml');
    const split = SplitText.of(TEXT);
    analyzer.analyze(split);
    const start = TEXT.indexOf('web:latest');
    const first = split.edited(start, start + 3, 'wab');
    const steps = analyzer.analyzeSteps(first);
    steps.next();
    steps.next();
    const second = first.edited(start, start + 3, 'wabb');
    assert.deepEqual(placed(analyzer.analyze(second).findings), placed(analyzeText(second.text, 'app.yaml').findings));
  });

  it('equals a fresh analysis over random edits, with runs dropped midway, binary text, and options that change and change back', () => {
    const next = random(5);
    const analyzer = new FileAnalyzer('app.yaml');
    let split = SplitText.of(TEXT + deployment('db') + LIMITS + service('db'));
    analyzer.analyze(split);
    let compared = 0;
    let held: Generator<void, FileAnalysis, void> | undefined;
    for (let round = 0; round < 200; round++) {
      const { text } = split;
      const at = Math.floor(next() * (text.length + 1));
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const kind = next();
      if (text.includes('\u0000') && kind < 0.5) split = split.edited(text.indexOf('\u0000'), text.indexOf('\u0000') + 1, '');
      else if (kind < 0.5) split = split.edited(at, at, 'x');
      else if (kind < 0.7) split = split.edited(at, Math.min(text.length, at + 1 + Math.floor(next() * 20)), '');
      else if (kind < 0.8) split = split.edited(lineStart, lineStart, '---\n');
      else if (kind < 0.9) split = split.edited(lineStart, lineStart, text.slice(lineStart, text.indexOf('\n', lineStart) + 1));
      else if (kind < 0.95) split = split.edited(at, at, '\u0000');
      else split = split.edited(lineStart, lineStart, '# a comment\n');
      // Changed and changed back: a run under other options re-checks documents, then is dropped.
      const options: AnalyzeOptions = { kubernetesVersion: next() < 0.2 ? '1.20' : '1.34', rules: next() < 0.2 ? { 'image-tag-latest': 'off' } : {} };
      if (next() < 0.3) {
        const steps = analyzer.analyzeSteps(split, options);
        for (let step = Math.floor(next() * 8); step > 0; step--) steps.next();
        // Some dropped runs are stepped to their end later, after newer texts were analysed.
        if (next() < 0.5) held = steps;
        continue;
      }
      if (held && next() < 0.5) {
        finish(held);
        held = undefined;
      }
      const fresh = analyzeText(split.text, 'app.yaml', options);
      assert.deepEqual(placed(analyzer.analyze(split, options).findings), placed(fresh.findings), `round ${round}`);
      compared++;
    }
    assert.ok(compared > 100);
  });

  it('re-uses every document an edit did not touch, in the same line of edits and from another line', () => {
    const analyzer = new FileAnalyzer('app.yaml');
    const split = SplitText.of(TEXT);
    const before = analyzer.analyze(split).documentFindings;
    // A container's name: no other object's rules read it, so the other documents' findings stand.
    const at = TEXT.indexOf('- name: app') + '- name: a'.length;
    const count = before.perDocument.length;
    const untouched = (documents: typeof before) => documents.perDocument.filter((findings, index) => findings === before.perDocument[index]).length;
    const edited = split.edited(at, at + 2, 'px');
    assert.equal(untouched(analyzer.analyze(edited).documentFindings), count - 1);
    const reverted = analyzer.analyze(edited.edited(at, at + 2, 'pp'));
    assert.equal(untouched(reverted.documentFindings), count - 1);
    assert.deepEqual(placed(reverted.findings), placed(analyzeText(TEXT, 'app.yaml').findings));
    assert.equal(untouched(analyzer.analyze(split.edited(at, at + 2, 'pz')).documentFindings), count - 1, 'another line of edits from the first text');
  });

  it('analyses a plain string or an unrelated split text whole, as a fresh analysis does', () => {
    const analyzer = new FileAnalyzer('app.yaml');
    analyzer.analyze(SplitText.of(TEXT));
    for (const text of [TEXT.replace('web:latest', 'web:1.0'), SplitText.of(TEXT.replace('web:latest', 'web:2.0'))]) {
      const plain = typeof text === 'string' ? text : text.text;
      assert.deepEqual(placed(analyzer.analyze(text).findings), placed(analyzeText(plain, 'app.yaml').findings));
    }
  });
});
