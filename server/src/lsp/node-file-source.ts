import { constants } from 'node:fs';
import { access, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SKIPPED_DIRECTORIES, YAML_FILE } from '../file-names';
import type { FileSource } from './file-source';
import { childUri, schemeOf } from './uris';

/** Folders a listing looks through at most, so listing a huge monorepo stays short. */
const MAX_LISTED_DIRECTORIES = 20_000;

/** The desktop's files, read with Node's fs; `file:` URIs only (other schemes hold nothing here). */
export class NodeFileSource implements FileSource {
  async listYamlFiles(roots: readonly string[], limit: number): Promise<string[]> {
    const found: string[] = [];
    const budget = { directories: MAX_LISTED_DIRECTORIES };
    for (const root of roots) {
      const dir = pathOf(root);
      if (dir !== undefined) await listYamlFiles(dir, root, found, limit, budget);
    }
    return found;
  }

  /** Opened without blocking and checked on the open handle, so a FIFO is never waited on. */
  async readText(uri: string, maxBytes: number): Promise<string | undefined> {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      if (!stats.isFile() || stats.size > maxBytes) return undefined;
      const text = await handle.readFile('utf8');
      return text.length > maxBytes ? undefined : text;
    } finally {
      await handle.close();
    }
  }

  async exists(uri: string): Promise<boolean> {
    const path = pathOf(uri);
    return path !== undefined && access(path).then(() => true, () => false);
  }
}

function pathOf(uri: string): string | undefined {
  if (schemeOf(uri) !== 'file') return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Adds the YAML files under `dir` (whose URI is `dirUri`) to `found`, depth first and sorted, skipping
 * node_modules and .git and anything that is not a regular file; stops at `limit` files or when the
 * folder budget is spent. One folder per turn of the event loop, so listing a huge tree never holds the thread.
 */
async function listYamlFiles(dir: string, dirUri: string, found: string[], limit: number, budget: { directories: number }): Promise<void> {
  if (budget.directories-- <= 0) return;
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (found.length >= limit) return;
    const uri = childUri(dirUri, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await listYamlFiles(join(dir, entry.name), uri, found, limit, budget);
    else if (entry.isFile() && YAML_FILE.test(entry.name)) found.push(uri);
  }
}
