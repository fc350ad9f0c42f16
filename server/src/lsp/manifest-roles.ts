import { helmChartFiles, KUSTOMIZATION_FILES, kustomizationFolders, kustomizePatchPaths } from '../file-names';
import type { FileSource } from './file-source';
import { childUri, fileKey, resolveUri, URI_STEPS } from './uris';

/** Kustomizations bigger than this are not read for their patch lists. */
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/**
 * What a manifest's neighbours say about it, asked through the FileSource: whether it is a Helm
 * template (a `Chart.yaml` beside a `templates/` folder above it) or a patch a kustomization lists.
 */
export class ManifestRoles {
  /** Patch files (by fileKey) listed by the kustomization of each folder (by fileKey), until it changes. */
  private readonly patches = new Map<string, Promise<Set<string>>>();

  constructor(private readonly files: FileSource) {}

  async isHelmTemplate(uri: string): Promise<boolean> {
    for (const chart of helmChartFiles(uri, URI_STEPS)) if (await this.files.exists(chart)) return true;
    return false;
  }

  async isKustomizePatch(uri: string): Promise<boolean> {
    const key = fileKey(uri);
    for (const dir of kustomizationFolders(uri, URI_STEPS)) if ((await this.patchesOf(dir)).has(key)) return true;
    return false;
  }

  /** Forgets what the kustomization in folder `dir` lists (it changed). */
  forgetKustomization(dir: string): void {
    this.patches.delete(fileKey(dir));
  }

  private patchesOf(dir: string): Promise<Set<string>> {
    let patches = this.patches.get(fileKey(dir));
    if (!patches) {
      patches = this.readPatches(dir);
      this.patches.set(fileKey(dir), patches);
    }
    return patches;
  }

  private async readPatches(dir: string): Promise<Set<string>> {
    for (const name of KUSTOMIZATION_FILES) {
      const file = childUri(dir, name);
      if (!(await this.files.exists(file))) continue;
      const text = await this.files.readText(file, MAX_KUSTOMIZATION_BYTES).catch(() => undefined);
      return new Set(kustomizePatchPaths(text ?? '').map((patch) => fileKey(resolveUri(dir, patch))));
    }
    return new Set();
  }
}
