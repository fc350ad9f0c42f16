import {
  CodeActionKind, DiagnosticSeverity, DidChangeConfigurationNotification, FileChangeType, TextDocuments, TextDocumentSyncKind,
  type CodeAction, type Diagnostic, type Connection, type InitializeResult, type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULE_METAS, FileAnalyzer, type Finding, type KubeObject, type RuleMeta, type Severity } from './analysis';
import { catalogue } from './catalogue/catalogue';
import { citingRules } from './catalogue/rule-evidence';
import type { Story } from './catalogue/story';
import { KUSTOMIZATION_FILES, YAML_FILE } from './file-names';
import type { FileSource } from './lsp/file-source';
import { fieldHover, findingsHover, type HoverOptions } from './lsp/hover';
import { getStoryParams, searchStoriesParams } from './lsp/request-params';
import { storyFieldAt } from './lsp/field-at';
import { findingsAt, findingsTouching } from './lsp/findings-at';
import { ManifestRoles } from './lsp/manifest-roles';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './lsp/settings';
import { runSliced } from './lsp/slices';
import { baseName, fileKey, parentUri } from './lsp/uris';
import { MAX_INDEXED_FILE_BYTES, WorkspaceIndex } from './lsp/workspace-index';
import {
  GET_STORY, LIST_CATEGORIES, LIST_RULES, SEARCH_STORIES,
  type GetStoryResult, type ListCategoriesResult, type ListRulesResult, type RuleSummary, type SearchStoriesResult, type StorySummary,
} from './protocol';

const SOURCE = 'k8s-failure-stories';
const DEBOUNCE_MS = 150;
const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

interface DocumentState {
  /** Analyses the document as its fileKey. */
  analyzer: FileAnalyzer;
  /** Inside a Helm chart's templates/ folder: not plain YAML (decided once, when the document opens). */
  helmTemplate: Promise<boolean>;
  toldTooLarge?: boolean;
  /** The findings of version `findingsVersion` of the text: hovers and code actions use them only while it is current. */
  findings: Finding[];
  findingsVersion?: number;
  timer?: NodeJS.Timeout;
  /** Counts the analyses started: one still running when a newer one starts stops at its next slice. */
  runs: number;
  /** The analyzer's `factsVersion` the other open documents were last re-analysed for. */
  factsVersionSeen: number;
}

/** The editor and the files, as the entry (node-main.ts) hands them to `startServer`. */
let connection: Connection;
let roles: ManifestRoles;
let index: WorkspaceIndex;
const documents = new TextDocuments(TextDocument);
const states = new Map<string, DocumentState>();
let settings: ServerSettings = DEFAULT_SETTINGS;
let workspaceRoots: string[] = [];
let canPullConfiguration = false;
/** Our VS Code client asks for "Open story" links and shows diagnostics in hovers itself; other editors get plain, complete cards. */
let hoverOptions: HoverOptions = { openStoryLinks: false };

function stateOf(uri: string): DocumentState {
  let state = states.get(uri);
  if (!state) {
    const helmTemplate = roles.isHelmTemplate(uri).catch(() => false);
    state = { analyzer: new FileAnalyzer(fileKey(uri)), helmTemplate, findings: [], runs: 0, factsVersionSeen: 0 };
    states.set(uri, state);
  }
  return state;
}

