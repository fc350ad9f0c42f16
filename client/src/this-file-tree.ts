import * as vscode from 'vscode';
import type { Citation, Relation, RuleSummary, StorySummary } from '../../server/src/protocol';
import { storyTreeItem } from './catalogue-tree';
import { RELATION_ICON, severityIcon } from './story-format';
import type { ServerApi } from './server-api';

export type ThisFileNode = RuleNode | FindingNode | RelationNode | RuleStoryNode;

export interface RuleNode { kind: 'rule'; ruleId: string; title: string; storyIds: string[]; citations: Citation[]; uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }
export interface FindingNode { kind: 'finding'; ruleId: string; uri: vscode.Uri; diagnostic: vscode.Diagnostic; index: number }
/** A rule's stories of one relation (cause, fix, related), listed after its findings, strongest first. */
export interface RelationNode { kind: 'relation'; ruleId: string; uri: vscode.Uri; relation: Relation; citations: Citation[] }
export interface RuleStoryNode { kind: 'story'; ruleId: string; story: StorySummary; citation: Citation }

const RELATION_GROUP = { cause: 'Caused outages', fix: 'Fixed by this', related: 'Related' } as const;
const RELATION_ORDER: readonly Relation[] = ['cause', 'fix', 'related'];

export const THIS_FILE_VIEW = 'k8sFailureStories.thisFile';
export const DIAGNOSTIC_SOURCE = 'k8s-failure-stories';
/** Drives the view's welcome text: 'noFile' (no YAML editor) or 'noFindings'; 'findings' otherwise. */
const STATE_CONTEXT = 'k8sFailureStories.thisFileState';

export function ruleIdOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code ?? 'unknown');
}

/** Our diagnostics on `uri`, read from VS Code (the server already published them). */
export function findingsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

/**
 * The This-file view: the active editor's findings grouped by rule, each rule with its findings and the
 * stories that back it. It follows the last text editor that was active, so focusing the story view or
 * a panel does not empty it; the badge counts the findings.
 */
