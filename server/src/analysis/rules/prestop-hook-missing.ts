import { gracePeriod } from '../defaults';
import { setDeep } from '../edit';
import { asArray, asRecord, type KubeObject } from '../kube-object';
import type { Draft, Rule } from '../rule';
import { servicesSelecting } from '../selectors';
import { containerAnchor, containers, workloadOf } from '../workload';

/** Long enough for kube-proxy and most load balancers to drop the endpoint. */
const SLEEP_SECONDS = 5;

const rule: Rule = {
  id: 'prestop-hook-missing',
  title: 'Container behind a Service without a preStop hook',
  severity: 'warning',
  why: 'When a pod is deleted, removing it from the Service endpoints and sending it SIGTERM happen at the same time; kube-proxy and load balancers learn of the removal late, so a pod that exits promptly still gets new requests, which fail (Ravelin\'s 502s behind a GKE Ingress).',
  fix: 'Add a `lifecycle.preStop` hook that waits until the endpoint removal has spread (`exec: {command: ["sleep", "5"]}`, or `sleep: {seconds: 5}` on Kubernetes 1.30+; longer behind cloud load balancers), within `terminationGracePeriodSeconds`.',
  scope: 'set',
  absence: true,
  check(object, context) {
    const workload = workloadOf(object);
    if (!workload?.longRunning) return [];
    // Headless Services (StatefulSet peers) only publish DNS records: no proxy routes to drain.
    // Services whose every port is a metrics port are scraped, not served: a missed scrape is no outage.
    const service = servicesSelecting(context.objects, object)
      .find((candidate) => candidate.get(['spec', 'clusterIP']) !== 'None' && !metricsOnly(candidate));
    if (!service) return [];
    // The sleep must end within the grace period, or the kubelet kills the pod mid-drain.
    const grace = gracePeriod(object, workload.specPath);
    const sleep = grace ? Math.min(SLEEP_SECONDS, grace.seconds - 1) : 0;
    // Every main container of a served pod: sidecar containers (proxies, agents) that exit first break
    // requests too. Not native sidecars: the kubelet stops them only after the main containers have exited.
    return containers(object).flatMap((container): Draft[] => {
      if (asRecord(container.value.lifecycle)?.preStop !== undefined) return [];
      const edit = sleep > 0
        ? setDeep(object, context.text, [...container.path, 'lifecycle', 'preStop', 'exec', 'command'], [`["sleep", "${sleep}"]`])
        : undefined;
      return [{
        path: containerAnchor(container),
        target: 'pair',
        message: `Container "${container.name}" has no preStop hook, yet its pods are behind Service "${service.name}": at shutdown it gets SIGTERM while traffic is still being sent to the pod.`,
        fixes: edit ? [{ title: `Add a preStop hook that sleeps ${sleep} seconds`, edits: [edit], review: true }] : [],
      }];
    });
  },
};

/**
 * Port names of scrape-only endpoints: metrics, http-metrics, https-metrics, tcp-prometheus-servicemonitor.
 * Not "prometheus" alone: that can name a Prometheus server's query port, which does serve.
 */
const METRICS_PORT = /metrics|servicemonitor/i;

/** A Service that only exposes named metrics ports (unnamed ports could serve anything). */
function metricsOnly(service: KubeObject): boolean {
  const ports = asArray(service.get(['spec', 'ports']));
  return ports.length > 0 && ports.every((port) => {
    const name = asRecord(port)?.name;
    return typeof name === 'string' && METRICS_PORT.test(name);
  });
}

export default rule;
