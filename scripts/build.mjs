// Bundles the extension client, the language server and the CLI into dist/ (the client and the server
// twice: for Node, and for the web, where the server is a web worker and no Node builtin exists), and
// the unit tests into out/test/ (so tests run against the TypeScript sources without a separate compiler step).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { define: { PACKAGE_VERSION: JSON.stringify(version) }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };
// The web extension host loads the client as CommonJS; the server is a classic worker script.
const web = { ...common, platform: 'browser', target: 'es2022' };

const testDir = 'test/unit';
const testEntries = readdirSync(testDir).filter((name) => name.endsWith('.test.ts')).map((name) => join(testDir, name));

await Promise.all([
  build({ ...common, entryPoints: ['client/src/node-main.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...web, entryPoints: ['client/src/browser-main.ts'], outfile: 'dist/browser-client.js', external: ['vscode'] }),
  build({ ...web, entryPoints: ['server/src/browser-main.ts'], outfile: 'dist/browser-server.js', format: 'iife' }),
  build({ ...common, entryPoints: ['server/src/node-main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: testEntries, outdir: 'out/test', sourcemap: true, minify: false }),
  build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'out/bench.js', minify: false }),
  build({ ...common, entryPoints: ['bench/cli.ts'], outfile: 'out/bench-cli.js', minify: false }),
  build({ ...common, entryPoints: ['bench/hover-latency.ts'], outfile: 'out/hover-latency.js', minify: false }),
  build({ ...common, entryPoints: ['bench/workspace.ts'], outfile: 'out/bench-workspace.js', minify: false }),
  build({ ...common, entryPoints: ['scripts/docs.ts'], outfile: 'out/docs.js', minify: false }),
  build({ ...common, entryPoints: ['test/fuzz/main.ts'], outfile: 'out/fuzz.js', minify: false }),
]);
