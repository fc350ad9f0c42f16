import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, createConnection, DiagnosticSeverity, DidChangeConfigurationNotification, FileChangeType,
  ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type CodeAction, type Diagnostic, type Connection, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULE_METAS, FileAnalyzer, type Finding, type RuleMeta, type Severity } from './analysis';
import { catalogue } from './catalogue/catalogue';
import { citingRules } from './catalogue/rule-evidence';
import type { Story } from './catalogue/story';
import { forgetKustomization, isHelmTemplate, isKustomizePatch, YAML_FILE } from './files';
import { fieldHover, findingsHover, type HoverOptions } from './lsp/hover';
import { storyFieldAt } from './lsp/field-at';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './lsp/settings';
import { WorkspaceIndex } from './lsp/workspace-index';
import {
  GET_STORY, LIST_CATEGORIES, LIST_RULES, SEARCH_STORIES,
  type GetStoryParams, type GetStoryResult, type ListCategoriesResult, type ListRulesResult, type RuleSummary,
  type SearchStoriesParams, type SearchStoriesResult, type StorySummary,
} from './protocol';

const SOURCE = 'k8s-failure-stories';
const DEBOUNCE_MS = 150;
const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

interface DocumentState {
  analyzer: FileAnalyzer;
  /** Inside a Helm chart's templates/ folder: not plain YAML (decided once, when the document opens). */
  helmTemplate: boolean;
  toldTooLarge?: boolean;
  findings: Finding[];
  timer?: NodeJS.Timeout;
  /** Version the findings were computed for. */
  analyzedVersion?: number;
}

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const states = new Map<string, DocumentState>();
const index = new WorkspaceIndex();
let settings: ServerSettings = DEFAULT_SETTINGS;
let workspaceRoots: string[] = [];
let canPullConfiguration = false;
/** Our VS Code client asks for "Open story" links and shows diagnostics in hovers itself; other editors get plain, complete cards. */
let hoverOptions: HoverOptions = { openStoryLinks: false };

function filePath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function stateOf(uri: string): DocumentState {
  let state = states.get(uri);
  if (!state) {
    const path = filePath(uri);
    state = { analyzer: new FileAnalyzer(path ?? uri), helmTemplate: path !== undefined && isHelmTemplate(path), findings: [] };
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

/** How long the server parses before it lets other requests (hovers, changes) in. */
const PARSE_SLICE_MS = 20;

async function analyze(uri: string): Promise<void> {
  const document = documents.get(uri);
  const state = states.get(uri);
  if (!document || !state || state.analyzedVersion === document.version) return;
  const text = document.getText();
  const version = document.version;
  const path = filePath(uri);
  try {
    if (text.length > settings.maxFileSizeMB * 1024 * 1024) {
      state.findings = [];
      if (!state.toldTooLarge) {
        state.toldTooLarge = true;
        void connection.window.showWarningMessage(`Kubernetes Failure Stories: this file is ${(text.length / 1048576).toFixed(1)} MB, over the k8sFailureStories.maxFileSizeMB limit (${settings.maxFileSizeMB} MB); it is not analysed.`);
      }
    } else {
      // A big file's first parse is spread over several turns; a newer version cancels it.
      let sliceEnd = Date.now() + PARSE_SLICE_MS;
      for (const _ of state.helmTemplate ? [] : state.analyzer.prepare(text)) {
        if (Date.now() < sliceEnd) continue;
        await new Promise((resolve) => setImmediate(resolve));
        if (documents.get(uri)?.version !== version || states.get(uri) !== state) return;
        sliceEnd = Date.now() + PARSE_SLICE_MS;
      }
      const analysis = state.analyzer.analyze(text, {
        rules: settings.rules,
        kubernetesVersion: settings.kubernetesVersion,
        otherObjects: openObjectsOutside(uri).concat(path ? index.objectsOutside(path) : []),
        helmTemplate: state.helmTemplate,
        partial: path !== undefined && isKustomizePatch(path),
      });
      state.findings = analysis.findings;
      for (const error of analysis.ruleErrors ?? []) connection.console.error(`Rule ${error.ruleId} failed on ${error.object}: ${error.message}`);
    }
    state.analyzedVersion = version;
    void connection.sendDiagnostics({ uri, version, diagnostics: state.findings.filter((f) => !f.suppressed).map(toDiagnostic) });
  } catch (error) {
    // An unexpected failure must not take the server down: log it and keep serving.
    connection.console.error(`Analysis of ${uri} failed: ${(error as Error).stack ?? String(error)}`);
  }
}

/** Objects of the other open documents (their live text wins over the index). */
function openObjectsOutside(uri: string) {
  return [...states.entries()].filter(([other]) => other !== uri).flatMap(([, state]) => state.analyzer.lastObjects);
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
  for (const [uri, state] of states) {
    state.analyzedVersion = undefined;
    schedule(uri, 0);
  }
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
  const files = await index.build(workspaceRoots, settings.workspaceIndex.maxFiles, reanalyzeAll);
  connection.console.log(`Indexed ${files} YAML files in ${Date.now() - started} ms.`);
}

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
  hoverOptions = { openStoryLinks: options.openStoryLinks === true, diagnosticsInHover: options.diagnosticsInHover === true };
  workspaceRoots = (params.workspaceFolders ?? []).flatMap((folder) => filePath(folder.uri) ?? []);
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
    const path = filePath(change.uri);
    if (!path || !YAML_FILE.test(path)) continue;
    if (/kustomization\.ya?ml$/.test(path)) forgetKustomization(path.replace(/[/\\][^/\\]+$/, ''));
    if (change.type === FileChangeType.Deleted) index.removeFile(path);
    else if (settings.workspaceIndex.enabled) await index.updateFile(path);
  }
  reanalyzeAll();
});

