import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileAnalyzer } from '../../server/src/analysis';
import type { EntryType, FileSource } from '../../server/src/lsp/file-source';
import { ManifestRoles } from '../../server/src/lsp/manifest-roles';
import type { ParseObjects } from '../../server/src/lsp/parse-process';
import { inForeground } from '../../server/src/lsp/slices';
import { WorkspaceIndex } from '../../server/src/lsp/workspace-index';

/** The workspace index with its files parsed elsewhere (here a stand-in that parses in this process and records each batch). */
const ROOT = 'memory:/ws';
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: { app: ${name} }\n`;
const services = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `---\n${service(`${prefix}${i}`)}`).join('');
const LIMITS = { maxFiles: 100, maxFileBytes: 1024 * 1024 };

/** Files under ROOT from a map of names to texts (read at the time they are asked for). */
function memoryFiles(files: Map<string, string>): FileSource {
  return {
    readDirectory: async (uri) => (uri === ROOT ? [...files.keys()].map((name): [string, EntryType] => [name, 'file']) : []),
    readText: async (uri) => files.get(uri.slice(ROOT.length + 1)),
    exists: async (uri) => files.has(uri.slice(ROOT.length + 1)),
  };
}

/** Parses as the parse process does; `batches` records each request's document count, `before` runs first. */
function parsedHere(batches: number[], before: () => Promise<void> = async () => undefined): ParseObjects {
  return async (file, documents) => {
    await before();
    batches.push(documents.length);
    const values = documents.flatMap((text) => new FileAnalyzer(file).parse(text).flatMap((chunk) => chunk.objects.map((object) => object.value)));
    return () => values;
  };
}

const names = (index: WorkspaceIndex) => index.objectsOutside(new Set()).map((object) => object.name).sort();

describe('workspace index parsed elsewhere', () => {
  it('sends a file in batches of documents and holds the objects it finds as the analysis would', async () => {
    const files = new Map([['a.yaml', services('a', 60)], ['b.yaml', service('b')]]);
    const batches: number[] = [];
    const index = new WorkspaceIndex(memoryFiles(files), new ManifestRoles(memoryFiles(files)), parsedHere(batches));
    assert.equal(await index.build([ROOT], LIMITS, () => undefined), 2);
    assert.ok(batches.length > 2 && batches.reduce((sum, count) => sum + count, 0) === 61, `batches ${batches}`);
    assert.deepEqual(names(index), [...Array.from({ length: 60 }, (_, i) => `a${i}`), 'b'].sort());
    assert.deepEqual(index.get(`${ROOT}/b.yaml`)!.objects[0]!.value, new FileAnalyzer('b').parse(service('b'))[0]!.objects[0]!.value);
  });

  it('shows what a build read only once it ends, and keeps out a file removed meanwhile', async () => {
    const files = new Map([['a.yaml', service('a')], ['b.yaml', service('b')], ['c.yaml', service('c')]]);
    const seenDuring: string[][] = [];
    const batches: number[] = [];
    const index: WorkspaceIndex = new WorkspaceIndex(memoryFiles(files), new ManifestRoles(memoryFiles(files)), parsedHere(batches, async () => {
      seenDuring.push(names(index));
      if (batches.length === 2) index.removeFile(`${ROOT}/a.yaml`);
    }));
    let updates = 0;
    await index.build([ROOT], LIMITS, () => updates++);
    assert.deepEqual(seenDuring, [[], [], []], 'nothing of the build is seen before it ends');
    assert.equal(updates, 1);
    assert.deepEqual(names(index), ['b', 'c'], 'a.yaml, removed while the build read c.yaml, stays out');
    // Outside a build, a changed file is seen at once.
    files.set('b.yaml', service('b2'));
    await index.updateFile(`${ROOT}/b.yaml`);
    assert.deepEqual(names(index), ['b2', 'c']);
  });

  it('sends the next batch only once no open document is being analysed', async () => {
    const files = new Map([['a.yaml', services('a', 300)]]);
    const events: string[] = [];
    const batches: number[] = [];
    let analysis: Promise<void> | undefined;
    const index = new WorkspaceIndex(memoryFiles(files), new ManifestRoles(memoryFiles(files)), parsedHere(batches, async () => {
      events.push('batch');
      // An analysis of an open document starts once the first batch is on its way.
      analysis ??= inForeground(async () => {
        events.push('analysis begins');
        await new Promise((resolve) => setTimeout(resolve, 30));
        events.push('analysis ends');
      });
    }));
    await index.build([ROOT], LIMITS, () => undefined);
    await analysis;
    assert.ok(batches.length > 3, `batches ${batches}`);
    assert.deepEqual(events.slice(0, 3), ['batch', 'analysis begins', 'analysis ends'], 'the second batch waits for the analysis');
    assert.equal(batches.reduce((sum, count) => sum + count, 0), 300);
    assert.equal(names(index).length, 300);
  });
});
