import { asArray, asRecord } from '../kube-object';
import type { Rule } from '../rule';
import { podSpecPath } from '../workload';

/** Container runtime sockets, and the directories that hold them. */
const RUNTIME_SOCKETS = new Set([
  '/var/run/docker.sock', '/run/docker.sock',
  '/var/run/containerd/containerd.sock', '/run/containerd/containerd.sock', '/var/run/containerd', '/run/containerd',
  '/var/run/crio/crio.sock', '/run/crio/crio.sock', '/var/run/crio', '/run/crio',
  '/var/run/cri-dockerd.sock', '/run/cri-dockerd.sock',
  '/var/run', '/run',
]);

/** "/var/run/" and "/var//run" name the same directory as "/var/run". */
function normalise(path: string): string {
  return path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

const rule: Rule = {
  id: 'docker-socket-mount',
  title: 'Container runtime socket mounted into a pod',
  severity: 'error',
  why: 'The Docker, containerd or CRI-O socket lets its holder start privileged containers and exec into any container on the node: mounting it hands node root to the pod and to anyone who reaches it.',
  fix: 'Remove the hostPath volume; build images with a daemonless builder (Kaniko, BuildKit rootless) and read container metadata through the Kubernetes API.',
  scope: 'object',
  check(object) {
    const spec = podSpecPath(object);
    if (!spec) return [];
    return asArray(object.get([...spec, 'volumes'])).flatMap((volume, index) => {
      const path = asRecord(asRecord(volume)?.hostPath)?.path;
      if (typeof path !== 'string' || !RUNTIME_SOCKETS.has(normalise(path))) return [];
      const name = asRecord(volume)?.name;
      return [{
        path: [...spec, 'volumes', index, 'hostPath', 'path'],
        message: `Volume "${String(name ?? index + 1)}" of ${object.kind} "${object.name}" mounts ${normalise(path).endsWith('.sock') ? `the container runtime socket ${path}` : `the host's ${path}, which holds the container runtime socket`}: that is root on the node.`,
      }];
    });
  },
};

export default rule;
