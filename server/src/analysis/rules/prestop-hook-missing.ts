import { isMap } from 'yaml';
import { setInMap } from '../edit';
import { asRecord } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { servicesSelecting } from '../selectors';
import { containerAnchor, containers, isLongRunning } from '../workload';

const SLEEP = 'command: ["sleep", "5"]';

const rule: Rule = {
  id: 'prestop-hook-missing',
  title: 'Container behind a Service without a preStop hook',
  severity: 'warning',
  stories: ['ravelin-2019-ingress-endpoints'],
  why: 'When a pod is deleted, removing it from the Service endpoints and sending it SIGTERM happen at the same time; kube-proxy and load balancers learn of the removal late, so a pod that exits promptly still gets new requests, which fail (Ravelin\'s 502s behind a GKE Ingress).',
  fix: 'Add a `lifecycle.preStop` hook that waits until the endpoint removal has spread (`exec: {command: ["sleep", "5"]}`, or `sleep: {seconds: 5}` on Kubernetes 1.30+; longer behind cloud load balancers), within `terminationGracePeriodSeconds`.',
  scope: 'set',
  absence: true,
  check(object, context) {
    if (!isLongRunning(object)) return [];
    // Headless Services (StatefulSet peers) only publish DNS records: no proxy routes to drain.
    const service = servicesSelecting(context.objects, object).find((candidate) => candidate.get(['spec', 'clusterIP']) !== 'None');
    if (!service) return [];
    // Every main container of a served pod: sidecars (proxies, agents) that exit first break requests too.
    return containers(object).flatMap((container): Draft[] => {
      const lifecycle = container.value.lifecycle;
      if (asRecord(lifecycle)?.preStop !== undefined) return [];
      const edit = isMap(object.node([...container.path, 'lifecycle']))
        ? setInMap(object, context.text, [...container.path, 'lifecycle'], 'preStop', ['exec:', `  ${SLEEP}`])
        : lifecycle === undefined
          ? setInMap(object, context.text, container.path, 'lifecycle', ['preStop:', '  exec:', `    ${SLEEP}`])
          : undefined;
      return [{
        path: containerAnchor(container),
        target: 'pair',
        message: `Container "${container.name}" has no preStop hook, yet its pods are behind Service "${service.name}": at shutdown it gets SIGTERM while traffic is still being sent to the pod.`,
        fixes: edit ? [{ title: 'Add a preStop hook that sleeps 5 seconds', edits: [edit], review: true }] : [],
      }];
    });
  },
};

export default rule;
