import {
  CodeActionKind, CodeLensRefreshRequest, DiagnosticSeverity, DidChangeConfigurationNotification, FileChangeType, ResponseError, TextDocuments, TextDocumentSyncKind,
  type CodeAction, type Diagnostic, type Connection, type InitializeResult, type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { ALL_RULE_METAS, FileAnalyzer, finish, NO_FILE_FINDINGS, placedFindings, type AnalyzeOptions, type FileFindings, type Finding, type KubeObject, type RuleMeta } from './analysis';
import type { SplitText } from './analysis/split';
import { catalogue } from './catalogue/catalogue';
import { citingRules } from './catalogue/rule-evidence';
import type { Story } from './catalogue/story';
import { SETTINGS_FILE } from './config';
import { KUSTOMIZATION_FILES, YAML_FILE } from './file-names';
import { objectLenses } from './lsp/code-lens';
import { ExcludeMatcher, WorkspaceExcludes } from './lsp/exclude';
import { Debouncer, MAX_DELAY_MS } from './lsp/debounce';
import { fileDiagnostics, placedAround, PublishedDiagnostics, SOURCE } from './lsp/diagnostics';
import type { FileSource } from './lsp/file-source';
import { fieldHover, findingsHover, type HoverOptions } from './lsp/hover';
import { getStoryParams, searchStoriesParams } from './lsp/request-params';
import { storyFieldAt } from './lsp/field-at';
import { findingsAt, findingsTouching } from './lsp/findings-at';
import { LiveDocument } from './lsp/live-document';
import { ManifestRoles } from './lsp/manifest-roles';
import { DEFAULT_SETTINGS, readSettings, type DiagnosticsScope, type ServerSettings } from './lsp/settings';
import { SettingsFiles, type EffectiveSettings } from './lsp/settings-files';
import { inForeground, runSliced } from './lsp/slices';
import { StoriesHere } from './lsp/stories-here';
import { baseName, fileKey, parentUri } from './lsp/uris';
import { WorkspaceDiagnostics, type WorkspaceHost } from './lsp/workspace-diagnostics';
import type { ParseObjects } from './lsp/parse-process';
import { MAX_INDEXED_FILE_BYTES, WorkspaceIndex } from './lsp/workspace-index';
import {
  CANCEL_WORKSPACE_CHECK, CHECK_WORKSPACE, GET_STORY, LIST_CATEGORIES, LIST_RULES, MAX_OBJECTS_HERE, OBJECTS_HERE, SEARCH_STORIES,
  STORIES_HERE, STORIES_HERE_CHANGED, WORKSPACE_CHECK_PROGRESS,
  type CheckWorkspaceResult, type GetStoryResult, type ListCategoriesResult, type ListRulesResult, type ObjectsHereResult, type RuleSummary,
  type SearchStoriesResult, type StoriesHereResult, type StorySummary,
} from './protocol';
import type { FileReport } from './story-groups';


interface DocumentState {
  /** Analyses the document as its fileKey. */
  analyzer: FileAnalyzer;
  /** Inside a Helm chart's templates/ folder: not plain YAML (decided once, when the document opens). */
  helmTemplate: Promise<boolean>;
  toldTooLarge?: boolean;
  /** The findings of version `findingsVersion` of the text, document by document: hovers and code actions use them only while it is current. */
  findings: FileFindings;
  /** The same findings in one list in file positions, worked out when first asked for (stories views, code lenses). */
  placed?: Finding[];
  findingsVersion?: number;
  debouncer: Debouncer;
  /** Counts the analyses started: one still running when a newer one starts stops at its next slice. */
  runs: number;
  /** The analyzer's `factsVersion` the other open documents were last re-analysed for. */
  factsVersionSeen: number;
  /** What was last published, so the next publish looks only at the documents that changed. */
  published: PublishedDiagnostics;
}

/** The editor and the files, as an entry (node-main.ts, browser-main.ts) hands them to `startServer`. */
let connection: Connection;
let files: FileSource;
let roles: ManifestRoles;
let index: WorkspaceIndex;
let workspace: WorkspaceDiagnostics;
/** The open documents, each held as its YAML documents: an edit re-cuts only those around it. */
const documents = new TextDocuments<LiveDocument>({ create: LiveDocument.create, update: LiveDocument.update });
const states = new Map<string, DocumentState>();
let settings: ServerSettings = DEFAULT_SETTINGS;
const settingsFiles = new SettingsFiles();
let excludes = new WorkspaceExcludes(new Map());
/** Check Workspace sets 'workspace' for the session, cancelling its progress 'openFiles'; the scope setting clears it. */
let sessionScope: DiagnosticsScope | undefined;
let workspaceRoots: string[] = [];
let canPullConfiguration = false;
/** Our VS Code client asks for "Open story" links and shows diagnostics in hovers itself; other editors get plain, complete cards. */
let hoverOptions: HoverOptions = { openStoryLinks: false };

function stateOf(uri: string): DocumentState {
  let state = states.get(uri);
  if (!state) {
    const helmTemplate = roles.isHelmTemplate(uri).catch(() => false);
    state = { analyzer: new FileAnalyzer(fileKey(uri)), helmTemplate, findings: NO_FILE_FINDINGS, debouncer: new Debouncer(() => void analyze(uri)), runs: 0, factsVersionSeen: 0, published: new PublishedDiagnostics() };
    states.set(uri, state);
  }
  return state;
}

/**
 * Analyses the current text in slices (hovers and edits are answered in between) and publishes its
 * diagnostics, unless a newer version or run took over meanwhile: what is published always belongs
 * to the version it names. A failed analysis publishes one diagnostic saying so, never stale ones.
 */
async function analyze(uri: string): Promise<void> {
  const document = documents.get(uri);
  const state = states.get(uri);
  if (!document || !state) return;
  const started = Date.now();
  const run = ++state.runs;
  const { version } = document;
  const current = () => states.get(uri) === state && state.runs === run && documents.get(uri)?.version === version;
  const progress = progressAfterDelay(`Analysing ${baseName(uri)}`);
  let diagnostics: Diagnostic[];
  try {
    // Foreground: the workspace index and closed files wait while an open document is analysed.
    const { findings, converted } = await inForeground(async () => {
      const findings = await findingsOf(uri, state, document.source, current, earlyPublisher(uri, state, document.source.length, version, current));
      return { findings, converted: findings && (await runSliced(state.published.update(findings), current)) };
    });
    if (!findings || !converted) return state.debouncer.dropped();
    state.findings = findings;
    diagnostics = converted;
  } catch (error) {
    connection.console.error(`Analysis of ${uri} failed: ${(error as Error).stack ?? String(error)}`);
    if (!current()) return state.debouncer.dropped();
    state.findings = NO_FILE_FINDINGS;
    diagnostics = [analysisFailed(document, error)];
  } finally {
    progress.done();
  }
  state.findingsVersion = version;
  state.placed = undefined;
  void connection.sendDiagnostics({ uri, version, diagnostics });
  state.debouncer.finished(Date.now() - started);
  findingsChanged();
  if (settings.codeLens) refreshLenses();
  if (state.analyzer.factsVersion !== state.factsVersionSeen) {
    // Opened unchanged, a document says what its file on disk says: the closed files' findings stand.
    const sameAsDisk = state.factsVersionSeen === 0 && index.get(uri)?.source?.text === document.getText();
    state.factsVersionSeen = state.analyzer.factsVersion;
    reanalyzeOthers(uri);
    workspace.openFactsChanged(sameAsDisk);
  }
}

/** A first analysis of a file this big publishes its syntax errors as soon as it is parsed, then its findings. */
const EARLY_PUBLISH_CHARACTERS = 256 * 1024;

/**
 * For the first analysis of a big document: publishes what parsing found (syntax errors) before any
 * rule runs, so the editor hears back at the cost of the parse; the complete diagnostics follow.
 */
function earlyPublisher(uri: string, state: DocumentState, length: number, version: number, current: () => boolean): AnalyzeOptions['onParsed'] {
  if (state.findingsVersion !== undefined || length < EARLY_PUBLISH_CHARACTERS) return undefined;
  return (parsed) => {
    if (current()) void connection.sendDiagnostics({ uri, version, diagnostics: finish(fileDiagnostics(parsed)) });
  };
}

/** How long an analysis runs before the editor shows that it is under way. */
const PROGRESS_DELAY_MS = 250;

/** Progress shown in the editor only if the work is still going after PROGRESS_DELAY_MS (most analyses are done well before). */
function progressAfterDelay(title: string): { done(): void } {
  let finished = false;
  let reporter: WorkDoneProgressServerReporter | undefined;
  const timer = setTimeout(async () => {
    try {
      reporter = await connection.window.createWorkDoneProgress();
    } catch {
      return;
    }
    if (finished) reporter.done();
    else reporter.begin(title);
  }, PROGRESS_DELAY_MS);
  return {
    done() {
      finished = true;
      clearTimeout(timer);
      reporter?.done();
    },
  };
}

/** The findings of `text`, worked out in slices; undefined when `current` turned false meanwhile. */
async function findingsOf(uri: string, state: DocumentState, text: SplitText, current: () => boolean, onParsed?: AnalyzeOptions['onParsed']): Promise<FileFindings | undefined> {
  const { rules, kubernetesVersion, maxFileSizeMB } = settingsFor(uri);
  if (text.length > maxFileSizeMB * 1024 * 1024) {
    if (!state.toldTooLarge) {
      state.toldTooLarge = true;
      void connection.window.showWarningMessage(`Kubernetes Failure Stories: this file is ${(text.length / 1048576).toFixed(1)} MB, over the k8sFailureStories.maxFileSizeMB limit (${maxFileSizeMB} MB); it is not analysed.`);
    }
    return NO_FILE_FINDINGS;
  }
  const [helmTemplate, partial] = await Promise.all([state.helmTemplate, roles.isKustomizePatch(uri).catch(() => false)]);
  if (!current()) return undefined;
  const analysis = await runSliced(state.analyzer.analyzeSteps(text, {
    rules,
    kubernetesVersion,
    otherObjects: objectsOutside(uri),
    helmTemplate,
    partial,
    onParsed,
  }), current);
  for (const error of analysis?.ruleErrors ?? []) connection.console.error(`Rule ${error.ruleId} failed on ${error.object}: ${error.message}`);
  return analysis?.documentFindings;
}

/** Objects of the other open documents (their live text), and of the indexed files that are not open. */
function objectsOutside(uri: string): readonly KubeObject[] {
  const openFiles = new Set<string>();
  const parts: (readonly KubeObject[])[] = [];
  for (const [other, state] of states) {
    openFiles.add(state.analyzer.file);
    if (other !== uri && state.analyzer.lastObjects.length > 0) parts.push(state.analyzer.lastObjects);
  }
  parts.push(index.objectsOutside(openFiles));
  // The same array while its parts are the same: the analysis then keeps the lookups it built over them.
  const last = outsideOf.get(uri);
  if (last && last.parts.length === parts.length && last.parts.every((part, i) => part === parts[i])) return last.objects;
  const objects = parts.length === 1 ? parts[0]! : parts.flat();
  outsideOf.set(uri, { parts, objects });
  return objects;
}

/** The last `objectsOutside` of each open document, and what it was made of. */
const outsideOf = new Map<string, { parts: (readonly KubeObject[])[]; objects: readonly KubeObject[] }>();

/** Re-analyses the open documents whose cross-object findings may read objects of `uri`. */
function reanalyzeOthers(uri: string): void {
  for (const [other, state] of states) if (other !== uri && state.analyzer.lastObjects.length > 0) state.debouncer.request(MAX_DELAY_MS);
}

/** Said on the first line when an analysis throws (a bug): the file's findings are unknown, so none are shown. */
function analysisFailed(document: LiveDocument, error: unknown): Diagnostic {
  const firstLine = /^[^\r\n]*/.exec(document.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }))![0];
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    code: 'analysis-failed',
    message: `Kubernetes Failure Stories could not analyse this file, so it shows no findings for it. This is a bug, please report it: ${firstLineOf(error)}`,
  };
}

