import { asRecord } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { longRunningContainers } from '../workload';

const PROBES = [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness']] as const;

const rule: Rule = {
  id: 'exec-probe',
  title: 'Probe that runs a command in the container',
  severity: 'hint',
  why: 'An `exec` probe makes the container runtime start a process in the container at every check: at short periods on busy nodes this costs CPU and memory in the container\'s cgroup, and checks that hang leave processes (zombies when nothing reaps them) behind.',
  fix: 'Prefer an `httpGet`, `tcpSocket` or `grpc` probe, which the kubelet runs from outside the container; keep `exec` for software that offers nothing else, with a generous `periodSeconds` and `timeoutSeconds`.',
  scope: 'object',
  check(object) {
    // Native sidecars included: they keep running and can have probes.
    return longRunningContainers(object).flatMap((container) =>
      PROBES.flatMap(([key, label]): Draft[] =>
        asRecord(container.value[key])?.exec === undefined
          ? []
          : [{
              path: [...container.path, key, 'exec'],
              target: 'key',
              message: `Container "${container.name}" runs its ${label} probe as a command (exec): every check starts a process inside the container.`,
            }],
      ),
    );
  },
};

export default rule;
