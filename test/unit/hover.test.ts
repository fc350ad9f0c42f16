import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, cite, ruleMeta } from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';
import { citationLines, fieldHover, findingsHover } from '../../server/src/lsp/hover';
import { storyFieldAt } from '../../server/src/lsp/field-at';
import { escapeMarkdown } from '../../server/src/lsp/markdown';

const MANIFEST = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: "<img src=x onerror=alert(1)> [x](javascript:alert(1))"\n      image: app:1.0.0\n';

describe('hover cards', () => {
  const findings = analyzeText(MANIFEST).findings.filter((f) => f.ruleId === 'requests-missing');

  it('escape user text so it can carry neither HTML nor links', () => {
    const card = findingsHover(findings, catalogue(), { openStoryLinks: false });
    // Every markup character of the name arrives backslash-escaped, so it renders as text.
    assert.doesNotMatch(card, /(^|[^\\])<img/);
    assert.doesNotMatch(card, /(^|[^\\])\[x(\\)?\]\(/);
    assert.match(card, /\\<img src=x onerror=alert\\\(1\\\)\\> \\\[x\\\]\\\(javascript\\:alert\\\(1\\\)\\\)/);
  });

  it('keep user text on one line whatever ends its lines, tabs as spaces, other control characters as U+FFFD', () => {
    for (const terminator of ['\n', '\r', '\r\n', '\u000b', '\u000c', '\u0085', '\u2028', '\u2029']) {
      assert.equal(escapeMarkdown(`web${terminator}# heading`), 'web \\# heading', JSON.stringify(terminator));
    }
    assert.equal(escapeMarkdown('a\tb\u0007c\u001b]8;;x\u0007d\u202ee\u0000'), 'a b\ufffdc\ufffd\\]8;;x\ufffdd\ufffde\ufffd');
  });

  it('make no Markdown blocks from a lone CR in a container name (repro hover-cr-markdown-blocks)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: "line1\\r===\\r\\r    indented code"\n    image: nginx:1.25\n';
    const found = analyzeText(text).findings.filter((f) => f.ruleId === 'requests-missing');
    assert.equal(found.length, 1);
    assert.ok(found[0]!.message.includes('line1\r===\r\r    indented code'), 'the name really holds CRs');
    const card = findingsHover(found, catalogue(), { openStoryLinks: false });
    const nameLine = card.split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/).find((line) => line.includes('line1'));
    assert.match(nameLine!, /line1 === {6}indented code/);
  });

  it('leave the message out for a client that shows diagnostics in hovers itself', () => {
    const message = /has no CPU or memory requests/;
    assert.match(findingsHover(findings, catalogue(), { openStoryLinks: false }), message);
    assert.doesNotMatch(findingsHover(findings, catalogue(), { openStoryLinks: true, diagnosticsInHover: true }), message);
  });

  it('link "Open story" only for a client that asked for it', () => {
    assert.ok(!findingsHover(findings, catalogue(), { openStoryLinks: false }).includes('command:'));
    const strongest = ruleMeta('requests-missing')!.stories[0]!;
    assert.ok(findingsHover(findings, catalogue(), { openStoryLinks: true }).includes(`[Open story](command:k8sFailureStories.openStory?%5B%22${strongest}%22%5D)`));
  });

  it('group the rule\'s stories by relation, strongest first, each with our note under it', () => {
    const rule = cite({ ...ruleMeta('webhook-failure-policy')!, severity: 'warning' }, {
      rules: { 'webhook-failure-policy': { citations: [
        { story: 'dfds-2022-kyverno-webhook', relation: 'related', note: 'Same theme: Kyverno failed closed.' },
        { story: 'dfds-2020-alcide-admission-timeouts', relation: 'fix', note: 'The action items scope the webhook.' },
        { story: 'jetstack-2019-opa-webhook-outage', relation: 'cause', note: 'The "Root cause" section names it.' },
      ] } },
    });
    const card = citationLines(rule, catalogue(), { openStoryLinks: false }).join('\n');
    const headings = card.split('\n').filter((line) => line.startsWith('**'));
    assert.deepEqual(headings, ['**Caused outages at Jetstack \\(Venafi\\)**', '**Fixed by this at DFDS**', '**Related**']);
    // Each note is the line after its story, which ends in a hard break so the note sits under it.
    const lines = card.split('\n');
    const jetstack = lines.findIndex((line) => line.startsWith('- Jetstack'));
    assert.ok(lines[jetstack]!.endsWith('\\'), lines[jetstack]);
    assert.equal(lines[jetstack + 1], '  _The "Root cause" section names it\\._');
    assert.doesNotMatch(card, /No public postmortem/);
  });

  it('say so plainly when no postmortem names the setting, and what an API rule\'s severity rests on', () => {
    const related = [{ story: 'dfds-2022-kyverno-webhook', relation: 'related' as const, note: 'Same theme only.' }];
    const asked = { ...ruleMeta('webhook-failure-policy')!, severity: 'error' as const };
    const uncited = citationLines(cite(asked, { rules: { 'webhook-failure-policy': { citations: related } } }), catalogue(), { openStoryLinks: false }).join('\n');
    assert.match(uncited, /^_No public postmortem names this setting as a cause yet; related\\: DFDS 2022\\. Its default severity is capped at information until one does\\._$/m);
    assert.doesNotMatch(uncited, /rests on the API/);
    const api = citationLines(cite(asked, { rules: { 'webhook-failure-policy': { basis: 'api', citations: related } } }), catalogue(), { openStoryLinks: false }).join('\n');
    assert.match(api, /^_Its severity rests on the API\\: Kubernetes itself rejects or silently drops what this rule flags\\. No public postmortem/m);
    assert.doesNotMatch(api, /capped/);
  });

  it('lead a finding\'s card with its rule\'s strongest story', () => {
    const finding = analyzeText(MANIFEST).findings.find((f) => f.ruleId === 'requests-missing')!;
    const card = findingsHover([finding], catalogue(), { openStoryLinks: true });
    const strongest = catalogue().story(ruleMeta('requests-missing')!.stories[0]!)!;
    const firstStory = card.split('\n').find((line) => line.startsWith('- '));
    assert.ok(firstStory?.startsWith(`- ${strongest.organization.replace(/\./g, '\\.')} · ${strongest.year}`), firstStory);
  });

  it('show the stories that involve a field, newest first, with a count', () => {
    const card = fieldHover('concurrencyPolicy', catalogue(), { openStoryLinks: false })!;
    assert.match(card, /^\*\*\d+ failure stories involve `concurrencyPolicy`\*\*/);
    assert.equal(fieldHover('someRandomField', catalogue(), { openStoryLinks: false }), undefined);
  });

  it('find the story field under the cursor: a key, or a named option value', () => {
    const text = 'spec:\n  livenessProbe:\n    httpGet: {}\n  dnsConfig:\n    options:\n      - name: ndots\n        value: "2"\n';
    assert.equal(storyFieldAt(text, text.indexOf('livenessProbe') + 3), 'livenessProbe');
    assert.equal(storyFieldAt(text, text.indexOf('ndots') + 2), 'ndots');
    assert.equal(storyFieldAt(text, text.indexOf('httpGet') + 2), undefined);
    // Lines that end in CR or CRLF, and the first line.
    for (const eol of ['\r', '\r\n']) {
      const other = text.replaceAll('\n', eol);
      assert.equal(storyFieldAt(other, other.indexOf('livenessProbe') + 3), 'livenessProbe');
      assert.equal(storyFieldAt(other, other.indexOf('ndots') + 2), 'ndots');
    }
    assert.equal(storyFieldAt('livenessProbe: {}\n', 0), 'livenessProbe');
  });
});