/** Re-analysis is debounced: while the user types, only the last version is analysed. */
function schedule(uri: string, delay = DEBOUNCE_MS): void {
  const state = stateOf(uri);
  clearTimeout(state.timer);
  state.timer = setTimeout(() => void analyze(uri), delay);
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
  const run = ++state.runs;
  const { version } = document;
  const current = () => states.get(uri) === state && state.runs === run && documents.get(uri)?.version === version;
  const progress = progressAfterDelay(`Analysing ${baseName(uri)}`);
  let diagnostics: Diagnostic[];
  try {
    const findings = await findingsOf(uri, state, document.getText(), current);
    const converted = findings && (await runSliced(toDiagnostics(findings), current));
    if (!findings || !converted) return;
    state.findings = findings;
    diagnostics = converted;
  } catch (error) {
    connection.console.error(`Analysis of ${uri} failed: ${(error as Error).stack ?? String(error)}`);
    if (!current()) return;
    state.findings = [];
    diagnostics = [analysisFailed(document, error)];
  } finally {
    progress.done();
  }
  state.findingsVersion = version;
  void connection.sendDiagnostics({ uri, version, diagnostics });
  if (state.analyzer.factsVersion !== state.factsVersionSeen) {
    state.factsVersionSeen = state.analyzer.factsVersion;
    reanalyzeOthers(uri);
  }
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
async function findingsOf(uri: string, state: DocumentState, text: string, current: () => boolean): Promise<Finding[] | undefined> {
  if (text.length > settings.maxFileSizeMB * 1024 * 1024) {
    if (!state.toldTooLarge) {
      state.toldTooLarge = true;
      void connection.window.showWarningMessage(`Kubernetes Failure Stories: this file is ${(text.length / 1048576).toFixed(1)} MB, over the k8sFailureStories.maxFileSizeMB limit (${settings.maxFileSizeMB} MB); it is not analysed.`);
    }
    return [];
  }
  const [helmTemplate, partial] = await Promise.all([state.helmTemplate, roles.isKustomizePatch(uri).catch(() => false)]);
  if (!current()) return undefined;
  const analysis = await runSliced(state.analyzer.analyzeSteps(text, {
    rules: settings.rules,
    kubernetesVersion: settings.kubernetesVersion,
    otherObjects: objectsOutside(uri),
    helmTemplate,
    partial,
  }), current);
  for (const error of analysis?.ruleErrors ?? []) connection.console.error(`Rule ${error.ruleId} failed on ${error.object}: ${error.message}`);
  return analysis?.findings;
}

/** Objects of the other open documents (their live text), and of the indexed files that are not open. */
function objectsOutside(uri: string): KubeObject[] {
  const openFiles = new Set<string>();
  const objects: (readonly KubeObject[])[] = [];
  for (const [other, state] of states) {
    openFiles.add(state.analyzer.file);
    if (other !== uri) objects.push(state.analyzer.lastObjects);
  }
  objects.push(index.objectsOutside(openFiles));
  return objects.flat();
}

/** Re-analyses the open documents whose cross-object findings may read objects of `uri`. */
function reanalyzeOthers(uri: string): void {
  for (const [other, state] of states) if (other !== uri && state.analyzer.lastObjects.length > 0) schedule(other);
}

/**
 * Most diagnostics published for one file. Sending is one message the server writes in one go (20 MB
 * and a second or more for the 58,000 findings of a 15 MB file): the cap keeps it short. The editor
 * could not usefully show more; hovers still explain every finding.
 */
const MAX_DIAGNOSTICS = 5000;

function* toDiagnostics(findings: readonly Finding[]): Generator<void, Diagnostic[], void> {
  const diagnostics: Diagnostic[] = [];
  let left = 0;
  for (const finding of findings) {
    if (finding.suppressed) continue;
    if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics.push(toDiagnostic(finding));
    else left++;
    yield;
  }
  if (left > 0) {
    diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      code: 'more-findings',
      message: `${left} more findings in this file are not shown: the editor shows the first ${MAX_DIAGNOSTICS}. The command line lists them all: k8s-failure-stories check <file>`,
    });
  }
  return diagnostics;
}

/** Said on the first line when an analysis throws (a bug): the file's findings are unknown, so none are shown. */
function analysisFailed(document: TextDocument, error: unknown): Diagnostic {
  const firstLine = /^[^\r\n]*/.exec(document.getText())![0];
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

function toDiagnostic(finding: Finding): Diagnostic {
  const story = catalogue().story(finding.stories[0] ?? '');
  return {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    ...(story ? { codeDescription: { href: story.url } } : {}),
    message: finding.message,
  };
}

function reanalyzeAll(): void {
  for (const uri of states.keys()) schedule(uri, 0);
}

function toSummary(story: Story): StorySummary {
  const { id, title, organization, year, impact, impactLevel, categories, involved, url } = story;
  return { id, title, organization, year, impact, impactLevel, categories, involved, url };
}

function toRuleSummary(rule: RuleMeta): RuleSummary {
  const { id, title, severity, severityBasis, why, fix, stories, citations } = rule;
  return { id, title, severity, severityBasis, why, fix, stories, citations };
}

async function loadSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  const raw = await connection.workspace.getConfiguration('k8sFailureStories');
  const { settings: next, problems } = readSettings(raw);
  for (const problem of problems) connection.console.warn(`k8sFailureStories.rules: ${problem}`);
  const indexChanged = JSON.stringify(next.workspaceIndex) !== JSON.stringify(settings.workspaceIndex);
  settings = next;
  if (indexChanged) void buildIndex();
}

