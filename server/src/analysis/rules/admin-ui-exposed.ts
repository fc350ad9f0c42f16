import { asArray, asRecord, type KubeObject, type Path } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { namespaceOf, objectsOfKind, selectedPodOwners } from '../selectors';
import { containers, stringRecord } from '../workload';
import { isPublicLoadBalancer } from './loadbalancer-unrestricted';

/** Admin UIs that act on the cluster for whoever reaches them, by image repository (registry and tag stripped). */
const ADMIN_UIS: { label: string; image: RegExp; power: string }[] = [
  { label: 'Weave Scope', image: /(^|\/)weaveworks\/scope$/, power: 'anyone who reaches it can open a shell in any container of the cluster' },
  {
    label: 'the Kubernetes Dashboard',
    image: /(^|\/)(kubernetesui\/dashboard(-web|-api|-auth)?|kubernetes-dashboard-(amd64|arm64|arm|ppc64le|s390x))$/,
    power: 'anyone who reaches it can act on the cluster with the access given to the dashboard',
  },
];

/** Ingress annotations that put authentication or an address allow-list in front of the backends. */
const GUARD_ANNOTATION = /\/(auth-url|auth-type|whitelist-source-range|allowlist-source-range)$/;

const rule: Rule = {
  id: 'admin-ui-exposed',
  title: 'Cluster admin UI exposed outside the cluster',
  severity: 'error',
  why: 'Cluster dashboards such as Weave Scope and the Kubernetes Dashboard can run commands in containers or change objects; exposed through a public load balancer, node port or Ingress, Weave Scope let attackers start a cryptominer on JW Player\'s clusters.',
  fix: 'Keep admin UIs on a `ClusterIP` Service and reach them with `kubectl port-forward` or `kubectl proxy`, or put them behind an authenticating proxy; at least restrict `loadBalancerSourceRanges` or make the load balancer internal.',
  scope: 'set',
  check(object, context) {
    if (object.kind === 'Service' && object.apiVersion === 'v1') {
      const type = object.get(['spec', 'type']);
      if (type === 'NodePort' || (type === 'LoadBalancer' && isPublicLoadBalancer(object))) {
        const ui = adminUiBehind(object, context.objects);
        return ui ? [{
          path: ['spec', 'type'],
          message: `Service "${object.name}" exposes ${ui.label} (${ui.owner.kind} "${ui.owner.name}") through a ${String(type)}: ${ui.power}.`,
        }] : [];
      }
      return [];
    }
    if (object.kind !== 'Ingress') return [];
    const annotations = Object.keys(stringRecord(asRecord(object.value.metadata)?.annotations));
    if (annotations.some((key) => GUARD_ANNOTATION.test(key))) return [];
    return backendServiceNames(object).flatMap(({ name, path }): Draft[] => {
      const service = objectsOfKind(context.objects, 'Service', namespaceOf(object))
        .find((candidate) => candidate.apiVersion === 'v1' && candidate.name === name);
      const ui = service && adminUiBehind(service, context.objects);
      return ui ? [{ path, message: `Ingress "${object.name}" routes to Service "${name}", which serves ${ui.label}: ${ui.power}.` }] : [];
    });
  },
};

function adminUiBehind(service: KubeObject, objects: readonly KubeObject[]) {
  for (const owner of selectedPodOwners(objects, namespaceOf(service), service.get(['spec', 'selector']))) {
    for (const container of containers(owner)) {
      const repository = imageRepository(container.value.image);
      const ui = repository && ADMIN_UIS.find((candidate) => candidate.image.test(repository));
      if (ui) return { ...ui, owner };
    }
  }
  return undefined;
}

/** `registry/path/name` of an image reference, without tag or digest. */
function imageRepository(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** Backend service names of an Ingress (networking.k8s.io/v1 and the older extensions form) with their paths. */
function backendServiceNames(ingress: KubeObject): { name: string; path: Path }[] {
  const backends: Path[] = [['spec', 'defaultBackend'], ['spec', 'backend']];
  asArray(ingress.get(['spec', 'rules'])).forEach((rule, i) => {
    asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((_, j) => backends.push(['spec', 'rules', i, 'http', 'paths', j, 'backend']));
  });
  return backends.flatMap((backend) => {
    for (const path of [[...backend, 'service', 'name'], [...backend, 'serviceName']]) {
      const name = ingress.get(path);
      if (typeof name === 'string') return [{ name, path }];
    }
    return [];
  });
}

export default rule;
