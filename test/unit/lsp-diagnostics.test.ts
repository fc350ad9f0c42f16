import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, FileAnalyzer, NO_FILE_FINDINGS, type FileFindings, type Finding, type Severity } from '../../server/src/analysis';
import { random } from '../../bench/stats';
import { fileDiagnostics, MAX_DIAGNOSTICS, placedAround, PublishedDiagnostics } from '../../server/src/lsp/diagnostics';

/** What the server publishes, document by document: converted once, moved with its document, capped most severe first. */
const POD = (name: string, image = 'app:latest') => `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: ${image}\n`;
const finish = <T>(steps: Generator<void, T, void>): T => {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
};
const SEVERITY_NUMBER: Record<Severity, number> = { error: 1, warning: 2, information: 3, hint: 4 };

/** A file of documents given as their findings, offsets and lines. */
function fileOf(documents: readonly { findings: readonly Finding[]; offset: number; line: number }[]): FileFindings {
  return { perDocument: documents.map((d) => d.findings), offsets: documents.map((d) => d.offset), lines: documents.map((d) => d.line) };
}

function finding(severity: Severity, line: number): Finding {
  return {
    ruleId: `rule-${severity}`, severity, message: severity, range: { start: { line, character: 0 }, end: { line, character: 1 } },
    offsets: { start: line * 10, end: line * 10 + 1 }, stories: [], citations: [], fixes: [],
  };
}

describe('published diagnostics', () => {
  it('are the unsuppressed findings in file order, at file positions', () => {
    const text = POD('a') + POD('b') + '# k8s-failure-stories-disable-next-line image-tag-latest\n' + POD('c').replace('---\n', '---\n# k8s-failure-stories-disable image-tag-latest\n');
    const analysis = analyzeText(text);
    const diagnostics = finish(fileDiagnostics(analysis.documentFindings));
    const expected = analysis.findings.filter((f) => !f.suppressed);
    assert.ok(expected.length < analysis.findings.length, 'some findings are suppressed');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), expected.map((f) => [f.ruleId, f.range]));
  });

  it('of an unchanged document are converted once and reused after an edit elsewhere moves it', () => {
    const analyzer = new FileAnalyzer('pods.yaml');
    const text = POD('a') + POD('b');
    const before = finish(fileDiagnostics(analyzer.analyze(text).documentFindings));
    const edited = analyzer.analyze(POD('a').replace('\n', '\n# a comment\n') + POD('b'));
    const after = finish(fileDiagnostics(edited.documentFindings));
    assert.deepEqual(after.map((d) => d.range.start.line), edited.findings.filter((f) => !f.suppressed).map((f) => f.range.start.line));
    const second = (list: typeof before) => list.filter((d) => d.range.start.line >= (list === before ? 9 : 10));
    assert.deepEqual(second(after).map((d) => d.range.start.line), second(before).map((d) => d.range.start.line + 1), 'moved down one line');
    assert.equal(second(after)[0]!.message, second(before)[0]!.message);
    const reanalysed = finish(fileDiagnostics(analyzer.analyze(POD('a').replace('\n', '\n# a comment\n') + POD('b')).documentFindings));
    assert.equal(reanalysed[0], after[0], 'the first document unchanged: its diagnostics are the same objects');
  });

  it(`stop at ${MAX_DIAGNOSTICS}, the most severe first, then say how many are left`, () => {
    const severities: Severity[] = ['hint', 'information', 'warning', 'error'];
    // 400 documents of four findings, one of each severity, least severe first.
    const documents = fileOf(Array.from({ length: 400 }, (_, i) => ({
      findings: severities.map((severity, j) => finding(severity, j)), offset: i * 100, line: i * 10,
    })));
    const diagnostics = finish(fileDiagnostics(documents));
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    const counts = new Map<number, number>();
    for (const d of diagnostics.slice(0, -1)) counts.set(d.severity!, (counts.get(d.severity!) ?? 0) + 1);
    assert.deepEqual([...counts].sort((a, b) => a[0] - b[0]), [[SEVERITY_NUMBER.error, 400], [SEVERITY_NUMBER.warning, 400], [SEVERITY_NUMBER.information, MAX_DIAGNOSTICS - 800]]);
    const lines = diagnostics.slice(0, -1).map((d) => d.range.start.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'in file order');
    const informations = diagnostics.filter((d) => d.severity === SEVERITY_NUMBER.information && d.code !== 'more-findings');
    // Information findings sit on each document's second line: the first MAX_DIAGNOSTICS - 800 documents' are shown.
    assert.equal(informations.at(-1)!.range.start.line, (MAX_DIAGNOSTICS - 800 - 1) * 10 + 1, 'the first ones in the file');
    const note = diagnostics.at(-1)!;
    assert.equal(note.code, 'more-findings');
    assert.match(note.message, new RegExp(`^${1600 - MAX_DIAGNOSTICS} more findings in this file are not shown`));
  });
});

