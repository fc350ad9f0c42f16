import { probeTiming } from '../defaults';
import { setInMap } from '../edit';
import { asArray, asRecord } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { longRunningContainers } from '../workload';

/** What a probe checks, as a comparable key and a readable label; undefined when it cannot be told. */
interface Handler { key: string; label: string }

const rule: Rule = {
  id: 'liveness-equals-readiness',
  title: 'Liveness probe that is a copy of the readiness probe',
  severity: 'warning',
  why: 'When liveness runs the same check as readiness and gives up as fast, a pod that is only slow or overloaded (or waiting on a dependency) is restarted instead of being taken out of rotation, and the restarts pile more load on the pods that remain.',
  fix: 'Let the liveness probe check only that the process is alive (a cheap endpoint of its own), or at least make it more tolerant than the readiness probe: a larger `failureThreshold` × `periodSeconds`.',
  scope: 'object',
  check(object, context) {
    return longRunningContainers(object).flatMap((container): Draft[] => {
      const liveness = asRecord(container.value.livenessProbe);
      const readiness = asRecord(container.value.readinessProbe);
      if (!liveness || !readiness) return [];
      const handler = handlerOf(liveness);
      if (!handler || handler.key !== handlerOf(readiness)?.key) return [];
      const live = budgetOf(liveness);
      const ready = budgetOf(readiness);
      if (!live || !ready || live.seconds > ready.seconds) return [];
      // Twice the readiness budget: the pod leaves rotation well before it is restarted.
      const threshold = Math.ceil((2 * ready.seconds) / live.period);
      const edit = setInMap(object, context.text, [...container.path, 'livenessProbe'], 'failureThreshold', [String(threshold)]);
      return [{
        path: [...container.path, 'livenessProbe'],
        target: 'key',
        message: `Container "${container.name}": the liveness probe runs the same check as the readiness probe (${handler.label}) and does not wait longer before acting (${live.seconds}s of failures vs ${ready.seconds}s), so a slow pod is restarted instead of just taken out of rotation.`,
        fixes: edit ? [{ title: `Make the liveness probe more tolerant (failureThreshold: ${threshold})`, edits: [edit], review: true }] : [],
      }];
    });
  },
};

function handlerOf(probe: Record<string, unknown>): Handler | undefined {
  const http = asRecord(probe.httpGet);
  const tcp = asRecord(probe.tcpSocket);
  const grpc = asRecord(probe.grpc);
  const command = asArray(asRecord(probe.exec)?.command);
  let parts: unknown[];
  let label: string;
  if (http) {
    parts = ['httpGet', http.path ?? '/', http.port];
    label = `GET ${String(http.path ?? '/')} on port ${String(http.port)}`;
  } else if (tcp) {
    parts = ['tcpSocket', tcp.port];
    label = `TCP port ${String(tcp.port)}`;
  } else if (grpc) {
    parts = ['grpc', grpc.port, grpc.service ?? ''];
    label = `gRPC port ${String(grpc.port)}`;
  } else if (command.length > 0) {
    parts = ['exec', ...command];
    label = `exec ${command.map(String).join(' ')}`;
  } else {
    return undefined;
  }
  // A missing port or a template placeholder: the two probes cannot be compared.
  if (parts.some((part) => part === undefined || part === null || typeof part === 'object' || String(part).includes('{{'))) return undefined;
  return { key: JSON.stringify(parts.map(String)), label };
}

/** How long a probe keeps failing before it acts: failureThreshold × periodSeconds, as defaulted. */
function budgetOf(probe: Record<string, unknown>): { seconds: number; period: number } | undefined {
  const { failureThreshold: threshold, periodSeconds: period } = probeTiming(probe);
  if (!isPositiveInteger(threshold) || !isPositiveInteger(period)) return undefined;
  return { seconds: threshold * period, period };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export default rule;
