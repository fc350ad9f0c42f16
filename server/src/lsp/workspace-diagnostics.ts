import type { AnalyzeOptions, Finding, KubeObject } from '../analysis';
import type { CheckWorkspaceResult, WorkspaceCheckProgress } from '../protocol';
import type { FileReport } from '../story-groups';
import { runSliced } from './slices';
import { fileKey } from './uris';
import type { WorkspaceIndex } from './workspace-index';

/** What the workspace check needs of the server around it. */
export interface WorkspaceHost {
  /** Whether the editor has the file (a fileKey) open: then its live text is analysed and published as a document. */
  isOpen(file: string): boolean;
  /** The objects of the open documents' live text, by fileKey, for those analysed at least once. */
  liveObjects(): ReadonlyMap<string, readonly KubeObject[]>;
  /** Rules, Kubernetes version and Kustomize role for analysing `uri`. */
  analyzeOptions(uri: string): Promise<Omit<AnalyzeOptions, 'analysedSet' | 'otherObjects'>>;
  /** Reads the index again keeping sources; `onRead` reports how far. False when a newer build took over. */
  buildIndex(onRead: (done: number, total: number) => void): Promise<boolean>;
  /** Converts and sends the diagnostics of a closed file; false when `stillWanted` turned false meanwhile. */
  publish(uri: string, findings: readonly Finding[], stillWanted: () => boolean): Promise<boolean>;
  /** Sends an empty list for `uri`. */
  withdraw(uri: string): void;
  progress(progress: WorkspaceCheckProgress): void;
  /** The findings behind the stories views changed. */
  findingsChanged(): void;
  log(message: string): void;
}

/** How often the first pass reports its progress at most. */
const PROGRESS_INTERVAL_MS = 200;

/** The first pass over the workspace: what is left of it once listed, and who waits for its end. */
interface FirstPass { listed: boolean; remaining: Set<string>; total: number; lastReport: number; finish(result: CheckWorkspaceResult): void }

/**
 * Diagnostics for the workspace's closed files (the `workspace` scope, or Check Workspace). Each file
 * the index reads is analysed with the analyzer that parsed it, so nothing is parsed twice, against
 * one shared set of every object (the open documents' live ones, the index's for the rest), as the
 * CLI does. The work runs a slice at a time, so hovers and edits are answered in between, and is
 * kept up to date: a file changed on disk is checked again, and when its cross-object facts (or an
 * open document's) changed, every closed file is. Open documents are left to the document analysis;
 * closing one hands it back here.
 */
export class WorkspaceDiagnostics {
  /** Findings published for closed files, by fileKey. */
  private readonly published = new Map<string, { uri: string; findings: readonly Finding[] }>();
  /** Files to analyse (fileKey → URI), in order; `announce`d ones make the others stale when their facts moved. */
  private readonly pending = new Map<string, { uri: string; announce: boolean }>();
  /** Each file's analyzer `factsVersion` after its last analysis here. */
  private readonly factsSeen = new Map<string, number>();
  private active = false;
  private draining = false;
  /** Bumped by every start and stop: a build or pass of an older one gives up. */
  private run = 0;
  private firstPass: FirstPass | undefined;
  /** Bumped when the open documents' part of the analysed set changes. */
  private openSetVersion = 0;
  private set: { key: string; objects: readonly KubeObject[] } | undefined;

  constructor(private readonly index: WorkspaceIndex, private readonly host: WorkspaceHost) {}

  get isActive(): boolean {
    return this.active;
  }

  /** Whether the first pass is still going. */
  get isChecking(): boolean {
    return this.firstPass !== undefined;
  }

  /** The closed files' findings, as published. */
  reports(): FileReport<Finding>[] {
    return [...this.published.values()].map(({ uri, findings }) => ({ file: uri, findings: [...findings] }));
  }

