import { FileAnalyzer, KubeObject, prepareSetIndex } from '../analysis';
import { SplitText } from '../analysis/split';
import { SETTINGS_FILE } from '../config';
import { listYamlFiles, type FileSource } from './file-source';
import type { ManifestRoles } from './manifest-roles';
import type { LoadValues, ParseObjects } from './parse-process';
import { foregroundDone, runSliced } from './slices';
import { baseName, fileKey } from './uris';

/**
 * How much YAML the index sends to be parsed at a time (a few milliseconds of parsing): it sends the
 * next batch only when no open document is being analysed, so an edit's analysis does not share the
 * machine with the parse for longer than one batch.
 */
const PARSE_BATCH_BYTES = 4096;

/** Files larger than this are left out of the index (generated bundles, CRD dumps), whatever the open-file limit. */
export const MAX_INDEXED_FILE_BYTES = 2 * 1024 * 1024;

export interface IndexLimits {
  maxFiles: number;
  /** Largest file indexed: at most the open-file size limit, and at most MAX_INDEXED_FILE_BYTES. */
  maxFileBytes: number;
  /** Files and folders left out (`files.exclude`). */
  excluded?: (uri: string) => boolean;
}

/** One indexed file. */
export interface IndexedFile {
  /** As the listing or the file event spelled it: what diagnostics are published for. */
  uri: string;
  objects: readonly KubeObject[];
  /**
   * While the index keeps sources (the workspace is checked): the text and the analyzer that parsed
   * it, so analysing the file reuses the parse, and `objects` are the analyzer's own.
   */
  source?: { analyzer: FileAnalyzer; text: string };
}

/**
 * The Kubernetes objects of the workspace's YAML files, so cross-object rules (Services and pods,
 * HPAs, PDBs, Ingresses) see beyond the open file. Built in the background, capped, and updated
 * per file when files change. It never holds the server's thread for long: folders are listed and
 * files read asynchronously through the FileSource, and each file is parsed by `parseElsewhere` (a
 * background process, in Node) or, where there is none or the index keeps sources, in slices like an
 * open document. Files are known by their fileKey, as the analysis knows them.
 */
export class WorkspaceIndex {
  private byFile = new Map<string, IndexedFile>();
  private all: KubeObject[] | undefined;
  /** The last answer of `objectsOutside`, for the same open files and the same objects. */
  private outside: { files: string; objects: readonly KubeObject[] } | undefined;
  /**
   * While a build reads the files, open documents keep seeing the objects indexed before it: a set
   * that grew with each file read would make every edit meanwhile re-check the whole set. The build
   * ends with `onUpdate`, which has them analysed again against everything.
   */
  private building = false;
  /**
   * Files parsed elsewhere during a build, unpacked as each comes (about a millisecond each), and
   * indexed when the build ends. Unpacking them all at the end was 400-600 ms of work and garbage
   * collection, and held an edit made then for 100 ms.
   */
  private pending = new Map<string, IndexedFile>();
  private generation = 0;
  private maxFileBytes = MAX_INDEXED_FILE_BYTES;
  private keepsSources = false;
  /** Moves whenever a file's objects change (or a file comes or goes). */
  version = 0;

  constructor(private readonly files: FileSource, private readonly roles: ManifestRoles, private readonly parseElsewhere?: ParseObjects) {}

  /**
   * Indexes YAML files under the folder URIs `roots` within `limits`; `onUpdate` runs once at the end.
   * `onRead` tells how far it got. The files indexed before stay until the end (open documents keep
   * seeing them), then those no longer listed leave. Returns the number of files listed, or undefined
   * when a newer build (or `clear`) took over.
   */
  async build(roots: readonly string[], limits: IndexLimits, onUpdate: () => void, onRead?: (done: number, total: number) => void): Promise<number | undefined> {
    const generation = ++this.generation;
    const stillWanted = () => generation === this.generation;
    this.maxFileBytes = limits.maxFileBytes;
    this.objectsOutside(new Set());
    this.building = true;
    try {
      return await this.read(roots, limits, stillWanted, onUpdate, onRead);
    } finally {
      if (generation === this.generation) {
        this.building = false;
        this.changed();
      }
    }
  }

  private async read(roots: readonly string[], limits: IndexLimits, stillWanted: () => boolean, onUpdate: () => void, onRead?: (done: number, total: number) => void): Promise<number | undefined> {
    const files = (await listYamlFiles(this.files, roots, limits.maxFiles, limits.excluded)).filter(isManifestName);
    if (!stillWanted()) return undefined;
    onRead?.(0, files.length);
    for (const [done, file] of files.entries()) {
      await this.updateFile(file, stillWanted);
      if (!stillWanted()) return undefined;
      onRead?.(done + 1, files.length);
    }
    const listed = new Set(files.map(fileKey));
    for (const file of [...this.byFile.keys()]) if (!listed.has(file)) this.forget(file);
    for (const [file, entry] of this.pending) this.byFile.set(file, entry);
    this.pending.clear();
    this.building = false;
    this.changed();
    onUpdate();
    return files.length;
  }

