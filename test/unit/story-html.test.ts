import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inWorkspaceHtml, storyHtml, type InWorkspace } from '../../client/src/story-html';
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

describe('story view: In this workspace', () => {
  const here = (objects: InWorkspace['objects'], scope: InWorkspace['scope'] = 'workspace', total = objects.length): InWorkspace => ({ scope, checking: false, total, objects });

  it('lists each object with its location, rules and relation, the button naming it by index only', () => {
    const html = inWorkspaceHtml(here([
      { label: 'Deployment web', location: 'k8s/web.yaml:12', findings: [{ ruleId: 'prestop-hook-missing', relation: 'fix' }] },
      { label: 'Deployment api', location: 'k8s/api.yaml:3', findings: [{ ruleId: 'requests-missing', relation: 'related' }, { ruleId: 'requests-missing', relation: 'related' }] },
    ]));
    assert.match(html, /^<p>The rules citing this story fire on 2 objects in this workspace's YAML files:<\/p>/);
    const items = [...html.matchAll(/<li><button type="button" class="link" data-object="(\d+)"[^>]*>([^<]+)<\/button> <span class="location">([^<]+)<\/span> (.*?)<\/li>/g)].map((m) => m.slice(1));
    assert.deepEqual(items, [
      ['0', 'Deployment web', 'k8s/web.yaml:12', '<code>prestop-hook-missing</code> <span class="relation relation-fix">fix</span>'],
      ['1', 'Deployment api', 'k8s/api.yaml:3', '<code>requests-missing</code> <span class="relation relation-related">related</span>'],
    ]);
  });

  it('escapes what comes from the manifests (object names, file names)', () => {
    const html = inWorkspaceHtml(here([{ label: 'Pod <img src=x onerror=alert(1)>', location: 'a"b/<x>.yaml:1', findings: [{ ruleId: 'run-as-root', relation: 'cause' }] }]));
    assert.doesNotMatch(html, /<img|<x>/);
    assert.match(html, /Pod &#60;img src=x onerror=alert\(1\)&#62;/);
    assert.match(html, /a&#34;b\/&#60;x&#62;\.yaml:1/);
  });

  it('says nothing is here, offers Check Workspace when only open files were checked, and counts what is not listed', () => {
    assert.match(inWorkspaceHtml(here([])), /<p class="nothing-here">Nothing here: no rule citing this story fires in this workspace's YAML files\.<\/p>$/);
    const open = inWorkspaceHtml(here([], 'openFiles'));
    assert.match(open, /fires in the open files\./);
    assert.match(open, /<button type="button" class="secondary" data-check-workspace>Check Workspace<\/button>/);
    assert.match(inWorkspaceHtml(here([{ label: 'Pod p', location: 'p.yaml:1', findings: [{ ruleId: 'run-as-root', relation: 'cause' }] }], 'workspace', 3)), /and 2 more, not listed\./);
    assert.match(inWorkspaceHtml(undefined), /did not answer/);
  });

  it('is a section of the story page', () => {
    const story = catalogue().story('jetstack-2019-opa-webhook-outage')!;
    assert.match(storyHtml({ ...story, rules: [] }, new Map(), RESOURCES, here([])), /<section><h2>In this workspace<\/h2><div id="in-workspace"><p class="nothing-here">/);
  });
});
