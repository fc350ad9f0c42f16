import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../server/src/analysis';
import { StoriesHere } from '../../server/src/lsp/stories-here';
import { groupByStory } from '../../server/src/story-groups';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: web }\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n        - name: sidecar\n          image: proxy:2.0.0\n';

describe('stories that could happen here', () => {
  const reports = [
    { file: 'file:///ws/web.yaml', findings: analyzeText(DEPLOYMENT, 'web.yaml').findings },
  ];
  const here = new StoriesHere(reports);

  it('keeps the CLI\'s story order and counts, gathering the findings of one object', () => {
    const groups = groupByStory(reports);
    const stories = here.stories();
    assert.deepEqual(stories.map((s) => [s.story, s.relation, s.findingCount]), groups.map((g) => [g.story, g.relation, g.findings.length]));
    // Both containers lack memory limits and requests: several findings, one Deployment.
    const dfds = stories.find((s) => s.story === 'dfds-2022-prometheus-no-limits')!;
    assert.ok(dfds.findingCount >= 4, `findings: ${dfds.findingCount}`);
    assert.equal(dfds.objectCount, 1);
    const [object] = here.objectsOfStory('dfds-2022-prometheus-no-limits');
    assert.deepEqual(object!.object, { kind: 'Deployment', name: 'web', namespace: 'shop' });
    assert.equal(object!.uri, 'file:///ws/web.yaml');
    assert.deepEqual(new Set(object!.findings.map((f) => f.ruleId)), new Set(['requests-missing', 'memory-limit-missing']));
    assert.ok(object!.findings.every((f) => f.relation === 'cause'));
  });

  it('counts findings about a file itself (no object) as one object of that file', () => {
    const cited = reports[0]!.findings.find((f) => f.ruleId === 'memory-limit-missing')!;
    const { object: _dropped, ...aboutTheFile } = cited;
    const withFile = new StoriesHere([...reports, { file: 'file:///ws/other.yaml', findings: [aboutTheFile, { ...aboutTheFile, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } } }] }]);
    const objects = withFile.objectsOfStory('dfds-2022-prometheus-no-limits').filter((o) => o.uri === 'file:///ws/other.yaml');
    assert.equal(objects.length, 1);
    assert.equal(objects[0]!.object, undefined);
    assert.equal(objects[0]!.findings.length, 2);
    assert.equal(withFile.stories().find((s) => s.story === 'dfds-2022-prometheus-no-limits')!.objectCount, 2);
    assert.deepEqual(withFile.objectsOfStory('no-such-story'), []);
  });
});
