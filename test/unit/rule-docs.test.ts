import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULE_METAS, cite, RULES, ruleMeta } from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';
import { RULE_DOCS_DIR, renderAllRuleDocs, renderReadme, renderRuleDoc } from '../../scripts/rule-docs';
import { FIXTURES } from './rule-tester';

describe('rule docs and fixtures', () => {
  it('docs/rules is up to date (run `npm run docs`)', () => {
    for (const [path, content] of renderAllRuleDocs(catalogue())) {
      assert.ok(existsSync(path), `${path} is missing: run npm run docs`);
      assert.equal(readFileSync(path, 'utf8'), content, `${path} is stale: run npm run docs`);
    }
    assert.equal(readdirSync(RULE_DOCS_DIR).length, ALL_RULE_METAS.length + 1, 'docs of removed rules remain');
  });

  it('README lists every rule (run `npm run docs`)', () => {
    const readme = readFileSync('README.md', 'utf8');
    assert.equal(readme, renderReadme(readme, catalogue()), 'README.md rules table is stale: run npm run docs');
  });

  it('group the stories by relation with our note, and record the severity decision', () => {
    const doc = renderRuleDoc(cite({ ...ruleMeta('webhook-failure-policy')!, severity: 'warning' }, {
      rules: { 'webhook-failure-policy': { citations: [
        { story: 'dfds-2022-kyverno-webhook', relation: 'related', note: 'Same theme: a webhook that failed closed.' },
        { story: 'jetstack-2019-opa-webhook-outage', relation: 'cause', note: 'The "Root cause" section names the webhook failing closed.' },
      ] } },
    }), catalogue());
    const headings = doc.split('\n').filter((line) => line.startsWith('### ') || line.startsWith('#### ')).map((line) => line.replace(/\]\(.*$/, ''));
    assert.deepEqual(headings, [
      '### Caused outages at Jetstack (Venafi)',
      '#### Jetstack (Venafi) (2019): [How a simple admission webhook lead to a cluster outage',
      '### Related',
      '#### DFDS (2022): [PM2022-008 CRUD operations on K8s Service resources unavailable',
    ]);
    assert.match(doc, /\n\*\*Named as a cause:\*\* The "Root cause" section names the webhook failing closed\.\n/);
    assert.match(doc, /\n\*\*Why only related:\*\* Same theme: a webhook that failed closed\.\n/);
    assert.match(doc, /## Severity\n\nwarning: a postmortem names this setting as a cause or as the fix\.\n/);
    assert.doesNotMatch(doc, /No public postmortem/);
  });

  it('say plainly when no postmortem names the setting, and that the severity is capped', () => {
    const doc = renderRuleDoc(cite({ ...ruleMeta('webhook-failure-policy')!, severity: 'warning' }, {
      rules: { 'webhook-failure-policy': { citations: [{ story: 'dfds-2022-kyverno-webhook', relation: 'related', note: 'Same theme only.' }] } },
    }), catalogue());
    assert.match(doc, /\n_No public postmortem names this setting as a cause yet; related: DFDS 2022\._\n/);
    assert.match(doc, /Default severity: \*\*information\*\*/);
    assert.match(doc, /## Severity\n\ninformation \(capped from warning\): no public postmortem/);
  });

  it('every fixture folder belongs to a registered rule', () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    const folders = readdirSync(FIXTURES).filter((name) => name !== 'catalogue');
    assert.deepEqual(folders.filter((name) => !ids.has(name)), []);
  });

  it('rule titles are plain text: trees, SARIF and the CLI show them as they are', () => {
    for (const rule of ALL_RULE_METAS) assert.doesNotMatch(rule.title, /[`*_[\]<>]/, rule.id);
  });

  it('rule ids are unique kebab-case and match their file names', () => {
    const ids = ALL_RULE_METAS.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
      assert.ok(existsSync(join('server', 'src', 'analysis', 'rules', `${id}.ts`)), id);
    }
  });
});
