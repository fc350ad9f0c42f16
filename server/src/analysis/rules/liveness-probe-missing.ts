import type { Rule } from '../rule';
import { containerAnchor, longRunningContainersWithout } from '../workload';

const rule: Rule = {
  id: 'liveness-probe-missing',
  title: 'Long-running container without a liveness probe',
  severity: 'information',
  why: 'A process that hangs without exiting keeps its pod Running forever; nothing restarts it, and everything that depends on it waits.',
  fix: 'Add a `livenessProbe` that checks the process itself (not its dependencies), more tolerant than the readiness probe.',
  scope: 'object',
  absence: true,
  check(object) {
    return longRunningContainersWithout(object, 'livenessProbe').map((container) => ({
      path: containerAnchor(container),
      target: 'pair' as const,
      message: `Container "${container.name}" has no liveness probe: if it hangs, Kubernetes will not restart it.`,
    }));
  },
};

export default rule;
