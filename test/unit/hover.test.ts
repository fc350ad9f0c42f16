import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';
import { fieldHover, findingsHover } from '../../server/src/lsp/hover';
import { storyFieldAt } from '../../server/src/lsp/field-at';

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

  it('leave the message out for a client that shows diagnostics in hovers itself', () => {
    const message = /has no CPU or memory requests/;
    assert.match(findingsHover(findings, catalogue(), { openStoryLinks: false }), message);
    assert.doesNotMatch(findingsHover(findings, catalogue(), { openStoryLinks: true, diagnosticsInHover: true }), message);
  });

  it('link "Open story" only for a client that asked for it', () => {
    assert.ok(!findingsHover(findings, catalogue(), { openStoryLinks: false }).includes('command:'));
    assert.match(findingsHover(findings, catalogue(), { openStoryLinks: true }), /\[Open story\]\(command:k8sFailureStories\.openStory\?%5B%22bluematador-2019-node-oom%22%5D\)/);
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
  });
});
