import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SEARCH_STORIES, type SearchStoriesParams, type SearchStoriesResult, type StorySummary } from '../../server/src/protocol';

/** The catalogue's stories, asked of the server when the view is first shown. */
export class CatalogueTree implements vscode.TreeDataProvider<StorySummary> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: StorySummary): Promise<StorySummary[]> {
    if (element) return [];
    const params: SearchStoriesParams = { query: '', limit: 1000 };
    return this.client.sendRequest<SearchStoriesResult>(SEARCH_STORIES, params);
  }

  getTreeItem(story: StorySummary): vscode.TreeItem {
    const item = new vscode.TreeItem(story.title, vscode.TreeItemCollapsibleState.None);
    item.id = story.id;
    item.description = `${story.organization} · ${story.year}`;
    item.tooltip = new vscode.MarkdownString().appendText(`${story.organization} · ${story.year}\n\nImpact: ${story.impact}`);
    item.command = { command: 'k8sFailureStories.openPostmortem', title: 'Open postmortem', arguments: [story.url] };
    return item;
  }
}
