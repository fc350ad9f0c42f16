/**
 * The extension client: the language server, the "Failure Stories" views, the story view and the
 * commands. Disposables are owned explicitly: everything is pushed to context.subscriptions.
 *
 * `activate` resolves to a small API for the real-editor tests (test/editor), `K8sFailureStoriesApi`:
 *
 *   catalogueTree
 *     getChildren(node?)      -> Promise<CatalogueNode[]>: no node = the groups of the current grouping
 *                                ({ kind: 'group', grouping, key, label, tooltip?, stories: StorySummary[] }),
 *                                a group = its stories ({ kind: 'story', grouping, groupKey, story: StorySummary }).
 *                                Honours the active filter (groups without matches are left out).
 *     getTreeItem(node)       -> vscode.TreeItem exactly as the view shows it (id, label, description, command…).
 *     getGrouping()           -> 'category' | 'organization' | 'year' | 'impactLevel' | 'involved'.
 *     setGrouping(g)          -> Promise<void>: what the "Group by…" toolbar button does (remembered per workspace).
 *     getFilter()             -> string | undefined: the active filter query.
 *     setFilter(q)            -> Promise<void>: what "Filter…" does; '' or undefined clears it (= "Clear Filter").
 *   thisFileTree
 *     getChildren(node?)      -> Promise<ThisFileNode[]>: no node = one node per rule with findings in the shown
 *                                file ({ kind: 'rule', ruleId, title, storyIds, citations, uri, diagnostics }), a rule
 *                                node = its findings ({ kind: 'finding', ruleId, uri, diagnostic, index }) then one
 *                                node per relation its stories have, strongest first ({ kind: 'relation', ruleId, uri,
 *                                relation: 'cause' | 'fix' | 'related', citations }), a relation node = its stories
 *                                ({ kind: 'story', ruleId, story, citation: { story, relation, note } }).
 *     getTreeItem(node)       -> vscode.TreeItem; a finding's `command` is `vscode.open` with `selection` = its range
 *                                (executing it is what a click does).
 *     currentUri()            -> vscode.Uri | undefined: the file shown (the last active text editor's document).
 *     findingCount()          -> number: the view's badge value (0 = no badge).
 *     onDidChange             -> vscode.Event<void>: fires when the view is refreshed (the tree's onDidChangeTreeData).
 *   storyPanel
 *     open(id)                -> Promise<boolean>: shows the story view (false when the id is unknown).
 *     currentStoryId()        -> string | undefined: the story in the view, undefined when the view is closed.
 *     currentHtml()           -> string | undefined: the HTML last rendered into the view.
 *     isVisible()             -> boolean.
 *     receive(message)        -> Promise<void>: handles a message as if the view's script posted it ({ type: 'openObject',
 *                                index } opens the index-th object of "In this workspace"; also 'openPostmortem', 'copyLink',
 *                                'showRuleDocs', 'checkWorkspace').
 *   storiesHereTree
 *     getChildren(node?)      -> Promise<StoriesHereNode[]>: no node = the stories whose citing rules fire in what was
 *                                checked, strongest evidence first ({ kind: 'story', story: StorySummary, here: { story,
 *                                relation, objectCount, findingCount } }); a story = its objects ({ kind: 'object', storyId,
 *                                object: { uri, object?: { kind, name, namespace? }, findings: [{ ruleId, relation, severity,
 *                                message, range }] } }), then { kind: 'more', storyId, count } past the server's limit.
 *     getTreeItem(node)       -> vscode.TreeItem; an object's `command` is `vscode.open` on its first finding's range.
 *     reveal(storyId, uri)    -> Promise<boolean>: selects the story's first object in `uri` in the view.
 *     selection()             -> the view's selected nodes.
 *   catalogueApplies(id)      -> { story, relation, objectCount, findingCount } | undefined: how the Catalogue marks the story
 *                                (as of its last listing).
 *   statusBarItem()           -> { text, tooltip (Markdown source), command } | undefined: the active file's status-bar
 *                                summary, undefined while hidden.
 *   searchStories(query, limit?) -> Promise<StorySummary[]>: the server search the Search QuickPick shows.
 *   listRules()             -> Promise<RuleSummary[]>: every rule as the server describes it (default severity after
 *                                the cap, citations strongest first).
 *
 * Grouping rules (what "the right groups" are): category and involved component are multi-valued (a story
 * is listed under each); components are grouped case-insensitively (key = lower case); stories with no
 * category / component sit in a group with key ''. Organization groups are keyed by the lower-cased name,
 * year groups by the year as a string, impact groups by the level, category groups by the category id.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions, Middleware } from 'vscode-languageclient';
import type { RuleSummary, StoryHere, StorySummary } from '../../server/src/protocol';
import { CATALOGUE_VIEW, CatalogueTree, type CatalogueNode } from './catalogue-tree';
import * as commands from './commands';
import { answerFileRequests } from './file-access';
import type { Grouping } from './grouping';
import { ServerApi } from './server-api';
import { FileStoriesStatus } from './file-stories-status';
import { STORIES_HERE_VIEW, StoriesHereTree, type StoriesHereNode } from './stories-here-tree';
import { StoryPanel } from './story-panel';
import { THIS_FILE_VIEW, ThisFileTree, type ThisFileNode } from './this-file-tree';
import { WorkspaceStories } from './workspace-stories';

export interface K8sFailureStoriesApi {
  catalogueTree: {
    getChildren(node?: CatalogueNode): Promise<CatalogueNode[]>;
    getTreeItem(node: CatalogueNode): vscode.TreeItem;
    getGrouping(): Grouping;
    setGrouping(grouping: Grouping): Promise<void>;
    getFilter(): string | undefined;
    setFilter(query: string | undefined): Promise<void>;
  };
  thisFileTree: {
    getChildren(node?: ThisFileNode): Promise<ThisFileNode[]>;
    getTreeItem(node: ThisFileNode): vscode.TreeItem;
    currentUri(): vscode.Uri | undefined;
    findingCount(): number;
    onDidChange: vscode.Event<void>;
  };
  storyPanel: {
    open(id: string): Promise<boolean>;
    currentStoryId(): string | undefined;
    currentHtml(): string | undefined;
    isVisible(): boolean;
    receive(message: unknown): Promise<void>;
  };
  storiesHereTree: {
    getChildren(node?: StoriesHereNode): Promise<StoriesHereNode[]>;
    getTreeItem(node: StoriesHereNode): vscode.TreeItem;
    reveal(storyId: string, uri: vscode.Uri): Promise<boolean>;
    selection(): readonly StoriesHereNode[];
  };
  catalogueApplies(storyId: string): StoryHere | undefined;
  statusBarItem(): { text: string; tooltip: string; command: string } | undefined;
  searchStories(query: string, limit?: number): Promise<StorySummary[]>;
  listRules(): Promise<RuleSummary[]>;
}

/** The only command a hover may run: the server's "Open story" links. */
const HOVER_COMMANDS = ['k8sFailureStories.openStory'];