async function buildIndex(): Promise<void> {
  if (!settings.workspaceIndex.enabled || workspaceRoots.length === 0) {
    index.clear();
    return;
  }
  const started = Date.now();
  const limits = { maxFiles: settings.workspaceIndex.maxFiles, maxFileBytes: Math.min(MAX_INDEXED_FILE_BYTES, settings.maxFileSizeMB * 1024 * 1024) };
  const progress = progressAfterDelay('Indexing the workspace\'s YAML files');
  try {
    const files = await index.build(workspaceRoots, limits, reanalyzeAll);
    if (files !== undefined) connection.console.log(`Indexed ${files} YAML files in ${Date.now() - started} ms.`);
  } finally {
    progress.done();
  }
}

/** The findings of the document's current text; none while the text is newer than the last analysis. */
function currentFindings(uri: string): readonly Finding[] | undefined {
  const document = documents.get(uri);
  const state = states.get(uri);
  if (!document || !state) return undefined;
  return state.findingsVersion === document.version ? state.findings : [];
}

/**
 * Serves the editor on `editor`, reading the workspace through `files`. Entries differ only in the
 * connection and the file source they pass here.
 */
export function startServer(editor: Connection, files: FileSource): void {
  connection = editor;
  roles = new ManifestRoles(files);
  index = new WorkspaceIndex(files, roles);

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
    hoverOptions = { openStoryLinks: options.openStoryLinks === true, diagnosticsInHover: options.diagnosticsInHover === true };
    workspaceRoots = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: SOURCE },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'k8sFailureStories' });
    await loadSettings();
    // The index is built after start-up, in the background: diagnostics for open files come first.
    setTimeout(() => void buildIndex(), 1000);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (!canPullConfiguration) settings = readSettings((change.settings as Record<string, unknown> | undefined)?.k8sFailureStories).settings;
    else await loadSettings();
    reanalyzeAll();
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const name = baseName(change.uri);
      if (KUSTOMIZATION_FILES.includes(name)) roles.forgetKustomization(parentUri(change.uri));
      if (!YAML_FILE.test(name)) continue;
      if (change.type === FileChangeType.Deleted) index.removeFile(change.uri);
      else if (settings.workspaceIndex.enabled) await index.updateFile(change.uri);
    }
    reanalyzeAll();
  });

  documents.onDidOpen(({ document }) => schedule(document.uri, 0));
  documents.onDidChangeContent(({ document }) => schedule(document.uri));
  documents.onDidClose(({ document }) => {
    const state = states.get(document.uri);
    clearTimeout(state?.timer);
    states.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    // Other open documents saw its live objects; now they see its file on disk, or nothing.
    if (state?.analyzer.lastObjects.length) reanalyzeOthers(document.uri);
  });

  /** Hovers answer from the last analysis: no parsing on hover. */
  connection.onHover(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    const findings = currentFindings(textDocument.uri);
    if (!document || !findings) return null;
    const offset = document.offsetAt(position);
    const here = findingsAt(findings, offset);
    if (here.length > 0) return { contents: { kind: 'markdown', value: findingsHover(here, catalogue(), hoverOptions) } };
    const field = storyFieldAt(document.getText(), offset);
    const value = field ? fieldHover(field, catalogue(), hoverOptions) : undefined;
    return value ? { contents: { kind: 'markdown', value } } : null;
  });

  connection.onCodeAction(({ textDocument, range, context }) => {
    const document = documents.get(textDocument.uri);
    const findings = currentFindings(textDocument.uri);
    if (!document || !findings) return [];
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const actions: CodeAction[] = [];
    for (const finding of findingsTouching(findings, start, end)) {
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

  documents.listen(connection);
  connection.listen();
}
