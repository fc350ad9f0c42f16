import type { Catalogue } from './catalogue';
import type { Story } from './story';

/**
 * Manifest fields that public stories involve, and how to recognise those stories in the
 * catalogue's own text. Hovering such a field shows the stories even when nothing is wrong.
 */
const FIELD_PATTERNS: Record<string, RegExp> = {
  livenessProbe: /liveness/i,
  readinessProbe: /readiness/i,
  ndots: /ndots/i,
  dnsConfig: /ndots|dns/i,
  dnsPolicy: /dns/i,
  concurrencyPolicy: /cron ?job/i,
  startingDeadlineSeconds: /cron ?job/i,
  activeDeadlineSeconds: /\bjobs?\b|cron ?job/i,
  failurePolicy: /webhook/i,
  timeoutSeconds: /webhook/i,
  namespaceSelector: /webhook/i,
  resources: /\blimits?\b|requests?\b|oom|throttl/i,
  limits: /\blimits?\b|oom|throttl/i,
  requests: /\brequests\b|resource requests/i,
  priorityClassName: /priorit|preempt/i,
  preemptionPolicy: /priorit|preempt/i,
  externalTrafficPolicy: /externalTrafficPolicy|traffic policy/i,
  imagePullPolicy: /imagePullPolicy|image pull/i,
  replicas: /replica/i,
  preStop: /sigterm|graceful|prestop/i,
  terminationGracePeriodSeconds: /sigterm|graceful|prestop/i,
  podAntiAffinity: /anti-?affinity|same (node|host)/i,
  topologySpreadConstraints: /anti-?affinity|same (node|host)|spread/i,
  hostNetwork: /hostnetwork|host network/i,
  loadBalancerSourceRanges: /load ?balancer/i,
  nodeSelector: /node-role|master label|nodeselector/i,
};

export function isStoryField(name: string): boolean {
  return Object.hasOwn(FIELD_PATTERNS, name);
}

/** Stories whose text involves `field`, newest first. */
export function storiesInvolving(catalogue: Catalogue, field: string): Story[] {
  const pattern = FIELD_PATTERNS[field];
  if (!pattern) return [];
  return catalogue.stories
    .filter((story) => pattern.test([story.title, story.involved.join(' '), story.impact, story.summary].join(' ')))
    .sort((a, b) => b.year - a.year);
}
