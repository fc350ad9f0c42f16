/**
 * `npm run bench`: how fast the engine is on big files, against the floor of the bare YAML parse.
 * Prints medians of several runs; figures go into issue notes, never into timed tests.
 */
import { parseAllDocuments } from 'yaml';
import { FileAnalyzer } from '../server/src/analysis';
import { Catalogue } from '../server/src/catalogue/catalogue';
import data from '../data/stories.json';

function deployment(i: number): string {
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

function service(i: number): string {
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

function cronJob(i: number): string {
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
function manifest(objects: number): string {
  const parts: string[] = [];
  for (let i = 0; parts.length < objects; i++) {
    parts.push(deployment(i));
    if (parts.length < objects) parts.push(service(i));
    if (parts.length < objects && i % 4 === 0) parts.push(cronJob(i));
  }
  return parts.join('');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(runs: number, setup: () => void, work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    setup();
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const rows: string[][] = [['file', 'size', 'objects', 'bare yaml parse', 'full analysis', 'ratio', 're-analysis after 1-char edit', 'findings']];

for (const [objects, runs] of [[100, 9], [1000, 7], [5000, 5]] as const) { // about 100 KB, 1 MB and 5 MB
  const text = manifest(objects);
  const middle = text.indexOf('name: app', Math.floor(text.length / 2));
  const edited = text.slice(0, middle) + 'name: apq' + text.slice(middle + 'name: app'.length);
  const bare = time(runs, () => undefined, () => parseAllDocuments(text));
  let analyzer = new FileAnalyzer('bench.yaml');
  let findings = 0;
  const full = time(runs, () => (analyzer = new FileAnalyzer('bench.yaml')), () => (findings = analyzer.analyze(text).findings.length));
  let toggle = false;
  // Alternate between two versions so each run really re-analyses one changed document.
  const incremental = time(runs * 3, () => undefined, () => analyzer.analyze((toggle = !toggle) ? edited : text));
  rows.push([`${objects} objects`, `${(text.length / 1024).toFixed(0)} KB`, String(objects), ms(bare), ms(full), `${(full / bare).toFixed(2)}x`, ms(incremental), String(findings)]);
}

const catalogue = new Catalogue(data);
const queries = ['ndots', 'webhook', 'throttl', 'monzo', 'conntrak', 'cronjob', 'dns', 'zalando', 'oom kill', 'ingress 502'];
catalogue.search('warm-up');
const searchMs = median(queries.map((query) => time(21, () => undefined, () => catalogue.search(query))));
const indexMs = time(5, () => undefined, () => new Catalogue(data).search('x'));
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
console.log(`\ncatalogue: ${catalogue.stories.length} stories; search median ${searchMs.toFixed(3)} ms per query (${queries.length} queries x 21 runs); first search incl. validation and index ${ms(indexMs)}`);
console.log(`peak RSS: ${(peakRss / 1048576).toFixed(0)} MB`);