  /**
   * Reads the workspace again (keeping sources) and checks every file, with progress. Resolves when
   * that first pass is over, cancelled, or replaced by a newer start.
   */
  start(): Promise<CheckWorkspaceResult> {
    const run = ++this.run;
    this.active = true;
    this.endFirstPass(true);
    this.host.progress({ kind: 'begin' });
    let finish!: (result: CheckWorkspaceResult) => void;
    const result = new Promise<CheckWorkspaceResult>((resolve) => (finish = resolve));
    const pass: FirstPass = { listed: false, remaining: new Set(), total: 0, lastReport: 0, finish };
    this.firstPass = pass;
    this.index.keepSources(true);
    void this.host.buildIndex((done, total) => this.report(pass, 'reading', done, total)).then((built) => {
      if (run !== this.run) return;
      if (!built) {
        this.endFirstPass(true);
        return;
      }
      for (const entry of this.index.entries()) {
        pass.remaining.add(fileKey(entry.uri));
        this.enqueue(entry.uri, false);
      }
      pass.total = pass.remaining.size;
      pass.listed = true;
      this.report(pass, 'checking', 0, pass.total);
      this.settleFirstPass();
      void this.drain();
    }, (error: unknown) => {
      this.host.log(`Reading the workspace failed: ${String(error)}`);
      if (this.firstPass === pass) this.endFirstPass(true);
    });
    return result;
  }

  /** Stops checking closed files and withdraws their diagnostics (scope back to open files, or the user cancelled). */
  stop(): void {
    this.run++;
    this.active = false;
    this.endFirstPass(true);
    this.pending.clear();
    this.factsSeen.clear();
    this.set = undefined;
    this.index.keepSources(false);
    for (const { uri } of this.published.values()) this.host.withdraw(uri);
    this.published.clear();
    this.host.findingsChanged();
  }

  /** A file was created or changed on disk, and the index read it again (or dropped it). */
  fileChanged(uri: string): void {
    if (!this.active) return;
    if (!this.index.get(uri)) return this.fileDeleted(uri);
    this.enqueue(uri, true);
    void this.drain();
  }

  /** A file left the disk (or the index): its diagnostics go, and the files that saw its objects are checked again. */
  fileDeleted(uri: string): void {
    const file = fileKey(uri);
    const published = this.published.get(file);
    if (published) {
      this.published.delete(file);
      this.host.withdraw(published.uri);
      this.host.findingsChanged();
    }
    this.factsSeen.delete(file);
    this.pending.delete(file);
    if (this.active) this.checkEverything();
  }

  /** The editor opened the file: its document's diagnostics replace the ones published here. */
  documentOpened(uri: string): void {
    const file = fileKey(uri);
    this.pending.delete(file);
    if (this.published.delete(file)) this.host.findingsChanged();
  }

  /**
   * The editor closed the file: its findings are those of the file on disk again (true: they will be
   * published here; false: the file is not checked here, its diagnostics are to be withdrawn). When
   * its last text differed from the disk's, what the other files saw of it differs too.
   */
  documentClosed(uri: string, sameAsDisk: boolean): boolean {
    this.openSetVersion++;
    if (!this.active) return false;
    if (!sameAsDisk) this.checkEverything();
    if (!this.index.get(uri)?.source) return false;
    this.enqueue(uri, false);
    void this.drain();
    return true;
  }

  /**
   * An open document's cross-object facts changed (or were read for the first time): the closed files
   * are analysed against its live objects from now on, and checked again unless it still says what
   * its file on disk says.
   */
  openFactsChanged(sameAsDisk: boolean): void {
    this.openSetVersion++;
    if (!sameAsDisk) this.checkEverything();
  }

  /** Every closed file is checked again (settings changed, or the objects they may read did). */
  checkEverything(): void {
    if (!this.active) return;
    for (const entry of this.index.entries()) this.enqueue(entry.uri, false);
    void this.drain();
  }