function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(/\r\n|[\r\n]/)[0]!;
}

function reanalyzeAll(): void {
  for (const state of states.values()) state.debouncer.request();
}

function toSummary(story: Story): StorySummary {
  const { id, title, organization, year, impact, impactLevel, categories, involved, url } = story;
  return { id, title, organization, year, impact, impactLevel, categories, involved, url };
}

function toRuleSummary(rule: RuleMeta): RuleSummary {
  const { id, title, severity, severityBasis, why, fix, stories, citations } = rule;
  return { id, title, severity, severityBasis, why, fix, stories, citations };
}

/** Reads the settings and each folder's `files.exclude`; what changed is applied. */
async function loadSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  const [raw, ...excludeSettings] = await connection.workspace.getConfiguration([
    { section: 'k8sFailureStories' },
    ...workspaceRoots.map((root) => ({ section: 'files.exclude', scopeUri: root })),
  ]) as unknown[];
  const { settings: next, problems } = readSettings(raw);
  for (const problem of problems) connection.console.warn(`k8sFailureStories.rules: ${problem}`);
  const excludesKey = JSON.stringify(excludeSettings);
  const excludesChanged = excludesKey !== lastExcludes;
  lastExcludes = excludesKey;
  excludes = new WorkspaceExcludes(new Map(workspaceRoots.map((root, i) => [root, new ExcludeMatcher(excludeSettings[i])])));
  applySettings(next, excludesChanged);
}

