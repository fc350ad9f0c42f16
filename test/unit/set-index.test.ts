import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, prepareSetIndex, type KubeObject } from '../../server/src/analysis';
import { objectsOfKind, podOwners, selectedPodOwners, servicesSelecting } from '../../server/src/analysis/selectors';

/**
 * The cross-object lookups of a set (selectors.ts) answer the same whether the set's objects were
 * prepared ahead (as the workspace index does in the background) or are indexed cold.
 */
const MANIFESTS = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web, tier: front } }\n    spec: { containers: [{ name: web, image: "web:1.0.0" }] }\n',
  'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n',
  'apiVersion: v1\nkind: Service\nmetadata: { name: typo, namespace: shop }\nspec:\n  selector: { app: wbe }\n  ports: [{ port: 80 }]\n',
  'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: report }\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: { labels: { app: report } }\n        spec: { restartPolicy: Never, containers: [{ name: r, image: "r:1" }] }\n',
].join('---\n');

function lookups(set: readonly KubeObject[]) {
  const names = (objects: readonly KubeObject[]) => objects.map((object) => `${object.kind}/${object.name}`);
  const web = set.find((object) => object.kind === 'Deployment')!;
  return {
    services: names(objectsOfKind(set, 'Service', 'shop')),
    deployments: names(objectsOfKind(set, 'Deployment')),
    owners: names(podOwners(set, 'shop')),
    ownersDefault: names(podOwners(set, 'default')),
    selected: names(selectedPodOwners(set, 'shop', { app: 'web' })),
    selectedNone: names(selectedPodOwners(set, 'shop', { app: 'wbe' })),
    selecting: names(servicesSelecting(set, web)),
  };
}

describe('set index', () => {
  it('answers the same for objects prepared ahead and for cold ones', () => {
    const objectsOf = () => analyzeText(MANIFESTS, 'all.yaml').objects;
    const prepared = objectsOf();
    prepareSetIndex(prepared);
    const cold = lookups([...objectsOf()]);
    assert.deepEqual(lookups([...prepared]), cold);
    assert.deepEqual(cold.selected, ['Deployment/web']);
    assert.deepEqual(cold.selecting, ['Service/web']);
    assert.deepEqual(cold.ownersDefault, ['CronJob/report']);
  });
});
