/** Deterministic, realistic manifests for the benchmarks. */

export function deployment(i: number): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  namespace: team-${i % 17}
  labels: { app: service-${i}, tier: backend, team: team-${i % 17}, version: "1.${i % 9}.0" }
  annotations:
    owner: "team-${i % 17}@example.com"
    runbook: "https://runbooks.example.com/service-${i}"
    description: "Backend service ${i}: serves the ${i % 2 === 0 ? 'catalog' : 'checkout'} API for the storefront and its mobile apps."
spec:
  replicas: ${1 + (i % 4)}
  selector:
    matchLabels: { app: service-${i} }
  template:
    metadata:
      labels: { app: service-${i}, tier: backend }
    spec:
      containers:
        - name: app
          image: registry.example.com/team/service-${i}:${i % 5 === 0 ? 'latest' : `1.${i % 9}.0`}
          ports: [{ containerPort: 8080 }]
          env:
            - { name: LOG_LEVEL, value: info }
            - { name: UPSTREAM, value: "http://service-${(i + 1) % 1000}.team-${(i + 1) % 17}.svc.cluster.local" }
            - { name: DATABASE_URL, valueFrom: { secretKeyRef: { name: service-${i}-db, key: url } } }
            - { name: CACHE_TTL_SECONDS, value: "300" }
            - { name: FEATURE_FLAGS, value: "new-checkout,fast-search,recommendations-v2" }
            - name: POD_NAME
              valueFrom:
                fieldRef: { fieldPath: metadata.name }
          volumeMounts:
            - { name: config, mountPath: /etc/service-${i}, readOnly: true }
            - { name: tmp, mountPath: /tmp }
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            ${i % 3 === 0 ? 'limits: { cpu: 500m, memory: 256Mi }' : 'limits: { memory: 256Mi }'}
      volumes:
        - name: config
          configMap: { name: service-${i}-config }
        - name: tmp
          emptyDir: {}
`;
}

export function service(i: number): string {
  return `---
apiVersion: v1
kind: Service
metadata:
  name: service-${i}
  namespace: team-${i % 17}
  labels: { app: service-${i}, team: team-${i % 17} }
  annotations:
    prometheus.io/scrape: "true"
    prometheus.io/port: "9090"
spec:
  selector: { app: service-${i} }
  ports:
    - { name: http, port: 80, targetPort: 8080 }
    - { name: metrics, port: 9090, targetPort: 9090 }
`;
}

export function cronJob(i: number): string {
  return `---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: job-${i}
  namespace: team-${i % 17}
spec:
  schedule: "*/${1 + (i % 30)} * * * *"
  ${i % 2 === 0 ? 'concurrencyPolicy: Forbid' : '# concurrencyPolicy left to the default'}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: registry.example.com/jobs/job-${i}:2.0.${i % 7}
`;
}

/** A deterministic manifest of about `objects` objects. */
export function manifest(objects: number): string {
  const parts: string[] = [];
  for (let i = 0; parts.length < objects; i++) {
    parts.push(deployment(i));
    if (parts.length < objects) parts.push(service(i));
    if (parts.length < objects && i % 4 === 0) parts.push(cronJob(i));
  }
  return parts.join('');
}

/** A deterministic manifest of at least `bytes` characters (whole objects), its names prefixed by `prefix`. */
export function manifestOfSize(bytes: number, prefix = ''): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    for (const part of [deployment(i), service(i), ...(i % 4 === 0 ? [cronJob(i)] : [])]) {
      const named = prefix ? part.replaceAll('service-', `${prefix}service-`).replaceAll('job-', `${prefix}job-`) : part;
      parts.push(named);
      length += named.length;
      if (length >= bytes) break;
    }
  }
  return parts.join('');
}

/** "100k", "1m", "5m" → bytes (KiB and MiB). */
export function parseSize(size: string): number {
  const match = /^(\d+(?:\.\d+)?)([km])$/i.exec(size.trim());
  if (!match) throw new Error(`Not a size: "${size}" (write 100k, 1m, 5m...)`);
  return Math.round(Number(match[1]) * (match[2]!.toLowerCase() === 'k' ? 1024 : 1048576));
}
