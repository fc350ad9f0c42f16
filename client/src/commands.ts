import * as vscode from 'vscode';
import type { CatalogueTree } from './catalogue-tree';
import { GROUPING_LABEL, GROUPINGS, type Grouping } from './grouping';
import { pickAmong, pickStory } from './search';
import type { ServerApi } from './server-api';
import { copyStoryLink as copyLink, openPostmortem as openExternal, showRuleDocs as openRuleDocs } from './story-actions';
import { STORIES_HERE_VIEW } from './stories-here-tree';
import type { StoryPanel } from './story-panel';
import type { ThisFileTree } from './this-file-tree';
import type { WorkspaceStories } from './workspace-stories';

/** What the commands act on; built once in activate(). */
export interface Ctx {
  api: ServerApi;
  catalogue: CatalogueTree;
  thisFile: ThisFileTree;
  storyPanel: StoryPanel;
  here: WorkspaceStories;
  extensionUri: vscode.Uri;
}

export type Cmd = (...args: unknown[]) => unknown;

/**
 * A story id from a command argument: the id itself (tree item clicks, hover links) or a story node
 * of either tree (context menus).
 */
function storyIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (typeof arg === 'object' && arg !== null && 'story' in arg) {
    const story = (arg as { story: unknown }).story;
    if (typeof story === 'object' && story !== null && typeof (story as { id?: unknown }).id === 'string') return (story as { id: string }).id;
  }
  return undefined;
}

/** A rule id from a command argument: the id itself, or a rule, finding or story node of the This-file tree. */
function ruleIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { ruleId?: unknown }).ruleId === 'string') return (arg as { ruleId: string }).ruleId;
  return undefined;
}

/** The story an argument names, else the one in the story view, else one the user searches for. */
async function storyFor(ctx: Ctx, arg: unknown, title: string): Promise<{ title: string; url: string } | undefined> {
  const id = storyIdOf(arg);
  const shown = ctx.storyPanel.isVisible() ? ctx.storyPanel.currentStory() : undefined;
  if (!id && shown) return shown;
  const chosen = id ?? (await pickStory(ctx.api, title));
  if (!chosen) return undefined;
  const story = await ctx.api.storyById(chosen);
  if (!story) void vscode.window.showWarningMessage(`The catalogue has no story "${chosen}".`);
  return story;
}

export function searchStories(ctx: Ctx): Cmd {
  return async () => {
    const id = await pickStory(ctx.api);
    if (id) await ctx.storyPanel.show(id);
  };
}

export function openStory(ctx: Ctx): Cmd {
  return async (arg) => {
    const id = storyIdOf(arg) ?? (Array.isArray(arg) ? await pickAmong(ctx.api, arg) : undefined) ?? (await pickStory(ctx.api, 'Open Failure Story'));
    return id ? ctx.storyPanel.show(id) : false;
  };
}

/** Resolves when the first pass is over, with its result (the files checked, whether it was cancelled). */
export function checkWorkspace(ctx: Ctx): Cmd {
  return async () => {
    const result = ctx.here.checkWorkspace();
    await vscode.commands.executeCommand(`${STORIES_HERE_VIEW}.focus`);
    try {
      return await result;
    } catch (error) {
      void vscode.window.showErrorMessage(`Failure Stories could not check the workspace: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
}

export function openPostmortem(ctx: Ctx): Cmd {
  return async (arg) => {
    const story = await storyFor(ctx, arg, 'Open Postmortem in Browser');
    return story ? openExternal(story.url) : false;
  };
}

export function copyStoryLink(ctx: Ctx): Cmd {
  return async (arg) => {
    const story = await storyFor(ctx, arg, 'Copy Story Link');
    if (story) await copyLink(story.title, story.url);
  };
}

export function showRuleDocs(ctx: Ctx): Cmd {
  return async (arg) => {
    let id = ruleIdOf(arg);
    if (!id) {
      const rules = await ctx.api.listRules();
      const picked = await vscode.window.showQuickPick(
        rules.map((rule) => ({ label: rule.title, description: rule.id, detail: rule.why, id: rule.id })),
        { title: 'Show Rule Docs', placeHolder: 'Rule', matchOnDescription: true },
      );
      id = picked?.id;
    }
    return id ? openRuleDocs(ctx.extensionUri, id) : false;
  };
}

export function refresh(ctx: Ctx): Cmd {
  return () => {
    ctx.api.clearCache();
    ctx.here.refresh();
    ctx.catalogue.refresh();
    ctx.thisFile.refresh();
  };
}

export function groupBy(ctx: Ctx): Cmd {
  return async (arg) => {
    let grouping = GROUPINGS.find((g) => g === arg);
    if (!grouping) {
      const current = ctx.catalogue.grouping();
      const items = GROUPINGS.map((g): vscode.QuickPickItem & { grouping: Grouping } => ({
        label: GROUPING_LABEL[g], grouping: g, ...(g === current ? { description: 'current' } : {}),
      }));
      const picked = await vscode.window.showQuickPick(items, { title: 'Group Failure Stories by', placeHolder: `Currently by ${GROUPING_LABEL[current].toLowerCase()}` });
      grouping = picked?.grouping;
    }
    if (grouping) await ctx.catalogue.setGrouping(grouping);
  };
}

export function filterCatalogue(ctx: Ctx): Cmd {
  return async (arg) => {
    const query = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
      title: 'Filter the Failure Stories catalogue',
      prompt: 'Stories matching this search stay in the tree (title, organization, component, impact, summary).',
      placeHolder: 'e.g. ndots, OOM, AWS',
      value: ctx.catalogue.filterQuery() ?? '',
    });
    if (query !== undefined) await ctx.catalogue.setFilter(query);
  };
}

export function clearFilter(ctx: Ctx): Cmd {
  return () => ctx.catalogue.setFilter(undefined);
}