/** `files.exclude` of each folder as last read, to tell when it changed. */
let lastExcludes = '';
/** Whether start-up is over (the first index build began, a second in): settings changes apply from then on. */
let pastStartUp = false;

function applySettings(next: ServerSettings, excludesChanged = false): void {
  const indexChanged = excludesChanged || JSON.stringify(next.workspaceIndex) !== JSON.stringify(settings.workspaceIndex);
  const scopeChanged = next.diagnosticsScope !== settings.diagnosticsScope;
  const lensesChanged = next.codeLens !== settings.codeLens;
  settings = next;
  // Changing the setting ends what Check Workspace (or cancelling it) chose for the session.
  if (scopeChanged) sessionScope = undefined;
  // Before the first build (see onInitialized) there is nothing to rebuild yet.
  if (pastStartUp && (indexChanged || scopeChanged)) syncWorkspace(indexChanged);
  if (lensesChanged) refreshLenses();
}

/** The settings analysing `uri` uses: the editor's over its folder's `.k8s-failure-stories.yaml`. */
function settingsFor(uri: string): EffectiveSettings {
  return settingsFiles.effective(uri, settings);
}

async function loadSettingsFiles(): Promise<void> {
  const problems = await settingsFiles.load(workspaceRoots, files);
  for (const problem of problems) connection.console.warn(problem);
}

