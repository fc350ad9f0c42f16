import * as vscode from 'vscode';
import type { ListCategoriesResult, StoryHere, StorySummary } from '../../server/src/protocol';
import { GROUPING_LABEL, groupStories, isGrouping, type Grouping } from './grouping';
import type { ServerApi } from './server-api';
import { impactIcon, storyByline, storyTooltip } from './story-format';
import type { WorkspaceStories } from './workspace-stories';

export type CatalogueNode = CatalogueGroupNode | CatalogueStoryNode;

export interface CatalogueGroupNode {
  kind: 'group';
  grouping: Grouping;
  key: string;
  label: string;
  tooltip?: string;
  stories: StorySummary[];
}

export interface CatalogueStoryNode {
  kind: 'story';
  grouping: Grouping;
  groupKey: string;
  story: StorySummary;
}

export const CATALOGUE_VIEW = 'k8sFailureStories.catalogue';
const GROUPING_STATE = 'k8sFailureStories.catalogue.groupBy';
const FILTER_CONTEXT = 'k8sFailureStories.catalogueFiltered';

/**
 * The Catalogue view: every story, grouped; the stories that could happen in this workspace are
 * marked ("3 here"). Stories, categories and filter matches are asked of the
 * server lazily (when the view first shows), never on activation. The grouping chosen from the
 * toolbar is remembered per workspace; the `k8sFailureStories.catalogue.groupBy` setting is the
 * default, and changing the setting overrides the remembered choice.
 */
export class CatalogueTree implements vscode.TreeDataProvider<CatalogueNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private view: vscode.TreeView<CatalogueNode> | undefined;
  private filter: { query: string; ids: Set<string> } | undefined;
  /** Bumped by every filter change: an answer to an older filter is dropped. */
  private filterGeneration = 0;
  /** The stories that apply to this workspace, as of the last listing. */
  private applying = new Map<string, StoryHere>();

  constructor(private readonly api: ServerApi, private readonly state: vscode.Memento, private readonly here: WorkspaceStories) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('k8sFailureStories.catalogue.groupBy')) return;
        void this.state.update(GROUPING_STATE, undefined).then(() => this.refresh());
      }),
      here.onDidChange(() => this.changed.fire()),
    );
  }

  /** How the story applies to this workspace, if it does (as the tree last showed it). */
  applies(storyId: string): StoryHere | undefined {
    return this.applying.get(storyId);
  }

  /** The tree view this provider backs (its description and message show the grouping and filter). */
  attach(view: vscode.TreeView<CatalogueNode>): void {
    this.view = view;
    this.updateViewText();
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  grouping(): Grouping {
    const remembered = this.state.get<unknown>(GROUPING_STATE);
    if (isGrouping(remembered)) return remembered;
    const setting = vscode.workspace.getConfiguration('k8sFailureStories').get<unknown>('catalogue.groupBy');
    return isGrouping(setting) ? setting : 'category';
  }

  async setGrouping(grouping: Grouping): Promise<void> {
    await this.state.update(GROUPING_STATE, grouping);
    this.refresh();
  }

  filterQuery(): string | undefined {
    return this.filter?.query;
  }

  /** Narrows the tree to the server's matches for `query`; an empty or undefined query clears the filter. */
  async setFilter(query: string | undefined): Promise<void> {
    const generation = ++this.filterGeneration;
    const trimmed = query?.trim() ?? '';
    if (trimmed === '') {
      this.filter = undefined;
    } else {
      const matches = await this.api.search(trimmed, 10_000);
      if (generation !== this.filterGeneration) return;
      this.filter = { query: trimmed, ids: new Set(matches.map((story) => story.id)) };
    }
    await vscode.commands.executeCommand('setContext', FILTER_CONTEXT, this.filter !== undefined);
    this.refresh();
  }

  refresh(): void {
    this.updateViewText();
    this.changed.fire();
  }

  async getChildren(element?: CatalogueNode): Promise<CatalogueNode[]> {
    if (element?.kind === 'story') return [];
    if (element) return element.stories.map((story) => ({ kind: 'story', grouping: element.grouping, groupKey: element.key, story }));
    const grouping = this.grouping();
    let all: StorySummary[];
    let categories: ListCategoriesResult;
    try {
      [all, categories] = await Promise.all([this.api.allStories(), grouping === 'category' ? this.api.listCategories() : []]);
      // The marks are an extra: without them the catalogue still shows.
      this.applying = await this.here.byId().catch(() => new Map<string, StoryHere>());
    } catch (error) {
      // No popup from a tree: the view's message says it, and the welcome view offers Refresh.
      if (this.view) this.view.message = `Could not load the catalogue: ${error instanceof Error ? error.message : String(error)}`;
      return [];
    }
    const filter = this.filter;
    const stories = filter ? all.filter((story) => filter.ids.has(story.id)) : all;
    this.updateViewText(stories.length, all.length);
    return groupStories(stories, grouping, categories).map((group) => ({ kind: 'group', grouping, ...group }));
  }

  getTreeItem(node: CatalogueNode): vscode.TreeItem {
    if (node.kind === 'group') {
      // Expanded while filtering, so the matches show at once.
      const state = this.filter ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(node.label, state);
      item.id = `group/${node.grouping}/${node.key}${this.filter ? '/filtered' : ''}`;
      const applying = node.stories.filter((story) => this.applying.has(story.id)).length;
      item.description = applying > 0 ? `${node.stories.length} · ${applying} here` : String(node.stories.length);
      item.tooltip = (node.tooltip ? `${node.label}: ${node.tooltip}` : node.label) + (applying > 0 ? `\n${applying} could happen in this workspace` : '');
      item.contextValue = 'storyGroup';
      item.accessibilityInformation = { label: `${node.label}, ${node.stories.length} ${node.stories.length === 1 ? 'story' : 'stories'}` };
      return item;
    }
    return storyTreeItem(node.story, `story/${node.grouping}/${node.groupKey}/${node.story.id}${this.filter ? '/filtered' : ''}`, this.applying.get(node.story.id));
  }

  getParent(): undefined {
    return undefined;
  }

  private updateViewText(shown?: number, total?: number): void {
    if (!this.view) return;
    const filter = this.filter;
    this.view.description = `by ${GROUPING_LABEL[this.grouping()].toLowerCase()}${filter ? ` · filter: ${filter.query}` : ''}`;
    if (!filter) this.view.message = undefined;
    else if (shown !== undefined) {
      this.view.message = shown === 0
        ? `No story matches "${filter.query}".`
        : `Filtered by "${filter.query}": ${shown} of ${total} stories.`;
    }
  }
}

/**
 * A story leaf, shared by the Catalogue and This-file trees (`viewItem == story` menus apply to both);
 * `here` marks a story that could happen in this workspace.
 */
export function storyTreeItem(story: StorySummary, id: string, here?: StoryHere): vscode.TreeItem {
  const item = new vscode.TreeItem(story.title, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = here ? `${here.objectCount} here · ${storyByline(story)}` : storyByline(story);
  item.iconPath = impactIcon(story.impactLevel);
  item.tooltip = storyTooltip(story);
  if (here) item.tooltip.appendMarkdown('\n\n').appendText(`Could happen here: the rules citing it fire on ${here.objectCount} ${here.objectCount === 1 ? 'object' : 'objects'} of this workspace.`);
  item.contextValue = 'story';
  item.command = { command: 'k8sFailureStories.openStory', title: 'Open Story', arguments: [story.id] };
  item.accessibilityInformation = { label: `${story.title}, ${storyByline(story)}, ${story.impactLevel} impact` };
  return item;
}