  private enqueue(uri: string, announce: boolean): void {
    const file = fileKey(uri);
    const queued = this.pending.get(file);
    this.pending.set(file, { uri, announce: announce || (queued?.announce ?? false) });
  }

  /** Analyses the pending files one after the other, each in slices; one loop at a time. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.active && this.pending.size > 0) {
        const [file, job] = this.pending.entries().next().value!;
        this.pending.delete(file);
        let settled = true;
        try {
          settled = await this.check(file, job.uri, job.announce);
        } catch (error) {
          this.host.log(`Analysis of ${job.uri} failed: ${(error as Error).stack ?? String(error)}`);
        }
        const pass = this.firstPass;
        if (settled && pass?.remaining.delete(file)) this.report(pass, 'checking', pass.total - pass.remaining.size, pass.total);
        this.settleFirstPass();
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Analyses one closed file against the shared set and publishes its findings; true when done with it
   * (published, or not a closed indexed file). When the file opens or changes, the set changes or
   * checking stops meanwhile, the work is dropped unpublished and the file queued again if still wanted.
   */
  private async check(file: string, uri: string, announce: boolean): Promise<boolean> {
    const entry = this.index.get(uri);
    if (!entry?.source || this.host.isOpen(file)) return true;
    const options = await this.host.analyzeOptions(entry.uri);
    const set = this.analysedSet();
    const stillWanted = () => this.active && this.index.get(uri) === entry && this.setKey() === set.key && !this.host.isOpen(file);
    const { analyzer, text } = entry.source;
    const analysis = stillWanted() ? await runSliced(analyzer.analyzeSteps(text, { ...options, analysedSet: set.objects }), stillWanted, 'background') : undefined;
    if (!analysis || !(await this.host.publish(entry.uri, analysis.findings, stillWanted))) {
      if (this.active && this.index.get(uri) && !this.host.isOpen(file)) this.enqueue(uri, announce);
      return false;
    }
    for (const error of analysis.ruleErrors ?? []) this.host.log(`Rule ${error.ruleId} failed on ${error.object}: ${error.message}`);
    this.published.set(file, { uri: entry.uri, findings: analysis.findings });
    this.host.findingsChanged();
    const seen = this.factsSeen.get(file);
    this.factsSeen.set(file, analyzer.factsVersion);
    // A new file, or one whose labels, selectors, targets... moved: the others may read them.
    if (announce && seen !== analyzer.factsVersion) this.checkEverything();
    return true;
  }

  private setKey(): string {
    return `${this.index.version}|${this.openSetVersion}`;
  }

  /**
   * Every object the closed files are analysed against: the open documents' live objects and the
   * index's for the other files. One array while nothing changes, so the analyses share its cross-object
   * index (built once) and reuse their set-rule results.
   */
  private analysedSet(): { key: string; objects: readonly KubeObject[] } {
    const key = this.setKey();
    if (this.set?.key === key) return this.set;
    const live = this.host.liveObjects();
    const objects = [...live.values()].flat();
    for (const entry of this.index.entries()) if (!live.has(fileKey(entry.uri))) for (const object of entry.objects) objects.push(object);
    this.set = { key, objects };
    return this.set;
  }

  private report(pass: FirstPass, phase: 'reading' | 'checking', done: number, total: number): void {
    const now = Date.now();
    if (done !== total && now - pass.lastReport < PROGRESS_INTERVAL_MS) return;
    pass.lastReport = now;
    this.host.progress({ kind: 'report', phase, done, total });
  }

  /** Ends the first pass once every file it listed was checked. */
  private settleFirstPass(): void {
    if (this.firstPass?.listed && this.firstPass.remaining.size === 0) this.endFirstPass(false);
  }

  private endFirstPass(cancelled: boolean): void {
    const pass = this.firstPass;
    if (!pass) return;
    this.firstPass = undefined;
    const files = pass.total - pass.remaining.size;
    this.host.progress({ kind: 'end', files, cancelled });
    pass.finish({ files, cancelled });
  }
}
