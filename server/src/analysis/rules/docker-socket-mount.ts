import { asArray, asRecord } from '../kube-object';
import type { Rule } from '../rule';
import { podSpecPath } from '../workload';

/** Container runtime sockets: Docker, containerd (also Docker's own and k3s's), CRI-O, cri-dockerd, Podman. */
const SOCKETS = [
  '/run/docker.sock', '/run/containerd/containerd.sock', '/run/docker/containerd/containerd.sock', '/run/k3s/containerd/containerd.sock',
  '/run/crio/crio.sock', '/run/cri-dockerd.sock', '/run/dockershim.sock', '/run/podman/podman.sock',
].flatMap((socket) => [socket, `/var${socket}`]);

/**
 * A mounted directory that holds a socket hands it over just the same: every directory above a
 * socket counts, except `/` (a whole-root mount is a wider problem than the socket) and `/var`,
 * whose `run` is a symlink to `/run` that resolves inside the container, not on the host.
 */
const SOCKET_FOLDERS = new Set(SOCKETS.flatMap((socket) => {
  const parts = socket.split('/');
  return Array.from({ length: parts.length - 2 }, (_, i) => parts.slice(0, i + 2).join('/'));
}).filter((folder) => folder !== '/var'));

const RUNTIME_SOCKETS = new Set([...SOCKETS, ...SOCKET_FOLDERS]);

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