export class ThisFileTree implements vscode.TreeDataProvider<ThisFileNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private view: vscode.TreeView<ThisFileNode> | undefined;
  private document: vscode.TextDocument | undefined;
  /** What the view shows (see `shownFindings`): a publish that changes none of it leaves the view alone. */
  private shown = '';

  constructor(private readonly api: ServerApi) {
    this.document = vscode.window.activeTextEditor?.document;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // An editor-less focus (a webview, the output panel) keeps the last file.
        if (!editor) return;
        this.document = editor.document;
        this.refresh();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document !== this.document) return;
        this.document = vscode.window.activeTextEditor?.document;
        this.refresh();
      }),
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        const current = this.document?.uri.toString();
        // The server publishes the same findings again now and then (a file they depend on changed).
        // Refreshing anyway drops every row: a rule opened right then showed no findings until the next
        // refresh (VS Code answers a request for the children of a dropped row with none).
        if (!current || !uris.some((uri) => uri.toString() === current)) return;
        const shown = shownFindings(this.document!.uri);
        if (shown !== this.shown) this.refresh(shown);
      }),
    );
  }

  attach(view: vscode.TreeView<ThisFileNode>): void {
    this.view = view;
    this.refresh();
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  /** The document whose findings are shown, if any. */
  currentUri(): vscode.Uri | undefined {
    return this.document?.uri;
  }

  findingCount(): number {
    return this.document ? findingsOf(this.document.uri).length : 0;
  }

  /** Shows the current findings (`shown`: what `shownFindings` gives for them, when already worked out). */
  refresh(shown = this.document ? shownFindings(this.document.uri) : ''): void {
    this.shown = shown;
    const count = this.findingCount();
    const isYaml = this.document?.languageId === 'yaml';
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, !this.document || (!isYaml && count === 0) ? 'noFile' : count === 0 ? 'noFindings' : 'findings');
    if (this.view) {
      this.view.badge = count > 0 ? { value: count, tooltip: `${count} ${count === 1 ? 'finding' : 'findings'} in this file` } : undefined;
      this.view.description = this.document && count > 0 ? vscode.workspace.asRelativePath(this.document.uri) : undefined;
    }
    this.changed.fire();
  }

  async getChildren(element?: ThisFileNode): Promise<ThisFileNode[]> {
    if (!element) {
      const uri = this.document?.uri;
      if (!uri) return [];
      const byRule = new Map<string, vscode.Diagnostic[]>();
      for (const diagnostic of findingsOf(uri)) {
        const id = ruleIdOf(diagnostic);
        byRule.set(id, [...(byRule.get(id) ?? []), diagnostic]);
      }
      const rules = await this.rulesById();
      return [...byRule.entries()]
        .sort(([a, da], [b, db]) => minLine(da) - minLine(db) || a.localeCompare(b))
        .map(([ruleId, diagnostics]) => {
          const rule = rules.get(ruleId);
          return { kind: 'rule', ruleId, title: rule?.title ?? ruleId, storyIds: rule?.stories ?? [], citations: rule?.citations ?? [], uri, diagnostics: sortByRange(diagnostics) };
        });
    }
    if (element.kind === 'relation') {
      const stories = await Promise.all(element.citations.map(async (citation) => ({ citation, story: await this.api.storyById(citation.story).catch(() => undefined) })));
      return stories.flatMap(({ citation, story }) => (story ? [{ kind: 'story', ruleId: element.ruleId, story, citation }] : []));
    }
    if (element.kind !== 'rule') return [];
    const findings: ThisFileNode[] = element.diagnostics.map((diagnostic, index) => ({ kind: 'finding', ruleId: element.ruleId, uri: element.uri, diagnostic, index }));
    const groups: ThisFileNode[] = RELATION_ORDER.flatMap((relation) => {
      const citations = element.citations.filter((citation) => citation.relation === relation);
      return citations.length > 0 ? [{ kind: 'relation', ruleId: element.ruleId, uri: element.uri, relation, citations }] : [];
    });
    return findings.concat(groups);
  }

  getTreeItem(node: ThisFileNode): vscode.TreeItem {
    switch (node.kind) {
      case 'rule': {
        const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `rule/${node.uri.toString()}/${node.ruleId}`;
        item.description = `${node.ruleId} · ${node.diagnostics.length}`;
        item.iconPath = new vscode.ThemeIcon('law');
        item.contextValue = 'rule';
        item.tooltip = `${node.title} (${node.ruleId}): ${node.diagnostics.length} ${node.diagnostics.length === 1 ? 'finding' : 'findings'}`;
        return item;
      }
      case 'finding': {
        const { diagnostic, uri } = node;
        const item = new vscode.TreeItem(diagnostic.message.split('\n')[0]!, vscode.TreeItemCollapsibleState.None);
        item.id = `finding/${uri.toString()}/${node.ruleId}/${node.index}`;
        item.description = `Ln ${diagnostic.range.start.line + 1}, Col ${diagnostic.range.start.character + 1}`;
        item.iconPath = severityIcon(diagnostic.severity);
        item.tooltip = diagnostic.message;
        item.contextValue = 'finding';
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
        const options: vscode.TextDocumentShowOptions = { selection: diagnostic.range, preserveFocus: false, ...(editor?.viewColumn ? { viewColumn: editor.viewColumn } : {}) };
        item.command = { command: 'vscode.open', title: 'Reveal Finding', arguments: [uri, options] };
        return item;
      }
      case 'relation': {
        const item = new vscode.TreeItem(RELATION_GROUP[node.relation], vscode.TreeItemCollapsibleState.Expanded);
        item.id = `relation/${node.uri.toString()}/${node.ruleId}/${node.relation}`;
        item.description = String(node.citations.length);
        item.iconPath = new vscode.ThemeIcon(RELATION_ICON[node.relation]);
        item.contextValue = 'relation';
        return item;
      }
      case 'story': {
        const item = storyTreeItem(node.story, `story/${this.document?.uri.toString() ?? ''}/${node.ruleId}/${node.story.id}`);
        // Our note on what the source says goes under the story's own tooltip.
        if (item.tooltip instanceof vscode.MarkdownString) item.tooltip.appendMarkdown('\n\n').appendText(node.citation.note);
        return item;
      }
    }
  }

  private async rulesById(): Promise<Map<string, RuleSummary>> {
    // Without the server's rule list the findings still show, titled by rule id.
    const rules = await this.api.listRules().catch((): RuleSummary[] => []);
    return new Map(rules.map((rule) => [rule.id, rule]));
  }
}

/** Everything of `uri`'s findings that the view shows, as one string to compare. */
function shownFindings(uri: vscode.Uri): string {
  return findingsOf(uri).map((diagnostic) => {
    const { severity, range: { start, end }, message } = diagnostic;
    return `${ruleIdOf(diagnostic)} ${severity} ${start.line}:${start.character}-${end.line}:${end.character} ${message}`;
  }).join('\n');
}

function minLine(diagnostics: vscode.Diagnostic[]): number {
  return Math.min(...diagnostics.map((d) => d.range.start.line));
}

function sortByRange(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start));
}
