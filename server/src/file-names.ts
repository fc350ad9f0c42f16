import { parse } from 'yaml';

/**
 * What a manifest's name and neighbours say about it: shared by the CLI (paths on disk) and the
 * language server (URIs read through its FileSource), so no file-system import here.
 */

export const YAML_FILE = /\.ya?ml$/i;
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** How to walk up from a file: Node's `path` on disk, the URI helpers in the server. */
export interface PathSteps {
  dirname(path: string): string;
  basename(path: string): string;
  join(dir: string, name: string): string;
}

/**
 * The `Chart.yaml` files whose presence makes `path` a Helm template: one beside each `templates/`
 * folder above it. A file is a template when any of them exists.
 */
export function helmChartFiles(path: string, steps: PathSteps): string[] {
  const charts: string[] = [];
  for (let dir = steps.dirname(path); dir !== steps.dirname(dir); dir = steps.dirname(dir)) {
    if (steps.basename(dir) === 'templates') charts.push(steps.join(steps.dirname(dir), 'Chart.yaml'));
  }
  return charts;
}

/** The folders whose kustomization may list `path` as a patch: patches often sit a level or two below it. */
export function kustomizationFolders(path: string, steps: PathSteps): string[] {
  const folders: string[] = [];
  for (let dir = steps.dirname(path); folders.length < 3 && dir !== steps.dirname(dir); dir = steps.dirname(dir)) folders.push(dir);
  return folders;
}

/** The patch paths a kustomization lists (relative to its folder), as written; none when it cannot be read. */
export function kustomizePatchPaths(text: string): string[] {
  try {
    const value = parse(text, { maxAliasCount: 100 }) as Record<string, unknown> | null;
    const entries = [value?.patchesStrategicMerge, value?.patches, value?.patchesJson6902].flatMap((list) => (Array.isArray(list) ? list : []));
    return entries.map((entry) => (typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path))
      .filter((path): path is string => typeof path === 'string' && !path.includes('\n'));
  } catch {
    return [];
  }
}
