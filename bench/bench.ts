/**
 * `npm run bench [-- --stages engine,lsp,workspace --sizes 100k,1m,5m --runs N]`: how fast the engine
 * and the language server are on big files, against the floor of the bare YAML parse. Figures go into
 * issue notes, never into timed tests. The machine's load is printed with them.
 */
import { loadavg } from 'node:os';
import { engineStage } from './engine';
import { lspStage, workspaceStage } from './lsp';
import { parseSize } from './manifests';

const STAGES = ['engine', 'lsp', 'workspace'];

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1] ?? fallback;
}

const load = () => `load average ${loadavg().map((value) => value.toFixed(2)).join(', ')}`;

async function main(): Promise<void> {
  const stages = option('stages', STAGES.join(',')).split(',');
  const unknown = stages.filter((stage) => !STAGES.includes(stage));
  if (unknown.length) throw new Error(`Unknown stage ${unknown.join(', ')}: the stages are ${STAGES.join(', ')}`);
  const sizes = option('sizes', '100k,1m,5m').split(',').map((label) => ({ label, bytes: parseSize(label) }));
  const runs = Math.max(1, Number(option('runs', '1')));
  console.log(`${new Date().toISOString()}, ${load()}`);
  if (stages.includes('engine')) engineStage(sizes);
  if (stages.includes('lsp')) await lspStage(sizes, runs);
  if (stages.includes('workspace')) await workspaceStage(15 * 1048576, runs);
  console.log(`\n${load()}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
