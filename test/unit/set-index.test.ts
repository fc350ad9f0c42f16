import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, prepareSetIndex, type KubeObject } from '../../server/src/analysis';
import { objectsOfKind, podOwners, selectedPodOwners, servicesSelecting } from '../../server/src/analysis/selectors';
import { composedSet, replaceInSet } from '../../server/src/analysis/set-caches';

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

function lookups(set: readonly KubeObject[], names = (objects: readonly KubeObject[]) => objects.map((object) => `${object.kind}/${object.name}`)) {
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

  it('answers the same for a file\'s objects composed with the other files\' (their lookups kept) as for the whole set; swaps leave the others\' lookups alone', () => {
    const own = analyzeText(MANIFESTS, 'own.yaml').objects;
    // Another file with the same names and more: the lists of both files meet under the same keys.
    const others = analyzeText(`${MANIFESTS}---\n${MANIFESTS.replaceAll('web', 'api')}`, 'others.yaml').objects;
    const placed = (objects: readonly KubeObject[]) => objects.map((object) => `${object.file}:${object.kind}/${object.name}`);
    const othersAlone = lookups(others, placed);
    const composed = [...own, ...others];
    composedSet(composed, own.length, others);
    const whole = lookups([...own, ...others], placed);
    assert.deepEqual(lookups(composed, placed), whole);
    assert.deepEqual(whole.selected, ['own.yaml:Deployment/web', 'others.yaml:Deployment/web']);

    const edited = analyzeText(MANIFESTS.replace('web:1.0.0', 'web:1.0.1'), 'own.yaml').objects[0]!;
    replaceInSet(composed, 0, edited);
    assert.equal(objectsOfKind(composed, 'Deployment', 'shop')[0], edited);
    assert.deepEqual(lookups(others, placed), othersAlone);
    assert.ok(!objectsOfKind(others, 'Deployment', 'shop').includes(edited));
  });
});
