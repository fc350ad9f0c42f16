import { asRecord } from '../kube-object';
import type { Rule } from '../rule';
import { containers } from '../workload';

const rule: Rule = {
  id: 'privileged-container',
  title: 'Privileged container',
  severity: 'error',
  why: 'A privileged container has every capability and all host devices: whoever gets code running in it (a compromised app, an exposed admin UI) owns the node and, from there, often the cluster.',
  fix: 'Remove `privileged: true` and add only the capabilities the process needs (`capabilities.add`); keep the few node agents that truly need it in a dedicated, locked-down namespace.',
  scope: 'object',
  check(object) {
    return containers(object, { init: true }).flatMap((container) => {
      if (asRecord(container.value.securityContext)?.privileged !== true) return [];
      return [{
        path: [...container.path, 'securityContext', 'privileged'],
        message: `Container "${container.name}" runs privileged: a compromise of it is a compromise of the node.`,
      }];
    });
  },
};

export default rule;
