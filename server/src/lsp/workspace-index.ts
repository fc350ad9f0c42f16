import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileAnalyzer, type KubeObject } from '../analysis';
import { isHelmTemplate, SKIPPED_DIRECTORIES, YAML_FILE } from '../files';
import { runSliced } from './slices';

/** Files larger than this are left out of the index (generated bundles, CRD dumps), whatever the open-file limit. */
export const MAX_INDEXED_FILE_BYTES = 2 * 1024 * 1024;
/** Folders the index looks through at most, so listing a huge monorepo stays short. */
const MAX_INDEXED_DIRECTORIES = 20_000;

export interface IndexLimits {
  maxFiles: number;
  /** Largest file indexed: at most the open-file size limit, and at most MAX_INDEXED_FILE_BYTES. */
  maxFileBytes: number;
}

/**
 * The Kubernetes objects of the workspace's YAML files, so cross-object rules (Services and pods,
 * HPAs, PDBs, Ingresses) see beyond the open file. Built in the background, capped, and updated
 * per file when files change on disk. It never holds the server's thread for long: folders are
 * listed and files read asynchronously, and each file is parsed in slices like an open document.
 */
export class WorkspaceIndex {
  private byFile = new Map<string, readonly KubeObject[]>();
  private all: KubeObject[] | undefined;
  private generation = 0;
  private maxFileBytes = MAX_INDEXED_FILE_BYTES;

  /**
   * Indexes YAML files under `roots` within `limits`; `onUpdate` runs once at the end. Returns the number
   * of files read, or undefined when a newer build (or `clear`) took over.
   */
  async build(roots: readonly string[], limits: IndexLimits, onUpdate: () => void): Promise<number | undefined> {
    const generation = ++this.generation;
    const stillWanted = () => generation === this.generation;
    this.byFile.clear();
    this.all = undefined;
    this.maxFileBytes = limits.maxFileBytes;
    const files: string[] = [];
    const budget = { directories: MAX_INDEXED_DIRECTORIES };
    for (const root of roots) await listYamlFiles(root, files, limits.maxFiles, budget);
    for (const file of files) {
      if (!stillWanted()) return undefined;
      await this.updateFile(file, stillWanted);
    }
    if (!stillWanted()) return undefined;
    onUpdate();
    return files.length;
  }

  /**
   * Reads and parses one file, in slices, dropping the work when `stillWanted` turns false. What is
   * not a regular file (a FIFO would block the read forever), too big, a Helm template or unreadable
   * leaves the index.
   */
  async updateFile(file: string, stillWanted: () => boolean = () => true): Promise<void> {
    try {
      const text = isHelmTemplate(file) ? undefined : await readIndexableFile(file, this.maxFileBytes);
      if (text === undefined) return this.removeFile(file);
      const parsed = await runSliced(new FileAnalyzer(file).parseSteps(text), stillWanted);
      if (!parsed) return;
      this.byFile.set(file, parsed.flatMap((chunk) => chunk.objects.map((object) => object.detach())));
    } catch {
      this.byFile.delete(file);
    }
    this.all = undefined;
  }

  removeFile(file: string): void {
    if (this.byFile.delete(file)) this.all = undefined;
  }

  clear(): void {
    this.generation++;
    this.byFile.clear();
    this.all = undefined;
  }

  /** Objects of every indexed file except `files` (the open documents, whose live text wins). */
  objectsOutside(files: ReadonlySet<string>): readonly KubeObject[] {
    this.all ??= [...this.byFile.values()].flat();
    return [...files].some((file) => this.byFile.has(file)) ? this.all.filter((object) => !files.has(object.file)) : this.all;
  }
}

/** The text of `file` if it is a regular file of at most `maxBytes`; opened without blocking, so a FIFO is never waited on. */
async function readIndexableFile(file: string, maxBytes: number): Promise<string | undefined> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const text = await handle.readFile('utf8');
    return text.length > maxBytes ? undefined : text;
  } finally {
    await handle.close();
  }
}

/**
 * Adds the YAML files under `dir` to `found`, depth first and sorted, skipping node_modules and .git
 * and anything that is not a regular file; stops at `limit` files or when the folder budget is spent.
 * One folder per turn of the event loop, so listing a huge tree never holds the thread.
 */
async function listYamlFiles(dir: string, found: string[], limit: number, budget: { directories: number }): Promise<void> {
  if (budget.directories-- <= 0) return;
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (found.length >= limit) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await listYamlFiles(path, found, limit, budget);
    else if (entry.isFile() && YAML_FILE.test(entry.name)) found.push(path);
  }
}
