import * as vscode from 'vscode';
import type { ServerApi } from './server-api';
import { storyByline } from './story-format';
import { plural } from './stories-here-tree';
import { findingsOf, ruleIdOf, THIS_FILE_VIEW } from './this-file-tree';

/**
 * The status-bar summary of the active file: how many failure stories its findings would repeat.
 * A click opens the This-file view. Like that view, it keeps the last text editor's file while a
 * webview or panel has the focus; hidden when no text editor is left or no story applies.
 */
export class FileStoriesStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('k8sFailureStories.fileStories', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];
  /** Bumped by every update: a slower answer about an older state is dropped. */
  private generation = 0;
  private shown = false;
  private uri = vscode.window.activeTextEditor?.document.uri;

  constructor(private readonly api: ServerApi) {
    this.item.name = 'Failure Stories of This File';
    this.item.command = `${THIS_FILE_VIEW}.focus`;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.uri = editor.document.uri;
        else if (vscode.window.visibleTextEditors.length === 0) this.uri = undefined;
        void this.update();
      }),
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        const shown = this.uri?.toString();
        if (shown && uris.some((uri) => uri.toString() === shown)) void this.update();
      }),
    );
    void this.update();
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  /** What the item shows and runs, undefined while hidden. */
  shownItem(): { text: string; tooltip: string; command: string } | undefined {
    if (!this.shown) return undefined;
    const tooltip = this.item.tooltip instanceof vscode.MarkdownString ? this.item.tooltip.value : String(this.item.tooltip ?? '');
    return { text: this.item.text, tooltip, command: String(this.item.command) };
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const uri = this.uri;
    const ruleIds = new Set(uri ? findingsOf(uri).map(ruleIdOf) : []);
    let storyIds: string[] = [];
    let titles = new Map<string, string>();
    if (ruleIds.size > 0) {
      try {
        const [rules, stories] = await Promise.all([this.api.listRules(), this.api.allStories()]);
        storyIds = [...new Set(rules.filter((rule) => ruleIds.has(rule.id)).flatMap((rule) => rule.stories))];
        titles = new Map(stories.map((story) => [story.id, `${story.title} (${storyByline(story)})`]));
      } catch {
        // Without the server's answer there is nothing to count: the item hides.
      }
    }
    if (generation !== this.generation) return;
    if (storyIds.length === 0) {
      this.shown = false;
      this.item.hide();
      return;
    }
    this.item.text = `$(book) ${plural(storyIds.length, 'failure story', 'failure stories')} ${storyIds.length === 1 ? 'applies' : 'apply'} to this file`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText('Findings in this file would repeat:').appendMarkdown('\n');
    for (const id of storyIds) tooltip.appendMarkdown('\n- ').appendText(titles.get(id) ?? id);
    tooltip.appendMarkdown('\n\n').appendText('Click to open the This File view.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: this.item.text.replace('$(book) ', '') };
    this.shown = true;
    this.item.show();
  }
}
