import type { Rule } from '../rule';
import { podSpecPath } from '../workload';

const NAMESPACES: Record<string, string> = {
  hostNetwork: "the node's network: its interfaces, ports and localhost services",
  hostPID: "the node's processes: it can see, signal and trace them",
  hostIPC: "the node's shared memory and IPC",
};

const rule: Rule = {
  id: 'host-namespaces',
  title: 'Pod sharing the node\'s network, PID or IPC namespace',
  severity: 'warning',
  why: 'A pod in the host\'s namespaces sees and reaches what belongs to the node and to every other pod on it, so a compromise of that pod spreads to the node.',
  fix: 'Remove `hostNetwork`, `hostPID` and `hostIPC` unless the pod is a node agent that needs them; expose ports through a Service instead of the host network.',
  scope: 'object',
  check(object) {
    const spec = podSpecPath(object);
    if (!spec) return [];
    return Object.entries(NAMESPACES).flatMap(([field, what]) => {
      if (object.get([...spec, field]) !== true) return [];
      return [{
        path: [...spec, field],
        message: `${object.kind} "${object.name}" sets ${field}: true, sharing ${what}.`,
      }];
    });
  },
};

export default rule;
