import { FileAnalyzer, type KubeObject } from '../analysis';
import { listYamlFiles, type FileSource } from './file-source';
import type { ManifestRoles } from './manifest-roles';
import { runSliced } from './slices';
import { fileKey } from './uris';

/** Files larger than this are left out of the index (generated bundles, CRD dumps), whatever the open-file limit. */
export const MAX_INDEXED_FILE_BYTES = 2 * 1024 * 1024;

export interface IndexLimits {
  maxFiles: number;
  /** Largest file indexed: at most the open-file size limit, and at most MAX_INDEXED_FILE_BYTES. */
  maxFileBytes: number;
}

/**
 * The Kubernetes objects of the workspace's YAML files, so cross-object rules (Services and pods,
 * HPAs, PDBs, Ingresses) see beyond the open file. Built in the background, capped, and updated
 * per file when files change. It never holds the server's thread for long: folders are listed and
 * files read asynchronously through the FileSource, and each file is parsed in slices like an open
 * document. Files are known by their fileKey, as the analysis knows them.
 */
export class WorkspaceIndex {
  private byFile = new Map<string, readonly KubeObject[]>();
  private all: KubeObject[] | undefined;
  private generation = 0;
  private maxFileBytes = MAX_INDEXED_FILE_BYTES;

  constructor(private readonly files: FileSource, private readonly roles: ManifestRoles) {}

  /**
   * Indexes YAML files under the folder URIs `roots` within `limits`; `onUpdate` runs once at the end.
   * Returns the number of files read, or undefined when a newer build (or `clear`) took over.
   */
  async build(roots: readonly string[], limits: IndexLimits, onUpdate: () => void): Promise<number | undefined> {
    const generation = ++this.generation;
    const stillWanted = () => generation === this.generation;
    this.byFile.clear();
    this.all = undefined;
    this.maxFileBytes = limits.maxFileBytes;
    const files = await listYamlFiles(this.files, roots, limits.maxFiles);
    for (const file of files) {
      if (!stillWanted()) return undefined;
      await this.updateFile(file, stillWanted);
    }
    if (!stillWanted()) return undefined;
    onUpdate();
    return files.length;
  }

  /**
   * Reads and parses the file at `uri`, in slices, dropping the work when `stillWanted` turns false.
   * What is not a regular file (a FIFO would block the read forever), too big, a Helm template or
   * unreadable leaves the index.
   */
  async updateFile(uri: string, stillWanted: () => boolean = () => true): Promise<void> {
    const file = fileKey(uri);
    try {
      const text = (await this.roles.isHelmTemplate(uri)) ? undefined : await this.files.readText(uri, this.maxFileBytes);
      if (text === undefined) return this.removeFile(uri);
      const parsed = await runSliced(new FileAnalyzer(file).parseSteps(text), stillWanted);
      if (!parsed) return;
      this.byFile.set(file, parsed.flatMap((chunk) => chunk.objects.map((object) => object.detach())));
    } catch {
      this.byFile.delete(file);
    }
    this.all = undefined;
  }

  removeFile(uri: string): void {
    if (this.byFile.delete(fileKey(uri))) this.all = undefined;
  }

  clear(): void {
    this.generation++;
    this.byFile.clear();
    this.all = undefined;
  }

  /** Objects of every indexed file except `files` (fileKeys of the open documents, whose live text wins). */
  objectsOutside(files: ReadonlySet<string>): readonly KubeObject[] {
    this.all ??= [...this.byFile.values()].flat();
    return [...files].some((file) => this.byFile.has(file)) ? this.all.filter((object) => !files.has(object.file)) : this.all;
  }
}
