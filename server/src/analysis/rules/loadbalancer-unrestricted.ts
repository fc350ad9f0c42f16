import { asArray, asRecord, type KubeObject } from '../kube-object';
import type { Rule } from '../rule';
import { stringRecord } from '../workload';

/** Annotations that make the cloud create a load balancer on the private network, and the value that does it. */
const INTERNAL_ANNOTATIONS: Record<string, string> = {
  'networking.gke.io/load-balancer-type': 'internal',
  'cloud.google.com/load-balancer-type': 'internal',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
};
/** The in-tree AWS provider treats any value but "false" as internal (older docs used "0.0.0.0/0"). */
const AWS_INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';
/** Annotation form of `loadBalancerSourceRanges`, still honoured by the cloud providers. */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

export function isInternalLoadBalancer(service: KubeObject): boolean {
  const annotations = stringRecord(asRecord(service.value.metadata)?.annotations);
  const aws = annotations[AWS_INTERNAL];
  if (aws !== undefined && aws !== '' && aws.toLowerCase() !== 'false') return true;
  return Object.entries(INTERNAL_ANNOTATIONS).some(([key, value]) => annotations[key]?.toLowerCase() === value);
}

/** The source ranges a LoadBalancer Service admits, from the field or its annotation (empty: unrestricted). */
export function loadBalancerSourceRanges(service: KubeObject): string[] {
  const field = asArray(service.get(['spec', 'loadBalancerSourceRanges'])).map(String);
  if (field.length > 0) return field;
  const annotation = stringRecord(asRecord(service.value.metadata)?.annotations)[SOURCE_RANGES_ANNOTATION];
  return (annotation ?? '').split(',').map((range) => range.trim()).filter(Boolean);
}

/** Whether anyone on the internet can reach the load balancer (explicit 0.0.0.0/0 included). */
export function isPublicLoadBalancer(service: KubeObject): boolean {
  if (isInternalLoadBalancer(service)) return false;
  const ranges = loadBalancerSourceRanges(service);
  return ranges.length === 0 || ranges.some((range) => ANYWHERE.has(range));
}

const rule: Rule = {
  id: 'loadbalancer-unrestricted',
  title: 'LoadBalancer Service open to the internet',
  severity: 'warning',
  why: 'A `LoadBalancer` Service without source ranges or an internal annotation gets a public address that admits everyone; firewall rules added by hand on the cloud side are overwritten by Kubernetes (how JW Player\'s Weave Scope became a way in for a cryptominer).',
  fix: 'List the allowed CIDRs in `spec.loadBalancerSourceRanges`, or make the load balancer internal with your cloud\'s annotation (`networking.gke.io/load-balancer-type: Internal`, `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`, `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`). For a service meant to be public, say so with `loadBalancerSourceRanges: ["0.0.0.0/0"]`.',
  scope: 'object',
  absence: true,
  check(object) {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1' || object.get(['spec', 'type']) !== 'LoadBalancer') return [];
    // Any explicit range, 0.0.0.0/0 included, is a deliberate decision.
    if (isInternalLoadBalancer(object) || loadBalancerSourceRanges(object).length > 0) return [];
    return [{
      path: ['spec', 'type'],
      message: `Service "${object.name}" gets a load balancer that admits any address: it has no loadBalancerSourceRanges and no internal load balancer annotation.`,
    }];
  },
};

export default rule;