export const CLIENT_ID = 'k8sFailureStories';
export const CLIENT_NAME = 'Kubernetes Failure Stories';

/** Makes the language client of one build (node-main.ts: a Node process; browser-main.ts: a web worker). */
export type NewClient = (options: LanguageClientOptions) => BaseLanguageClient | Promise<BaseLanguageClient>;

let client: BaseLanguageClient | undefined;

/** Activates the extension with the language client `newClient` makes: everything else is the same in every build. */
export async function activateWith(context: vscode.ExtensionContext, newClient: NewClient): Promise<K8sFailureStoriesApi> {
  const clientOptions: LanguageClientOptions = {
    // Story links open our story view; VS Code shows the diagnostic's message above the card itself.
    initializationOptions: { openStoryLinks: true, diagnosticsInHover: true },
    documentSelector: yamlSelector(),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    outputChannelName: 'Kubernetes Failure Stories',
    middleware: hoverMiddleware,
  };
  client = await newClient(clientOptions);
  context.subscriptions.push(client, ...answerFileRequests(client));

  // Nothing below asks the server anything: the views request the catalogue when they are first shown.
  const api = new ServerApi(client);
  const here = new WorkspaceStories(client);
  const catalogue = new CatalogueTree(api, context.workspaceState, here);
  const thisFile = new ThisFileTree(api);
  const storiesHere = new StoriesHereTree(api, here);
  const storyPanel = new StoryPanel(api, here, context.extensionUri);
  const status = new FileStoriesStatus(api);
  const catalogueView = vscode.window.createTreeView(CATALOGUE_VIEW, { treeDataProvider: catalogue, showCollapseAll: true });
  const thisFileView = vscode.window.createTreeView(THIS_FILE_VIEW, { treeDataProvider: thisFile, showCollapseAll: true });
  const storiesHereView = vscode.window.createTreeView(STORIES_HERE_VIEW, { treeDataProvider: storiesHere, showCollapseAll: true });
  catalogue.attach(catalogueView);
  thisFile.attach(thisFileView);
  storiesHere.attach(storiesHereView);
  context.subscriptions.push(here, catalogue, thisFile, storiesHere, storyPanel, status, catalogueView, thisFileView, storiesHereView);

  const ctx: commands.Ctx = { api, catalogue, thisFile, storyPanel, here, extensionUri: context.extensionUri };
  const register = (id: string, factory: (ctx: commands.Ctx) => commands.Cmd) =>
    context.subscriptions.push(vscode.commands.registerCommand(`k8sFailureStories.${id}`, factory(ctx)));
  register('searchStories', commands.searchStories);
  register('openStory', commands.openStory);
  register('openPostmortem', commands.openPostmortem);
  register('copyStoryLink', commands.copyStoryLink);
  register('showRuleDocs', commands.showRuleDocs);
  register('refresh', commands.refresh);
  register('groupBy', commands.groupBy);
  register('filterCatalogue', commands.filterCatalogue);
  register('clearFilter', commands.clearFilter);
  register('checkWorkspace', commands.checkWorkspace);

  try {
    await client.start();
    here.listen();
  } catch (error) {
    // The language client reports start failures itself; the views and commands stay registered.
    client.error('The Kubernetes Failure Stories language server did not start.', error);
  }

  return {
    catalogueTree: {
      getChildren: (node) => catalogue.getChildren(node),
      getTreeItem: (node) => catalogue.getTreeItem(node),
      getGrouping: () => catalogue.grouping(),
      setGrouping: (grouping) => catalogue.setGrouping(grouping),
      getFilter: () => catalogue.filterQuery(),
      setFilter: (query) => catalogue.setFilter(query),
    },
    thisFileTree: {
      getChildren: (node) => thisFile.getChildren(node),
      getTreeItem: (node) => thisFile.getTreeItem(node),
      currentUri: () => thisFile.currentUri(),
      findingCount: () => thisFile.findingCount(),
      onDidChange: thisFile.onDidChangeTreeData,
    },
    storyPanel: {
      open: (id) => storyPanel.show(id),
      currentStoryId: () => storyPanel.currentStoryId(),
      currentHtml: () => storyPanel.currentHtml(),
      isVisible: () => storyPanel.isVisible(),
      receive: (message) => storyPanel.receive(message),
    },
    storiesHereTree: {
      getChildren: (node) => storiesHere.getChildren(node),
      getTreeItem: (node) => storiesHere.getTreeItem(node),
      reveal: (storyId, uri) => storiesHere.reveal(storyId, uri),
      selection: () => storiesHereView.selection,
    },
    catalogueApplies: (storyId) => catalogue.applies(storyId),
    statusBarItem: () => status.shownItem(),
    searchStories: (query, limit) => api.search(query, limit),
    listRules: () => api.listRules(),
  };
}

/**
 * YAML documents on disk, unsaved ones, and those of the workspace folders' own schemes (github.dev's
 * `vscode-vfs:`, a virtual folder): not other schemes' copies (diff views of git history, output).
 */
function yamlSelector(): { scheme: string; language: string }[] {
  const schemes = new Set(['file', 'untitled', ...(vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme)]);
  return [...schemes].map((scheme) => ({ scheme, language: 'yaml' }));
}

/**
 * Hover cards carry "Open story" command links. VS Code runs a command link only from trusted
 * Markdown, so the hovers are trusted for exactly our own openStory command, nothing else.
 */
const hoverMiddleware: Middleware = {
  async provideHover(document, position, token, next) {
    const hover = await next(document, position, token);
    for (const content of hover?.contents ?? []) {
      if (content instanceof vscode.MarkdownString) content.isTrusted = { enabledCommands: HOVER_COMMANDS };
    }
    return hover;
  },
};

export async function deactivate(): Promise<void> {
  await client?.stop();
}
