/** The engine stage of `npm run bench`: the analysis alone, in this process, against the bare YAML parse. */
import { parseAllDocuments } from 'yaml';
import { FileAnalyzer } from '../server/src/analysis';
import { Catalogue } from '../server/src/catalogue/catalogue';
import data from '../data/stories.json';
import { manifestOfSize } from './manifests';
import { median, megabytes, ms, printTable, time } from './stats';

export function engineStage(sizes: readonly { label: string; bytes: number }[]): void {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const rows: string[][] = [['file', 'size', 'documents', 'bare yaml parse', 'full analysis', 'ratio', 're-analysis after 1-char edit', 'findings']];
  for (const { label, bytes } of sizes) {
    const runs = bytes > 2 * 1048576 ? 5 : bytes > 200 * 1024 ? 7 : 9;
    const text = manifestOfSize(bytes);
    const middle = text.indexOf('name: app', Math.floor(text.length / 2));
    const edited = text.slice(0, middle) + 'name: apq' + text.slice(middle + 'name: app'.length);
    const bare = time(runs, () => parseAllDocuments(text));
    let analyzer = new FileAnalyzer('bench.yaml');
    let findings = 0;
    let documents = 0;
    const full = time(runs, () => ({ findings: { length: findings }, documents } = analyzer.analyze(text)), () => (analyzer = new FileAnalyzer('bench.yaml')));
    let toggle = false;
    // Alternate between two versions so each run really re-analyses one changed document.
    const incremental = time(runs * 3, () => analyzer.analyze((toggle = !toggle) ? edited : text));
    rows.push([label, `${(text.length / 1024).toFixed(0)} KB`, String(documents), ms(bare), ms(full), `${(full / bare).toFixed(2)}x`, ms(incremental), String(findings)]);
  }

  const catalogue = new Catalogue(data);
  const queries = ['ndots', 'webhook', 'throttl', 'monzo', 'conntrak', 'cronjob', 'dns', 'zalando', 'oom kill', 'ingress 502'];
  catalogue.search('warm-up');
  const searchMs = median(queries.map((query) => time(21, () => catalogue.search(query))));
  const indexMs = time(5, () => new Catalogue(data).search('x'));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  console.log('\nEngine (in process)');
  printTable(rows);
  console.log(`catalogue: ${catalogue.stories.length} stories; search median ${searchMs.toFixed(3)} ms per query (${queries.length} queries x 21 runs); first search incl. validation and index ${ms(indexMs)}`);
  console.log(`peak RSS: ${megabytes(peakRss)}`);
}
