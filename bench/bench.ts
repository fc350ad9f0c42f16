/**
 * `npm run bench`: how fast the engine is on big files, against the floor of the bare YAML parse.
 * Prints medians of several runs; figures go into issue notes, never into timed tests.
 */
import { parseAllDocuments } from 'yaml';
import { FileAnalyzer } from '../server/src/analysis';
import { Catalogue } from '../server/src/catalogue/catalogue';
import data from '../data/stories.json';
import { manifest } from './manifests';

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
