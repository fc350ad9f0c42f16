import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_RULE_METAS, analyzeText, CITATIONS, cite, readCitations, RULES, SEVERITIES, type CitationsData, type CitedRule, type Rule, type RuleTexts,
} from '../../server/src/analysis';
import { catalogue } from '../../server/src/catalogue/catalogue';
import { citationGroups, citationProblems, citingRules, noCauseStatement, severityDecision } from '../../server/src/catalogue/rule-evidence';
import { validate, type Schema } from '../../server/src/catalogue/schema';
import data from '../../data/citations.json';
import schema from '../../data/citations.schema.json';

const READ = 'jetstack-2019-opa-webhook-outage';
/** Any story known only from a listing (research upgrades stories to `read`, so none is named here). */
const LISTING = catalogue().stories.find((story) => story.evidence === 'listing')?.id ?? '';
const TEXTS: RuleTexts = { id: 'test-rule', title: 'A test rule', severity: 'warning', why: 'Why.', fix: 'Fix.' };
const note = 'Section 2 names the setting.';
const ids = ALL_RULE_METAS.map((rule) => rule.id);

describe('citations data', () => {
  it('validates against its JSON schema', () => {
    assert.deepEqual(validate(data, schema as Schema), []);
  });

  it('cites only known rules and stories, gives every rule a citation, and rests cause/fix only on stories that were read', () => {
    assert.equal(catalogue().story(READ)?.evidence, 'read', 'fixture precondition');
    assert.ok(LISTING, 'fixture precondition: the catalogue has a listing-only story');
    assert.deepEqual(citationProblems(CITATIONS, ids, catalogue()), []);
  });

  it('backs every warning or error with a cause/fix story or the API: the cap leaves none without', () => {
    for (const rule of ALL_RULE_METAS) {
      if (SEVERITIES.indexOf(rule.severity) > SEVERITIES.indexOf('warning')) continue;
      assert.notEqual(rule.severityBasis, 'uncited', `${rule.id} is a ${rule.severity} that no postmortem backs`);
      const causeOrFix = rule.citations.some((c) => c.relation !== 'related');
      assert.ok(causeOrFix || CITATIONS.rules[rule.id]?.basis === 'api', rule.id);
    }
  });

  it('marks the rules about what the API rejects or drops with basis "api"', () => {
    for (const id of ['yaml-syntax', 'unrendered-template', 'api-version-removed']) assert.equal(CITATIONS.rules[id]?.basis, 'api', id);
  });
});

describe('citation checks', () => {
  const valid = (rules: Record<string, unknown>) => ({ $schema: './citations.schema.json', rules });

  it('reject a link without a relation or a note, an unknown relation, and a note too long to be ours', () => {
    const cases: [unknown, RegExp][] = [
      [valid({ 'test-rule': { citations: [{ story: READ, note }] } }), /citations\[0\]: missing relation/],
      [valid({ 'test-rule': { citations: [{ story: READ, relation: 'cause' }] } }), /citations\[0\]: missing note/],
      [valid({ 'test-rule': { citations: [{ story: READ, relation: 'proves', note }] } }), /relation: must be one of cause, fix, related/],
      [valid({ 'test-rule': { citations: [{ story: READ, relation: 'cause', note: 'x'.repeat(241) }] } }), /note: longer than 240/],
      [valid({ 'test-rule': { basis: 'folklore', citations: [{ story: READ, relation: 'related', note }] } }), /basis: must be one of api/],
      [valid({ 'Test Rule': { citations: [{ story: READ, relation: 'related', note }] } }), /Test Rule \(name\): does not match/],
    ];
    for (const [raw, message] of cases) {
      assert.throws(() => readCitations(raw), (error: Error) => /data\/citations\.json\) are invalid/.test(error.message) && message.test(error.message), String(message));
    }
  });

  it('report unknown rules and stories, rules without citations, duplicates and cause/fix on a listing story', () => {
    const bad: CitationsData = {
      rules: {
        'test-rule': { citations: [
          { story: LISTING, relation: 'cause', note },
          { story: READ, relation: 'fix', note },
          { story: READ, relation: 'related', note },
          { story: 'no-such-story', relation: 'related', note },
        ] },
        'no-such-rule': { citations: [{ story: READ, relation: 'related', note }] },
        'empty-rule': { citations: [] },
        'api-rule': { basis: 'api', citations: [] },
      },
    };
    assert.deepEqual(citationProblems(bad, ['test-rule', 'uncited-rule', 'empty-rule', 'api-rule'], catalogue()), [
      'no-such-rule: no such rule',
      'uncited-rule: cites no story',
      'empty-rule: cites no story',
      `test-rule: cause rests on ${LISTING}, whose postmortem was not read (evidence: listing)`,
      `test-rule: cites ${READ} twice`,
      'test-rule: cites unknown story no-such-story',
    ]);
  });
});

