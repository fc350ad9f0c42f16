import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { helmChartFiles, KUSTOMIZATION_FILES, kustomizationFolders, kustomizePatchPaths, SKIPPED_DIRECTORIES, YAML_FILE } from './file-names';

/** Disk helpers of the CLI (the language server reads through its FileSource; the engine never touches disk). */

export const BYTES_PER_MB = 1024 * 1024;

/** The setting that sets the size limit of manifests, named when a file is over it. */
const MANIFEST_LIMIT = '--max-file-size, maxFileSizeMB';

/** What reading one input gave: its text, or why it was not read. */
export type ReadResult = { text: string } | { refused: string };

/**
 * Reads a manifest given by path, refusing without reading anything that is not a regular file
 * (a FIFO blocks forever, /dev/zero never ends) or that is over `maxBytes`. Throws on I/O errors.
 */
export function readRegularFile(path: string, maxBytes: number, limitName = MANIFEST_LIMIT): ReadResult {
  const refusal = refusalFor(statSync(path), maxBytes, limitName);
  if (refusal) return { refused: refusal };
  // The path may have been swapped since the stat: open without blocking and look again at what was opened.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const refusalNow = refusalFor(fstatSync(fd), maxBytes, limitName);
    return refusalNow ? { refused: refusalNow } : { text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/** Reads standard input up to `maxBytes`, refusing a regular file or device over it before reading. */
export function readStdin(maxBytes: number): ReadResult {
  const stats = fstatSync(0);
  if (stats.isFile() && stats.size > maxBytes) return { refused: tooBig(stats.size, maxBytes, MANIFEST_LIMIT) };
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  let total = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      if (code !== 'EAGAIN') throw error;
      // A non-blocking pipe with nothing in it yet: wait a little without spinning.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (read === 0) break;
    total += read;
    if (total > maxBytes) return { refused: `more than ${maxBytes / BYTES_PER_MB} MB (the ${MANIFEST_LIMIT} limit); not analysed` };
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return { text: Buffer.concat(chunks).toString('utf8') };
}

function refusalFor(stats: Stats, maxBytes: number, limitName: string): string | undefined {
  if (!stats.isFile()) return `not a regular file (${fileKind(stats)}); not read`;
  return stats.size > maxBytes ? tooBig(stats.size, maxBytes, limitName) : undefined;
}

function tooBig(size: number, maxBytes: number, limitName: string): string {
  return `${(size / BYTES_PER_MB).toFixed(1)} MB, over the ${maxBytes / BYTES_PER_MB} MB limit (${limitName}); not read`;
}

function fileKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a folder';
  return 'a special file';
}

/** A file under a chart's `templates/` folder (a `Chart.yaml` beside that folder) is a Helm template. */
export function isHelmTemplate(file: string): boolean {
  return helmChartFiles(file, path).some(existsSync);
}

/**
 * YAML files under `root`, depth first and sorted, skipping node_modules, .git and anything that is
 * not a regular file (FIFOs, sockets, devices; symbolic links are not followed). The CLI reads every
 * file it is pointed at; the editor's index has its own walk with file and folder budgets.
 */
export function listYamlFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) visit(child);
      else if (entry.isFile() && YAML_FILE.test(entry.name)) found.push(child);
    }
  };
  visit(root);
  return found;
}

/**
 * Files that a `kustomization.yaml` beside them lists as patches: partial objects, so rules
 * about missing fields stay quiet on them. Cached per folder for the life of the process.
 */
const patchCache = new Map<string, Set<string>>();

export function isKustomizePatch(file: string): boolean {
  const absolute = path.resolve(file);
  return kustomizationFolders(absolute, path).some((dir) => {
    let patches = patchCache.get(dir);
    if (!patches) {
      patches = readKustomizePatches(dir);
      patchCache.set(dir, patches);
    }
    return patches.has(absolute);
  });
}

function readKustomizePatches(dir: string): Set<string> {
  const file = KUSTOMIZATION_FILES.map((name) => path.join(dir, name)).find(existsSync);
  if (!file) return new Set();
  try {
    return new Set(kustomizePatchPaths(readFileSync(file, 'utf8')).map((patch) => path.resolve(dir, patch)));
  } catch {
    return new Set();
  }
}