  /**
   * Whether files keep their text and analyzer (see IndexedFile.source). Turning it on takes effect as
   * files are read again (a new build); turning it off drops them at once.
   */
  keepSources(keep: boolean): void {
    this.keepsSources = keep;
    if (keep) return;
    for (const [file, entry] of this.byFile) {
      if (entry.source) this.byFile.set(file, { uri: entry.uri, objects: entry.objects.map((object) => object.asOtherObject()) });
    }
    this.all = undefined;
    this.outside = undefined;
  }

  get(uri: string): IndexedFile | undefined {
    return this.byFile.get(fileKey(uri));
  }

  /** Every indexed file, in the order first read. */
  entries(): IterableIterator<IndexedFile> {
    return this.byFile.values();
  }

  /**
   * Reads and parses the file at `uri`, in slices, dropping the work when `stillWanted` turns false.
   * What is not a regular file (a FIFO would block the read forever), too big, a Helm template or
   * unreadable leaves the index.
   */
  async updateFile(uri: string, stillWanted: () => boolean = () => true): Promise<void> {
    const file = fileKey(uri);
    try {
      const text = !isManifestName(uri) || (await this.roles.isHelmTemplate(uri)) ? undefined : await this.files.readText(uri, this.maxFileBytes);
      if (text === undefined) return this.removeFile(uri);
      if (this.keepsSources || !this.parseElsewhere) {
        // A file read again keeps its analyzer: its unchanged documents are not parsed again.
        const previous = this.byFile.get(file)?.source;
        const analyzer = this.keepsSources && previous ? previous.analyzer : new FileAnalyzer(file);
        const keep = this.keepsSources;
        const parsed = await runSliced(analyzer.parseSteps(text), stillWanted, 'background');
        if (!parsed) return;
        const objects = parsed.flatMap((chunk) => chunk.objects);
        this.byFile.set(file, keep ? { uri, objects: prepared(objects), source: { analyzer, text } } : { uri, objects: prepared(objects.map((object) => object.asOtherObject())) });
      } else {
        const load = await this.parsedElsewhere(file, text, stillWanted);
        if (!load) return;
        if (this.building) {
          // Until the build ends, a file indexed before keeps its objects; a new one has none yet.
          this.pending.set(file, unpacked(file, uri, load));
          if (!this.byFile.has(file)) this.byFile.set(file, { uri, objects: [] });
          return this.changed();
        }
        this.byFile.set(file, unpacked(file, uri, load));
      }
    } catch {
      this.byFile.delete(file);
    }
    this.pending.delete(file);
    this.changed();
  }

  /** The values of `text` parsed by `parseElsewhere`, document batch by batch; undefined once no longer wanted. */
  private async parsedElsewhere(file: string, text: string, stillWanted: () => boolean): Promise<LoadValues | undefined> {
    const loads: LoadValues[] = [];
    for (const batch of batches(SplitText.of(text).texts, PARSE_BATCH_BYTES)) {
      await foregroundDone();
      if (!stillWanted()) return undefined;
      loads.push(await this.parseElsewhere!(file, batch));
    }
    return stillWanted() ? () => loads.flatMap((load) => load()) : undefined;
  }

  removeFile(uri: string): void {
    this.forget(fileKey(uri));
  }

  clear(): void {
    this.generation++;
    this.building = false;
    this.byFile.clear();
    this.pending.clear();
    this.changed();
  }

  /** Objects of every indexed file except `files` (fileKeys of the open documents, whose live text wins). */
  objectsOutside(files: ReadonlySet<string>): readonly KubeObject[] {
    this.all ??= [...this.byFile.values()].flatMap((entry) => entry.objects);
    const key = [...files].sort().join('\n');
    if (this.outside?.files !== key) {
      const all = this.all;
      this.outside = { files: key, objects: [...files].some((file) => this.byFile.has(file)) ? all.filter((object) => !files.has(object.file)) : all };
    }
    return this.outside.objects;
  }

  private forget(file: string): void {
    this.pending.delete(file);
    if (this.byFile.delete(file)) this.changed();
  }

  private changed(): void {
    this.version++;
    if (this.building) return;
    this.all = undefined;
    this.outside = undefined;
  }
}

/** `texts` in order, grouped into runs of about `bytes` (a longer text on its own). */
function batches(texts: readonly string[], bytes: number): string[][] {
  const runs: string[][] = [];
  let size = Infinity;
  for (const text of texts) {
    if (size + text.length > bytes) {
      runs.push([]);
      size = 0;
    }
    runs.at(-1)!.push(text);
    size += text.length;
  }
  return runs;
}

function unpacked(file: string, uri: string, load: LoadValues): IndexedFile {
  return { uri, objects: prepared(load().map((value) => new KubeObject(value, undefined, file))) };
}

/** Objects of the index, ready to be indexed in a set (here, in the background, not on an edit's path). */
function prepared(objects: KubeObject[]): KubeObject[] {
  prepareSetIndex(objects);
  return objects;
}

/** The settings file beside the manifests is configuration, not a manifest (as for the CLI). */
function isManifestName(uri: string): boolean {
  return baseName(uri) !== SETTINGS_FILE;
}