describe('a cited rule', () => {
  const entry = (citations: CitationsData['rules'][string]['citations'], basis?: 'api'): CitationsData => ({ rules: { 'test-rule': { ...(basis ? { basis } : {}), citations } } });

  it('lists its citations strongest first, in data order within a relation, and derives its story ids from them', () => {
    const rule = cite(TEXTS, entry([
      { story: 'a', relation: 'related', note },
      { story: 'b', relation: 'fix', note },
      { story: 'c', relation: 'cause', note },
      { story: 'd', relation: 'related', note },
      { story: 'e', relation: 'cause', note },
    ]));
    assert.deepEqual(rule.citations.map((c) => `${c.relation}:${c.story}`), ['cause:c', 'cause:e', 'fix:b', 'related:a', 'related:d']);
    assert.deepEqual(rule.stories, ['c', 'e', 'b', 'a', 'd']);
  });

  it('keeps its severity with a cause or fix story, or with basis "api"; is capped at information otherwise', () => {
    const related = [{ story: READ, relation: 'related' as const, note }];
    assert.deepEqual(pick(cite(TEXTS, entry([{ story: READ, relation: 'fix', note }]))), ['warning', 'warning', 'postmortem']);
    assert.deepEqual(pick(cite(TEXTS, entry(related, 'api'))), ['warning', 'warning', 'api']);
    assert.deepEqual(pick(cite(TEXTS, entry(related))), ['information', 'warning', 'uncited']);
    assert.deepEqual(pick(cite({ ...TEXTS, severity: 'error' }, { rules: {} })), ['information', 'error', 'uncited']);
    assert.deepEqual(pick(cite({ ...TEXTS, severity: 'hint' }, entry(related))), ['hint', 'hint', 'uncited']);
  });

  it('says plainly when no postmortem names its setting, and why its severity is what it is', () => {
    const related = cite(TEXTS, entry([{ story: READ, relation: 'related', note }]));
    assert.equal(noCauseStatement(related, catalogue()), 'No public postmortem names this setting as a cause yet; related: Jetstack (Venafi) 2019.');
    assert.match(severityDecision(related), /^information \(capped from warning\): no public postmortem names this setting as a cause yet/);
    const api = cite(TEXTS, entry([{ story: READ, relation: 'related', note }], 'api'));
    assert.match(severityDecision(api), /^warning: Kubernetes itself rejects or silently drops what this rule flags/);
    const cause = cite(TEXTS, entry([{ story: READ, relation: 'cause', note }]));
    assert.equal(noCauseStatement(cause, catalogue()), undefined);
    assert.match(severityDecision(cause), /^warning: a postmortem names this setting as a cause or as the fix/);
  });

  it('groups its stories under "Caused outages at …", "Fixed by this at …" and "Related"', () => {
    const rule = cite(TEXTS, entry([
      { story: 'zalando-2019-kubecon-failure-stories', relation: 'related', note },
      { story: READ, relation: 'cause', note },
      { story: 'dfds-2022-kyverno-webhook', relation: 'fix', note },
      { story: 'dfds-2020-alcide-admission-timeouts', relation: 'fix', note },
    ]));
    assert.deepEqual(citationGroups(rule, catalogue()).map((g) => [g.heading, g.items.map((i) => i.story.id)]), [
      ['Caused outages at Jetstack (Venafi)', [READ]],
      ['Fixed by this at DFDS', ['dfds-2022-kyverno-webhook', 'dfds-2020-alcide-admission-timeouts']],
      ['Related', ['zalando-2019-kubecon-failure-stories']],
    ]);
  });

  it("caps a finding's own severity too, unless the user overrides it", () => {
    const loud = cite({
      ...TEXTS, scope: 'object',
      check: (object) => (object.kind === 'CronJob' ? [{ path: ['spec'], message: 'loud', severity: 'error' as const }] : []),
    } satisfies Rule, entry([{ story: READ, relation: 'related', note }]));
    (RULES as CitedRule[]).push(loud);
    try {
      const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  schedule: "* * * * *"\n';
      const finding = () => analyzeText(cron).findings.find((f) => f.ruleId === 'test-rule');
      assert.equal(finding()?.severity, 'information');
      assert.deepEqual(finding()?.citations, [{ story: READ, relation: 'related' }]);
      assert.equal(analyzeText(cron, 'cron.yaml', { rules: { 'test-rule': 'error' } }).findings.find((f) => f.ruleId === 'test-rule')?.severity, 'error');
    } finally {
      (RULES as CitedRule[]).pop();
    }
  });
});

describe('citing rules of a story', () => {
  it('lists every rule that cites the story, strongest relation first', () => {
    for (const story of catalogue().stories) {
      const citing = citingRules(story.id);
      const expected = ALL_RULE_METAS.flatMap((rule) => rule.citations.filter((c) => c.story === story.id).map((c) => `${rule.id}:${c.relation}`));
      assert.deepEqual(citing.map(({ rule, citation }) => `${rule.id}:${citation.relation}`).sort(), expected.sort(), story.id);
      const order = citing.map(({ citation }) => ['cause', 'fix', 'related'].indexOf(citation.relation));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), story.id);
    }
  });
});

function pick(rule: { severity: string; declaredSeverity: string; severityBasis: string }): string[] {
  return [rule.severity, rule.declaredSeverity, rule.severityBasis];
}
