import * as vscode from 'vscode';
import type { ObjectHere, StoryHere, StorySummary } from '../../server/src/protocol';
import type { ServerApi } from './server-api';
import { DIAGNOSTIC_SEVERITY, RELATION_ICON, severityIcon, storyByline, storyTooltip } from './story-format';
import { objectLabel, RELATION_TEXT } from './story-html';
import { openObjectCommand, type WorkspaceStories } from './workspace-stories';

export type StoriesHereNode = StoryHereNode | ObjectHereNode | MoreObjectsNode;

/** A story whose citing rules fire in the workspace. */
export interface StoryHereNode { kind: 'story'; story: StorySummary; here: StoryHere }
/** An object where they fire; a click opens the first finding. */
export interface ObjectHereNode { kind: 'object'; storyId: string; object: ObjectHere }
/** Objects past the answer's limit, counted. */
export interface MoreObjectsNode { kind: 'more'; storyId: string; count: number }

export const STORIES_HERE_VIEW = 'k8sFailureStories.storiesHere';
const SCOPE_CONTEXT = 'k8sFailureStories.storiesHereScope';

/**
 * The Could Happen Here view: the stories whose rules fire somewhere in what the server checked,
 * strongest evidence first, each with its number of objects, expanding to those objects. The view's
 * message says when only the open files were checked, or while the workspace pass is still going.
 */
export class StoriesHereTree implements vscode.TreeDataProvider<StoriesHereNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private view: vscode.TreeView<StoriesHereNode> | undefined;
  /** The story nodes last listed, by story id: an object's parent, and what `reveal` looks through. */
  private storyNodes = new Map<string, StoryHereNode>();

  constructor(private readonly api: ServerApi, private readonly here: WorkspaceStories) {
    this.disposables.push(here.onDidChange(() => this.changed.fire()));
  }

  attach(view: vscode.TreeView<StoriesHereNode>): void {
    this.view = view;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  async getChildren(element?: StoriesHereNode): Promise<StoriesHereNode[]> {
    if (!element) return this.storyList();
    if (element.kind !== 'story') return [];
    const { objects, total } = await this.here.objectsOf(element.here.story);
    const nodes: StoriesHereNode[] = objects.map((object) => ({ kind: 'object', storyId: element.here.story, object }));
    if (total > objects.length) nodes.push({ kind: 'more', storyId: element.here.story, count: total - objects.length });
    return nodes;
  }

  getParent(node: StoriesHereNode): StoriesHereNode | undefined {
    return node.kind === 'story' ? undefined : this.storyNodes.get(node.storyId);
  }

  getTreeItem(node: StoriesHereNode): vscode.TreeItem {
    switch (node.kind) {
      case 'story': {
        const { story, here } = node;
        const item = new vscode.TreeItem(story.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `here/${story.id}`;
        item.description = `${plural(here.objectCount, 'object')} · ${storyByline(story)}`;
        item.iconPath = new vscode.ThemeIcon(RELATION_ICON[here.relation]);
        const tooltip = storyTooltip(story);
        tooltip.appendMarkdown('\n\n').appendText(`Could happen here: ${RELATION_TEXT[here.relation].toLowerCase()}; ${plural(here.findingCount, 'finding')} on ${plural(here.objectCount, 'object')}.`);
        item.tooltip = tooltip;
        // The story menus (open, postmortem, copy link) apply: the node carries the story like the other trees' story nodes.
        item.contextValue = 'story';
        item.accessibilityInformation = { label: `${story.title}, ${RELATION_TEXT[here.relation]}, ${plural(here.objectCount, 'object')}` };
        return item;
      }
      case 'object': {
        const { object } = node;
        const first = object.findings[0]!;
        const uri = vscode.Uri.parse(object.uri);
        const item = new vscode.TreeItem(objectLabel(object), vscode.TreeItemCollapsibleState.None);
        item.id = `here/${node.storyId}/${object.uri}/${objectLabel(object)}/${first.range.start.line}`;
        const rules = [...new Set(object.findings.map((finding) => finding.ruleId))];
        item.description = `${vscode.workspace.asRelativePath(uri)}:${first.range.start.line + 1} · ${rules.join(', ')}`;
        item.iconPath = severityIcon(DIAGNOSTIC_SEVERITY[first.severity]);
        item.resourceUri = uri;
        const tooltip = new vscode.MarkdownString();
        for (const finding of object.findings) {
          tooltip.appendText(`Ln ${finding.range.start.line + 1} · ${finding.ruleId} (${finding.relation}): ${finding.message.split('\n')[0]}`).appendMarkdown('\n\n');
        }
        item.tooltip = tooltip;
        item.command = openObjectCommand(object);
        item.contextValue = 'objectHere';
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`${plural(node.count, 'more object')} not listed`, vscode.TreeItemCollapsibleState.None);
        item.id = `here/${node.storyId}/more`;
        item.tooltip = 'The command line lists every finding by story: k8s-failure-stories check --by story <folder>';
        return item;
      }
    }
  }

  /** Shows the object of `storyId` in `uri` (the first one there) in the view, selected; false when it is not listed. */
  async reveal(storyId: string, uri: vscode.Uri): Promise<boolean> {
    await this.storyList();
    const story = this.storyNodes.get(storyId);
    if (!story || !this.view) return false;
    const objects = await this.getChildren(story);
    const target = objects.find((node) => node.kind === 'object' && vscode.Uri.parse(node.object.uri).toString() === uri.toString());
    if (!target) return false;
    await this.view.reveal(target, { select: true, focus: true, expand: true });
    return true;
  }

  private async storyList(): Promise<StoryHereNode[]> {
    let answer;
    let stories: StorySummary[];
    try {
      [answer, stories] = await Promise.all([this.here.all(), this.api.allStories()]);
    } catch (error) {
      if (this.view) this.view.message = `Could not ask the language server: ${error instanceof Error ? error.message : String(error)}`;
      return [];
    }
    const byId = new Map(stories.map((story) => [story.id, story]));
    const nodes = answer.stories.flatMap((here): StoryHereNode[] => {
      const story = byId.get(here.story);
      return story ? [{ kind: 'story', story, here }] : [];
    });
    this.storyNodes = new Map(nodes.map((node) => [node.story.id, node]));
    // The welcome text (shown when no story applies) says what was checked.
    void vscode.commands.executeCommand('setContext', SCOPE_CONTEXT, answer.scope);
    if (this.view) {
      this.view.message = answer.checking ? `Checking the workspace… ${plural(answer.files, 'file')} so far.`
        : answer.scope === 'openFiles' && nodes.length > 0 ? 'Open files only: "Check Workspace" looks at every YAML file.' : undefined;
      this.view.description = answer.scope === 'workspace' ? plural(answer.files, 'file') : 'open files';
    }
    return nodes;
  }
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