/**
 * Reads the index (`onRead` tells how far). Returns false when it is turned off or a newer build took
 * over. Its size limit is the first folder's: the CLI too reads the settings file of the first folder.
 */
async function buildIndex(onRead?: (done: number, total: number) => void): Promise<boolean> {
  if (!settings.workspaceIndex.enabled || workspaceRoots.length === 0) {
    index.clear();
    return false;
  }
  const started = Date.now();
  const maxFileSizeMB = settingsFor(workspaceRoots[0]!).maxFileSizeMB;
  const limits = {
    maxFiles: settings.workspaceIndex.maxFiles,
    maxFileBytes: Math.min(MAX_INDEXED_FILE_BYTES, maxFileSizeMB * 1024 * 1024),
    excluded: (uri: string) => excludes.excludes(uri),
  };
  const progress = progressAfterDelay('Indexing the workspace\'s YAML files');
  try {
    const listed = await index.build(workspaceRoots, limits, reanalyzeAll, onRead);
    if (listed !== undefined) connection.console.log(`Indexed ${listed} YAML files in ${Date.now() - started} ms.`);
    return listed !== undefined;
  } finally {
    progress.done();
  }
}

/*
 * The workspace check: diagnostics for closed files too (see WorkspaceDiagnostics), and the stories
 * that could happen here.
 */

