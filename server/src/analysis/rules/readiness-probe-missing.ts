import type { Rule } from '../rule';
import { containerAnchor, longRunningContainersWithout } from '../workload';

const rule: Rule = {
  id: 'readiness-probe-missing',
  title: 'Long-running container without a readiness probe',
  severity: 'information',
  why: 'Without a readiness probe a pod is put behind its Services as soon as its containers start, before it can serve, and stays there while it is stuck; rollouts also count it as available at once and move on.',
  fix: 'Add a `readinessProbe` that answers only when the container can serve requests (an HTTP endpoint, a TCP port or a gRPC health check).',
  scope: 'object',
  absence: true,
  check(object) {
    return longRunningContainersWithout(object, 'readinessProbe').map((container) => ({
      path: containerAnchor(container),
      target: 'pair' as const,
      message: `Container "${container.name}" has no readiness probe: Services and rollouts count it as ready as soon as it starts.`,
    }));
  },
};

export default rule;