documents.onDidOpen(({ document }) => schedule(document.uri, 0));
documents.onDidChangeContent(({ document }) => schedule(document.uri));
documents.onDidClose(({ document }) => {
  clearTimeout(states.get(document.uri)?.timer);
  states.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

/** Hovers answer from the last analysis: no parsing on hover. */
connection.onHover(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  const state = states.get(textDocument.uri);
  if (!document || !state) return null;
  const offset = document.offsetAt(position);
  const here = state.findings.filter((f) => f.offsets.start <= offset && offset <= Math.max(f.offsets.end, f.offsets.start + 1));
  if (here.length > 0) return { contents: { kind: 'markdown', value: findingsHover(here, catalogue(), hoverOptions) } };
  const field = storyFieldAt(document.getText(), offset);
  const value = field ? fieldHover(field, catalogue(), hoverOptions) : undefined;
  return value ? { contents: { kind: 'markdown', value } } : null;
});

connection.onCodeAction(({ textDocument, range, context }) => {
  const document = documents.get(textDocument.uri);
  const state = states.get(textDocument.uri);
  if (!document || !state) return [];
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  const actions: CodeAction[] = [];
  for (const finding of state.findings) {
    if (finding.suppressed || finding.offsets.end < start || finding.offsets.start > end) continue;
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

connection.onRequest(SEARCH_STORIES, ({ query, limit }: SearchStoriesParams): SearchStoriesResult =>
  catalogue().search(query, limit ?? 200).map(toSummary));

connection.onRequest(GET_STORY, ({ id }: GetStoryParams): GetStoryResult => {
  const story = catalogue().story(id);
  if (!story) return null;
  return { ...story, rules: citingRules(id).map(({ rule, citation }) => ({ ...toRuleSummary(rule), relation: citation.relation, note: citation.note })) };
});

connection.onRequest(LIST_RULES, (): ListRulesResult => ALL_RULE_METAS.map(toRuleSummary));
connection.onRequest(LIST_CATEGORIES, (): ListCategoriesResult => [...catalogue().categories]);

documents.listen(connection);
connection.listen();