describe('diagnostics kept from one publish to the next', () => {
  it('are what a fresh publish gives after every change: documents edited, added, removed, moved, over and under the cap', () => {
    const next = random(11);
    const severities: Severity[] = ['error', 'warning', 'information', 'hint'];
    // Documents get more findings while the file is under the cap, fewer while it is over: changes cross it both ways.
    let total = 0;
    const someFindings = () => Array.from({ length: Math.floor(next() * (total < MAX_DIAGNOSTICS ? 9 : 5)) }, (_, i) => finding(severities[Math.floor(next() * 4)]!, i));
    let documents = fileOf(Array.from({ length: 300 }, (_, i) => ({ findings: someFindings(), offset: i * 100, line: i * 10 })));
    const kept = new PublishedDiagnostics();
    let overTheCap = 0;
    for (let change = 0; change < 300; change++) {
      const list = documents.perDocument.slice();
      const at = Math.floor(next() * (list.length + 1));
      const kind = next();
      if (kind < 0.4 && at < list.length) list[at] = someFindings();
      else if (kind < 0.6) list.splice(at, 0, ...Array.from({ length: 1 + Math.floor(next() * 40) }, someFindings));
      else if (kind < 0.8) list.splice(at, 1 + Math.floor(next() * 40));
      // Otherwise nothing changed but the lines after `at`, as when a line is typed in a comment.
      const shift = kind >= 0.8 ? 1 : 0;
      documents = fileOf(list.map((findings, i) => ({ findings, offset: i * 100, line: i * 10 + (i > at ? shift : 0) })));
      total = documents.perDocument.reduce((sum, findings) => sum + findings.length, 0);
      const fresh = finish(fileDiagnostics(documents));
      assert.deepEqual(finish(kept.update(documents)), fresh, `after change ${change}`);
      if (fresh.length > MAX_DIAGNOSTICS) overTheCap++;
    }
    assert.ok(overTheCap > 50 && overTheCap < 250, `${overTheCap} of 300 over the cap`);
  });

  it('change nothing when a publish is dropped before its steps are done', () => {
    const documents = (count: number) => fileOf(Array.from({ length: count }, (_, i) => ({ findings: [finding('warning', 0)], offset: i * 100, line: i * 10 })));
    const kept = new PublishedDiagnostics();
    const first = documents(3);
    finish(kept.update(first));
    kept.update(documents(5)).next();
    assert.deepEqual(finish(kept.update(first)), finish(fileDiagnostics(first)));
  });
});

describe('findings around an offset', () => {
  it('are picked from the documents holding it and the one before, and placed in the file', () => {
    const text = POD('a') + POD('b') + POD('c');
    const analysis = analyzeText(text);
    const second = text.indexOf('image: app:latest', text.indexOf('name: b'));
    const seen: number[] = [];
    const around = placedAround(analysis.documentFindings, second, second, (findings, offset) => {
      seen.push(offset);
      return findings;
    });
    assert.deepEqual(seen, [0, text.indexOf('---', 1)], 'the first two documents only');
    assert.deepEqual(around, analysis.findings.filter((f) => f.offsets.start < text.indexOf('name: c')));
    assert.deepEqual(placedAround(NO_FILE_FINDINGS, 0, 10, (findings) => findings), []);
  });
});
