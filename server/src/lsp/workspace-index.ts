import { readFile, stat } from 'node:fs/promises';
import { FileAnalyzer, type KubeObject } from '../analysis';
import { isHelmTemplate, listYamlFiles } from '../files';

/** Files larger than this are left out of the index (generated bundles, CRD dumps). */
const MAX_INDEXED_FILE_BYTES = 2 * 1024 * 1024;
/** Folders the index looks through at most, so listing a huge monorepo stays short. */
const MAX_INDEXED_DIRECTORIES = 20_000;

/**
 * The Kubernetes objects of the workspace's YAML files, so cross-object rules (Services and pods,
 * HPAs, PDBs, Ingresses) see beyond the open file. Built in the background, capped, and updated
 * per file when files change on disk.
 */
export class WorkspaceIndex {
  private byFile = new Map<string, readonly KubeObject[]>();
  private all: KubeObject[] | undefined;
  private generation = 0;

  /** Indexes up to `maxFiles` YAML files under `roots`, yielding between files; `onUpdate` runs once at the end. */
  async build(roots: readonly string[], maxFiles: number, onUpdate: () => void): Promise<number> {
    const generation = ++this.generation;
    this.byFile.clear();
    this.all = undefined;
    const files = roots.flatMap((root) => listYamlFiles(root, maxFiles, MAX_INDEXED_DIRECTORIES)).slice(0, maxFiles);
    for (const file of files) {
      if (generation !== this.generation) return 0;
      await this.updateFile(file);
      await new Promise((resolve) => setImmediate(resolve));
    }
    onUpdate();
    return files.length;
  }

  async updateFile(file: string): Promise<void> {
    try {
      if ((await stat(file)).size > MAX_INDEXED_FILE_BYTES || isHelmTemplate(file)) return this.removeFile(file);
      const text = await readFile(file, 'utf8');
      this.byFile.set(file, new FileAnalyzer(file).parse(text).flatMap((chunk) => chunk.object?.detach() ?? []));
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

  /** Objects of every indexed file except `file`. */
  objectsOutside(file: string): readonly KubeObject[] {
    this.all ??= [...this.byFile.values()].flat();
    return this.byFile.has(file) ? this.all.filter((object) => object.file !== file) : this.all;
  }
}