function checksWorkspace(): boolean {
  return settings.workspaceIndex.enabled && workspaceRoots.length > 0 && (sessionScope ?? settings.diagnosticsScope) === 'workspace';
}

/** Starts or stops the workspace check to match the settings; reads the index again when `rebuildIndex`. */
function syncWorkspace(rebuildIndex: boolean): void {
  if (checksWorkspace()) {
    if (rebuildIndex || !workspace.isActive) void workspace.start();
    return;
  }
  if (workspace.isActive) workspace.stop();
  if (rebuildIndex) void buildIndex();
}

function openFileKeys(): Set<string> {
  return new Set([...states.values()].map((state) => state.analyzer.file));
}

function workspaceHost(): WorkspaceHost {
  return {
    isOpen: (file) => openFileKeys().has(file),
    liveObjects: () => new Map([...states.values()].filter((state) => state.findingsVersion !== undefined).map((state) => [state.analyzer.file, state.analyzer.lastObjects])),
    analyzeOptions: async (uri) => {
      const { rules, kubernetesVersion } = settingsFor(uri);
      return { rules, kubernetesVersion, partial: await roles.isKustomizePatch(uri).catch(() => false) };
    },
    buildIndex,
    publish: async (uri, findings, stillWanted) => {
      const diagnostics = await runSliced(fileDiagnostics({ perDocument: [findings], offsets: [0], lines: [0] }), stillWanted);
      if (diagnostics) void connection.sendDiagnostics({ uri, diagnostics });
      return diagnostics !== undefined;
    },
    withdraw: (uri) => void connection.sendDiagnostics({ uri, diagnostics: [] }),
    progress: (progress) => void connection.sendNotification(WORKSPACE_CHECK_PROGRESS, progress),
    findingsChanged,
    log: (message) => connection.console.error(message),
  };
}

/** The stories views' answers, worked out once per change of the findings. */
let storiesHere: StoriesHere | undefined;
let storiesHereTimer: NodeJS.Timeout | undefined;
/** The client hears of changed findings at most this often. */
const STORIES_HERE_DELAY_MS = 300;

function findingsChanged(): void {
  storiesHere = undefined;
  storiesHereTimer ??= setTimeout(() => {
    storiesHereTimer = undefined;
    void connection.sendNotification(STORIES_HERE_CHANGED);
  }, STORIES_HERE_DELAY_MS);
}

/** The findings of what was checked: the open documents' current ones and, when the workspace is checked, the closed files'. */
function checkedReports(): FileReport<Finding>[] {
  const open = [...states.keys()].flatMap((uri) => {
    const findings = currentFindings(uri);
    return findings ? [{ file: uri, findings: [...findings] }] : [];
  });
  return [...open, ...workspace.reports()];
}

/** What the stories views' answers cover, and whether the first workspace pass is still going. */
function checkedScope(): { scope: DiagnosticsScope; checking: boolean } {
  return { scope: workspace.isActive ? 'workspace' : 'openFiles', checking: workspace.isChecking };
}

function currentStoriesHere(): StoriesHere {
  return (storiesHere ??= new StoriesHere(checkedReports()));
}

let lensRefreshPending = false;

/** Asks the editor for the lenses again (the setting or the findings changed), once per turn. */
function refreshLenses(): void {
  if (lensRefreshPending || !canRefreshLenses) return;
  lensRefreshPending = true;
  setTimeout(() => {
    lensRefreshPending = false;
    void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }, 0);
}

let canRefreshLenses = false;

/** The findings of the document's current text, document by document; none while the text is newer than the last analysis. */
function currentDocumentFindings(uri: string): FileFindings | undefined {
  const document = documents.get(uri);
  const state = states.get(uri);
  if (!document || !state) return undefined;
  return state.findingsVersion === document.version ? state.findings : NO_FILE_FINDINGS;
}

