import { asArray, asRecord } from '../kube-object';
import type { Rule } from '../rule';
import { containerAnchor, containers, workloadOf } from '../workload';

/** Image names (last path segment, no tag) of datastores that keep state on disk. Exporters and clients differ in name. */
const DATASTORES = new Set([
  'postgres', 'postgresql', 'postgresql-repmgr', 'timescaledb', 'timescaledb-ha', 'mysql', 'mysql-server', 'percona-server',
  'mariadb', 'mariadb-galera', 'mongo', 'mongodb', 'mongodb-sharded', 'percona-server-mongodb', 'redis', 'redis-cluster',
  'redis-stack-server', 'valkey', 'valkey-cluster', 'keydb', 'etcd', 'elasticsearch', 'opensearch', 'cassandra', 'scylla',
  'kafka', 'zookeeper', 'rabbitmq', 'clickhouse', 'clickhouse-server', 'cockroach', 'influxdb', 'neo4j', 'couchdb', 'minio', 'solr',
]);

/** Volume types that live and die with the pod, or only project API data into it. */
const EPHEMERAL = ['emptyDir', 'configMap', 'secret', 'downwardAPI', 'projected', 'ephemeral', 'image', 'gitRepo'];

export function imageName(image: string): string {
  const name = image.split('@')[0]!;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.split(':')[0]!;
}

const rule: Rule = {
  id: 'stateful-emptydir',
  title: 'Datastore without persistent storage',
  severity: 'warning',
  why: 'An emptyDir (or the container\'s own filesystem) is deleted with the pod: a node drain, an eviction or a rollout wipes the datastore, and a replica that restarts empty can even be promoted over the good data.',
  fix: 'Keep the data on a PersistentVolumeClaim, in a StatefulSet through `volumeClaimTemplates`; use emptyDir only for a cache you can lose.',
  scope: 'object',
  absence: true,
  check(object) {
    // Long-running pods only: a Job with a database image is usually a client (dump, migration), not the database.
    const workload = workloadOf(object);
    if (!workload?.longRunning) return [];
    const spec = workload.specPath;
    const volumes = new Map(asArray(object.get([...spec, 'volumes'])).flatMap((item) => {
      const volume = asRecord(item);
      return typeof volume?.name === 'string' ? [[volume.name, volume] as const] : [];
    }));
    const claimTemplates = new Set(asArray(object.get(['spec', 'volumeClaimTemplates'])).map((t) => asRecord(asRecord(t)?.metadata)?.name));
    return containers(object).flatMap((container) => {
      const image = container.value.image;
      if (typeof image !== 'string' || image.includes('{{') || !DATASTORES.has(imageName(image))) return [];
      const mounts = asArray(container.value.volumeMounts).map((m) => asRecord(m) ?? {});
      const kinds = mounts.map((mount) => {
        if (workload.kind.claimTemplates && claimTemplates.has(mount.name)) return 'persistent';
        const volume = typeof mount.name === 'string' ? volumes.get(mount.name) : undefined;
        if (!volume) return 'unknown';
        if (volume.emptyDir !== undefined) return 'emptyDir';
        return EPHEMERAL.some((type) => type in volume) ? 'ephemeral' : 'persistent';
      });
      if (kinds.includes('persistent') || kinds.includes('unknown')) return [];
      const emptyDirPaths = mounts.filter((_, i) => kinds[i] === 'emptyDir').map((mount) => String(mount.mountPath));
      // A Deployment of redis with no volume at all is usually a cache: only a StatefulSet promises state.
      if (emptyDirPaths.length === 0 && !workload.kind.stateful) return [];
      return [{
        path: containerAnchor(container),
        target: 'pair',
        message: emptyDirPaths.length > 0
          ? `Container "${container.name}" (${imageName(image)}) keeps ${emptyDirPaths.join(', ')} on emptyDir and has no persistent volume: its data is lost with the pod.`
          : `Container "${container.name}" (${imageName(image)}) in ${object.kind} "${object.name}" mounts no persistent volume: its data lives in the container and is lost with the pod.`,
      }];
    });
  },
};

export default rule;
