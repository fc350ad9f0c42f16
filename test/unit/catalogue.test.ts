import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALL_RULE_METAS } from '../../server/src/analysis';
import { Catalogue, catalogue } from '../../server/src/catalogue/catalogue';
import { validate, type Schema } from '../../server/src/catalogue/schema';
import data from '../../data/stories.json';
import schema from '../../data/stories.schema.json';

const ids = (query: string) => catalogue().search(query).map((story) => story.id);

describe('catalogue data', () => {
  it('validates against its JSON schema', () => {
    assert.deepEqual(validate(data, schema as Schema), []);
  });

  it('has unique ids and URLs, absolute http(s) URLs, summaries and lessons', () => {
    const stories = catalogue().stories;
    assert.equal(new Set(stories.map((s) => s.id)).size, stories.length);
    assert.equal(new Set(stories.map((s) => s.url)).size, stories.length);
    for (const story of stories) {
      assert.match(story.url, /^https?:\/\/[^\s]+$/, story.id);
      assert.ok(story.summary.length > 40, `${story.id} needs a summary`);
      assert.ok(story.lessons.length >= 1 && story.lessons.length <= 3, `${story.id} needs 1-3 lessons`);
    }
  });

  it('covers at least 80 stories, 40 of them read from the postmortem itself', () => {
    assert.ok(catalogue().stories.length >= 80);
    assert.ok(catalogue().stories.filter((s) => s.evidence === 'read').length >= 40);
  });

  it('contains every story of the k8s.af list as of 2020', () => {
    const urls = readFileSync('test/fixtures/catalogue/k8s-af-2020-urls.txt', 'utf8').trim().split('\n');
    assert.equal(urls.length, 50);
    const known = new Set(catalogue().stories.map((s) => s.url));
    assert.deepEqual(urls.filter((url) => !known.has(url)), []);
  });

  it('uses only categories of its taxonomy', () => {
    const taxonomy = new Set(catalogue().categories.map((c) => c.id));
    for (const story of catalogue().stories) for (const category of story.categories) assert.ok(taxonomy.has(category), `${story.id}: ${category}`);
  });

  it('backs every rule with at least one existing story, unless its severity rests on the API', () => {
    for (const rule of ALL_RULE_METAS) {
      assert.ok(rule.stories.length > 0 || rule.severityBasis === 'api', rule.id);
      for (const id of rule.stories) assert.ok(catalogue().story(id), `${rule.id} cites unknown story ${id}`);
    }
  });

  it('rejects an invalid catalogue with a clear message', () => {
    assert.throws(() => new Catalogue({ categories: [], stories: [{ id: 'x' }] }), /catalogue is invalid[\s\S]*missing title/);
  });
});

describe('catalogue search', () => {
  it('finds the ndots stories: Zalando CoreDNS and Toyota Connected', () => {
    const found = ids('ndots');
    assert.ok(found.includes('zalando-2019-coredns-total-outage'), found.join());
    assert.ok(found.includes('toyota-connected-2018-dns-storm'), found.join());
  });

  it('finds Jetstack for "webhook", Omio for "throttl", both Monzo stories for "monzo"', () => {
    assert.ok(ids('webhook').includes('jetstack-2019-opa-webhook-outage'));
    assert.ok(ids('throttl').includes('omio-2020-cpu-throttling'));
    const monzo = ids('monzo');
    assert.ok(monzo.includes('monzo-2017-payments-outage') && monzo.includes('monzo-2018-anatomy-talk'), monzo.join());
  });

  it('forgives typos: "conntrak" still finds the conntrack stories', () => {
    const found = ids('conntrak');
    for (const id of ['loveholidays-2020-conntrack', 'preply-2020-dns-conntrack']) assert.ok(found.includes(id), `${id} in ${found.join()}`);
  });

  it('lists the whole catalogue for an empty query', () => {
    assert.equal(catalogue().search('', 1000).length, catalogue().stories.length);
  });
});