/** The same in one list in file positions (worked out once per analysis, for the views that list them all). */
function currentFindings(uri: string): readonly Finding[] | undefined {
  const state = states.get(uri);
  const documentFindings = currentDocumentFindings(uri);
  if (!state || !documentFindings) return undefined;
  if (documentFindings !== state.findings) return [];
  return (state.placed ??= placedFindings(documentFindings));
}

/**
 * Serves the editor on `editor`, reading the workspace through `files`. Entries differ only in the
 * connection and the file source they pass here, and in Node a background process that parses
 * the workspace's files for the index (`parseElsewhere`).
 */
export function startServer(editor: Connection, fileSource: FileSource, parseElsewhere?: ParseObjects): void {
  connection = editor;
  files = fileSource;
  roles = new ManifestRoles(files);
  index = new WorkspaceIndex(files, roles, parseElsewhere);
  workspace = new WorkspaceDiagnostics(index, workspaceHost());

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
    hoverOptions = { openStoryLinks: options.openStoryLinks === true, diagnosticsInHover: options.diagnosticsInHover === true };
    workspaceRoots = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: SOURCE },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: ['k8sFailureStories', 'files.exclude'] });
    await Promise.all([loadSettings(), loadSettingsFiles()]);
    // The index is built after start-up, in the background: diagnostics for open files come first.
    setTimeout(() => {
      pastStartUp = true;
      syncWorkspace(true);
    }, 1000);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (!canPullConfiguration) applySettings(readSettings((change.settings as Record<string, unknown> | undefined)?.k8sFailureStories).settings);
    else await loadSettings();
    reanalyzeAll();
    workspace.checkEverything();
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    let checkEverything = false;
    for (const change of changes) {
      const name = baseName(change.uri);
      if (KUSTOMIZATION_FILES.includes(name)) {
        // Which files are its patches may have changed.
        roles.forgetKustomization(parentUri(change.uri));
        checkEverything = true;
      }
      if (name === SETTINGS_FILE) {
        await loadSettingsFiles();
        checkEverything = true;
      }
      if (!YAML_FILE.test(name) || name === SETTINGS_FILE) continue;
      if (change.type === FileChangeType.Deleted) {
        index.removeFile(change.uri);
        workspace.fileDeleted(change.uri);
      } else if (settings.workspaceIndex.enabled && !excludes.excludes(change.uri)) {
        await index.updateFile(change.uri);
        workspace.fileChanged(change.uri);
      }
    }
    if (checkEverything) workspace.checkEverything();
    reanalyzeAll();
  });

  documents.onDidOpen(({ document }) => workspace.documentOpened(document.uri));
  // Opening a document fires a content change too.
  documents.onDidChangeContent(({ document }) => stateOf(document.uri).debouncer.changed());
  documents.onDidClose(({ document }) => {
    const state = states.get(document.uri);
    state?.debouncer.cancel();
    states.delete(document.uri);
    outsideOf.delete(document.uri);
    // Checking the workspace, the file's findings on disk replace the document's: nothing is withdrawn.
    const sameAsDisk = index.get(document.uri)?.source?.text === document.getText();
    if (!workspace.documentClosed(document.uri, sameAsDisk)) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    findingsChanged();
    // Other open documents saw its live objects; now they see its file on disk, or nothing.
    if (state?.analyzer.lastObjects.length) reanalyzeOthers(document.uri);
  });

  /** Hovers answer from the last analysis: no parsing on hover. */
  connection.onHover(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    const findings = currentDocumentFindings(textDocument.uri);
    if (!document || !findings) return null;
    const offset = document.offsetAt(position);
    const here = placedAround(findings, offset, offset, (local, at) => findingsAt(local, offset - at));
    if (here.length > 0) return { contents: { kind: 'markdown', value: findingsHover(here, catalogue(), hoverOptions) } };
    const lineStart = document.offsetAt({ line: position.line, character: 0 });
    const field = storyFieldAt(document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }), offset - lineStart);
    const value = field ? fieldHover(field, catalogue(), hoverOptions) : undefined;
    return value ? { contents: { kind: 'markdown', value } } : null;
  });

  connection.onCodeAction(({ textDocument, range, context }) => {
    const document = documents.get(textDocument.uri);
    const findings = currentDocumentFindings(textDocument.uri);
    if (!document || !findings) return [];
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const actions: CodeAction[] = [];
    for (const finding of placedAround(findings, start, end, (local, at) => findingsTouching(local, start - at, end - at))) {
      if (finding.suppressed) continue;
      // Quick fixes find their diagnostic by rule id and range, never by message text.
      const diagnostic = context.diagnostics.find((d) => d.code === finding.ruleId && d.range.start.line === finding.range.start.line);
      const diagnostics = diagnostic ? [diagnostic] : [];
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: true,
          edit: { changes: { [textDocument.uri]: fix.edits.map((edit) => ({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText })) } },
        });
      }
      const line = finding.range.start.line;
      const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
      const indent = /^\s*(?:-\s+)?/.exec(lineText)![0].replace('-', ' ').replace(/./g, ' ');
      actions.push({
        title: `Suppress ${finding.ruleId} on this line`, kind: CodeActionKind.QuickFix, diagnostics,
        edit: { changes: { [textDocument.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# k8s-failure-stories-disable-next-line ${finding.ruleId} -- \n` }] } },
      });
    }
    return actions;
  });

  connection.onRequest(SEARCH_STORIES, (params: unknown): SearchStoriesResult => {
    const { query, limit } = searchStoriesParams(params);
    return catalogue().search(query, limit ?? 200).map(toSummary);
  });

  connection.onRequest(GET_STORY, (params: unknown): GetStoryResult => {
    const { id } = getStoryParams(params);
    const story = catalogue().story(id);
    if (!story) return null;
    return { ...story, rules: citingRules(id).map(({ rule, citation }) => ({ ...toRuleSummary(rule), relation: citation.relation, note: citation.note })) };
  });

  connection.onRequest(LIST_RULES, (): ListRulesResult => ALL_RULE_METAS.map(toRuleSummary));
  connection.onRequest(LIST_CATEGORIES, (): ListCategoriesResult => [...catalogue().categories]);

  connection.onRequest(STORIES_HERE, (): StoriesHereResult => {
    const here = currentStoriesHere();
    return { ...checkedScope(), files: checkedReports().length, stories: here.stories() };
  });

  connection.onRequest(OBJECTS_HERE, (params: unknown): ObjectsHereResult => {
    const { id } = getStoryParams({ id: (params as { story?: unknown } | null)?.story });
    const objects = currentStoriesHere().objectsOfStory(id);
    return { ...checkedScope(), objects: objects.slice(0, MAX_OBJECTS_HERE), total: objects.length };
  });

  connection.onRequest(CHECK_WORKSPACE, async (): Promise<CheckWorkspaceResult> => {
    if (workspaceRoots.length === 0) throw new ResponseError(1, 'no folder is open: open the repository as a folder or workspace.');
    if (!settings.workspaceIndex.enabled) throw new ResponseError(1, 'the workspace index is turned off (k8sFailureStories.workspaceIndex.enabled).');
    sessionScope = 'workspace';
    return workspace.start();
  });

  connection.onRequest(CANCEL_WORKSPACE_CHECK, () => {
    sessionScope = 'openFiles';
    if (workspace.isActive) workspace.stop();
  });

  connection.onCodeLens(({ textDocument }) => {
    const state = states.get(textDocument.uri);
    const document = documents.get(textDocument.uri);
    const findings = currentFindings(textDocument.uri);
    if (!settings.codeLens || !state || !document || !findings?.length) return [];
    // The findings are current, so the analyzer parsed this very text: parsing it again only looks its documents up.
    return objectLenses(state.analyzer.parse(document.source), findings, catalogue());
  });

  documents.listen(connection);
  connection.listen();
}
