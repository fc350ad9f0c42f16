import { asArray, asRecord, type KubeObject, type Path } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { namespaceOf } from '../selectors';
import { onObjectReplaced } from '../set-caches';
import { stringRecord } from '../workload';

/** One host + path an Ingress routes, and where it says so. */
interface Claim { key: string; route: string; path: Path }

const CANARY = 'nginx.ingress.kubernetes.io/canary';

const rule: Rule = {
  id: 'ingress-host-conflict',
  title: 'Two Ingress rules claiming the same host and path',
  severity: 'warning',
  why: 'When two Ingresses route the same host and path, the ingress controller serves only one of them (which one depends on the controller and on creation order), so a deploy can silently take over or lose another team\'s traffic.',
  fix: 'Give each route a single owner: merge the two rules, or change the host or path of one. For a deliberate canary, use the controller\'s canary mechanism (e.g. `nginx.ingress.kubernetes.io/canary: "true"`).',
  scope: 'set',
  check(object, context) {
    if (!isIngress(object) || isCanary(object)) return [];
    const claimants = claimIndex(context.objects);
    const mine = claimsOf(object);
    return mine.flatMap((claim, index): Draft[] => {
      if (mine.slice(0, index).some((previous) => previous.key === claim.key)) {
        return [{ path: claim.path, message: `${claim.route} is routed twice in Ingress "${object.name}": only one rule takes effect.` }];
      }
      const rival = claimants.get(claim.key)?.find((other) => other !== object
        && precedes(other, object, claimants.order)
        && sameController(other, object)
        // Same name and namespace: variants of one object (Kustomize base and overlay), not two owners.
        && !(other.name === object.name && namespaceOf(other) === namespaceOf(object)));
      return rival
        ? [{ path: claim.path, message: `${claim.route} is also claimed by Ingress "${rival.name}"${namespaceOf(rival) === namespaceOf(object) ? '' : ` in namespace "${namespaceOf(rival)}"`}: the ingress controller serves only one of them.` }]
        : [];
    });
  },
};

/** Ingresses by the routes they claim, and their position in the set; built once per analysed set. */
type ClaimIndex = Map<string, KubeObject[]> & { order: Map<KubeObject, number> };
const indexes = new WeakMap<readonly KubeObject[], ClaimIndex>();

function claimIndex(objects: readonly KubeObject[]): ClaimIndex {
  let index = indexes.get(objects);
  if (index) return index;
  index = Object.assign(new Map<string, KubeObject[]>(), { order: new Map<KubeObject, number>() });
  for (const [position, object] of objects.entries()) {
    if (!isIngress(object) || isCanary(object)) continue;
    index.order.set(object, position);
    for (const claim of claimsOf(object)) index.set(claim.key, [...(index.get(claim.key) ?? []), object]);
  }
  indexes.set(objects, index);
  return index;
}

/** An Ingress replaced by one with the same claims takes its place; any other change to the claims forgets the set's index. */
onObjectReplaced((set, position, old, next) => {
  const index = indexes.get(set);
  if (!index || (!index.order.has(old) && !(isIngress(next) && !isCanary(next)))) return;
  const claims = index.order.has(old) && isIngress(next) && !isCanary(next) ? claimsOf(next).map((claim) => claim.key) : undefined;
  if (!claims || claims.join('\n') !== claimsOf(old).map((claim) => claim.key).join('\n')) {
    indexes.delete(set);
    return;
  }
  index.order.delete(old);
  index.order.set(next, position);
  for (const key of new Set(claims)) index.set(key, index.get(key)!.map((object) => (object === old ? next : object)));
});

function isIngress(object: KubeObject): boolean {
  return object.kind === 'Ingress' && /^(networking\.k8s\.io|extensions)\//.test(object.apiVersion);
}

function isCanary(object: KubeObject): boolean {
  return annotations(object)[CANARY] === 'true';
}

/** Ingresses of different classes are served by different controllers (an unset class counts as its own value). */
function sameController(a: KubeObject, b: KubeObject): boolean {
  const ingressClass = (object: KubeObject) => String(object.get(['spec', 'ingressClassName']) ?? annotations(object)['kubernetes.io/ingress.class'] ?? '');
  return ingressClass(a) === ingressClass(b);
}

function annotations(object: KubeObject): Record<string, string> {
  return stringRecord(asRecord(object.value.metadata)?.annotations);
}

/** The later of two conflicting Ingresses is flagged: ordered by file, then by position in the set. */
function precedes(a: KubeObject, b: KubeObject, order: Map<KubeObject, number>): boolean {
  return a.file !== b.file ? a.file < b.file : order.get(a)! < order.get(b)!;
}

/** Host + path pairs (host alone for a rule without paths); templated values are left out. */
function claimsOf(ingress: KubeObject): Claim[] {
  return asArray(ingress.get(['spec', 'rules'])).flatMap((item, i): Claim[] => {
    const rule = asRecord(item);
    if (!rule || (rule.host !== undefined && typeof rule.host !== 'string')) return [];
    const host = (rule.host as string | undefined) ?? '*';
    const paths = asArray(asRecord(rule.http)?.paths);
    if (paths.length === 0) {
      return rule.host === undefined || host.includes('{{') ? [] : [{ key: host, route: `Host "${host}"`, path: ['spec', 'rules', i, 'host'] }];
    }
    return paths.flatMap((entry, j): Claim[] => {
      const record = asRecord(entry);
      const route = record?.path ?? '/';
      if (typeof route !== 'string' || `${host}${route}`.includes('{{')) return [];
      // Exact and prefix matches of one path are different routes.
      const exact = record?.pathType === 'Exact' ? ' (exact)' : '';
      const at: Path = ['spec', 'rules', i, 'http', 'paths', j];
      return [{
        key: JSON.stringify([host, route, exact]),
        route: `${host === '*' ? 'Any host' : `Host "${host}"`}, path "${route}"${exact}`,
        path: record?.path === undefined ? at : [...at, 'path'],
      }];
    });
  });
}

export default rule;
