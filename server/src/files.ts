import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Disk helpers shared by the CLI and the language server (the engine itself never touches disk). */

export const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** A file under a chart's `templates/` folder (a `Chart.yaml` beside that folder) is a Helm template. */
export function isHelmTemplate(path: string): boolean {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === 'templates' && existsSync(join(dirname(dir), 'Chart.yaml'))) return true;
  }
  return false;
}

/**
 * YAML files under `root`, depth first and sorted, skipping node_modules and .git; stops after
 * `limit` files or `maxDirectories` folders (the editor's index must not stall on a huge monorepo).
 */
export function listYamlFiles(root: string, limit = Number.POSITIVE_INFINITY, maxDirectories = Number.POSITIVE_INFINITY): string[] {
  const found: string[] = [];
  let directories = 0;
  const visit = (dir: string) => {
    if (++directories > maxDirectories) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= limit) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) visit(path);
      else if (entry.isFile() && YAML_FILE.test(entry.name)) found.push(path);
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

export function isKustomizePatch(path: string): boolean {
  const file = resolve(path);
  // Patches often sit in a sub-folder of the kustomization that lists them.
  for (let dir = dirname(file), depth = 0; depth < 3 && dir !== dirname(dir); dir = dirname(dir), depth++) {
    let patches = patchCache.get(dir);
    if (!patches) {
      patches = readKustomizePatches(dir);
      patchCache.set(dir, patches);
    }
    if (patches.has(file)) return true;
  }
  return false;
}

export function forgetKustomization(dir: string): void {
  patchCache.delete(dir);
}

function readKustomizePatches(dir: string): Set<string> {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(dir, name)).find(existsSync);
  if (!file) return new Set();
  try {
    const value = parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 }) as Record<string, unknown> | null;
    const entries = [value?.patchesStrategicMerge, value?.patches, value?.patchesJson6902].flatMap((list) => (Array.isArray(list) ? list : []));
    const paths = entries.map((entry) => (typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path))
      .filter((path): path is string => typeof path === 'string' && !path.includes('\n'));
    return new Set(paths.map((path) => resolve(dir, path)));
  } catch {
    return new Set();
  }
}
