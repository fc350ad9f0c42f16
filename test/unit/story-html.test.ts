import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storyHtml } from '../../client/src/story-html';
import type { CitingRule, GetStoryResult } from '../../server/src/protocol';
import { catalogue } from '../../server/src/catalogue/catalogue';

const RESOURCES = { cspSource: 'vscode-resource:', styleUri: 'story.css', scriptUri: 'story.js', nonce: 'n0nce' };

function citing(id: string, relation: CitingRule['relation'], note: string): CitingRule {
  return { id, title: `Title of ${id}`, severity: 'warning', severityBasis: 'postmortem', why: 'Why.', fix: 'Fix.', stories: [], citations: [], relation, note };
}

describe('story view HTML', () => {
  const story = catalogue().story('jetstack-2019-opa-webhook-outage')!;

  it('lists the rules that cite the story with their relation and our note, in the order given', () => {
    const result: NonNullable<GetStoryResult> = { ...story, rules: [
      citing('webhook-failure-policy', 'cause', 'The "Root cause" section <names> it.'),
      citing('webhook-timeout', 'fix', 'The action items shorten `timeoutSeconds`.'),
      citing('liveness-probe-missing', 'related', 'Same theme only.'),
    ] };
    const html = storyHtml(result, new Map(), RESOURCES);
    const items = [...html.matchAll(/<li><span class="relation relation-(\w+)">([^<]+)<\/span> <button[^>]*data-rule="([^"]+)"[^>]*>[^<]*<\/button> <code>[^<]+<\/code><div class="note">(.*?)<\/div>/g)]
      .map((m) => [m[1], m[2], m[3], m[4]]);
    assert.deepEqual(items, [
      ['cause', 'Named as a cause', 'webhook-failure-policy', 'The &#34;Root cause&#34; section &#60;names&#62; it.'],
      ['fix', 'Named as the fix', 'webhook-timeout', 'The action items shorten <code>timeoutSeconds</code>.'],
      ['related', 'Related', 'liveness-probe-missing', 'Same theme only.'],
    ]);
  });

  it('says so when no rule cites the story', () => {
    assert.match(storyHtml({ ...story, rules: [] }, new Map(), RESOURCES), /No rule cites this story yet\./);
  });
});
