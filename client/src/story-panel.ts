import * as vscode from 'vscode';
import type { GetStoryResult, ObjectHere } from '../../server/src/protocol';
import type { ServerApi } from './server-api';
import { copyStoryLink, openPostmortem, showRuleDocs } from './story-actions';
import { inWorkspaceHtml, objectLabel, storyHtml, type InWorkspace } from './story-html';
import { openObjectCommand, type WorkspaceStories } from './workspace-stories';

type Story = NonNullable<GetStoryResult>;
type WebviewMessage =
  | { type: 'openPostmortem' } | { type: 'copyLink' } | { type: 'showRuleDocs'; ruleId: string }
  | { type: 'openObject'; index: number } | { type: 'checkWorkspace' };

/**
 * The story view: one webview panel, reused for every story. The webview only posts messages;
 * this side checks them against the story shown (a rule must be one that cites it, an object one
 * it listed). Its "In this workspace" section follows the workspace's findings while it is open.
 */
export class StoryPanel implements vscode.Disposable {
  static readonly viewType = 'k8sFailureStories.story';
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private story: Story | undefined;
  private html: string | undefined;
  /** The objects the "In this workspace" section lists, in its order: what an openObject message may name. */
  private objects: ObjectHere[] = [];
  /** Renders the page again with another "In this workspace" section (kept for `currentHtml`). */
  private render: ((here: InWorkspace | undefined) => string) | undefined;
  /** Bumped by every show(): an older, slower getStory answer is dropped. */
  private generation = 0;

  constructor(private readonly api: ServerApi, private readonly here: WorkspaceStories, private readonly extensionUri: vscode.Uri) {
    this.subscription = here.onDidChange(() => void this.updateInWorkspace());
  }

  private readonly subscription: vscode.Disposable;

  currentStoryId(): string | undefined {
    return this.panel ? this.story?.id : undefined;
  }

  currentStory(): Story | undefined {
    return this.panel ? this.story : undefined;
  }

  /** The HTML last rendered into the panel (undefined when no panel is open). */
  currentHtml(): string | undefined {
    return this.panel ? this.html : undefined;
  }

  isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Shows a story; false (after a warning) when the catalogue has no story with that id. */
  async show(id: string): Promise<boolean> {
    const generation = ++this.generation;
    const [story, categories, here] = await Promise.all([this.api.story(id), this.api.listCategories(), this.inWorkspace(id)]);
    if (generation !== this.generation) return false;
    if (!story) {
      void vscode.window.showWarningMessage(`The catalogue has no story "${id}".`);
      return false;
    }
    const panel = this.ensurePanel();
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    this.story = story;
    const titles = new Map(categories.map((c) => [c.id, c.title]));
    const resources = {
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'story.css')).toString(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'story.js')).toString(),
      nonce: newNonce(),
    };
    this.render = (section) => storyHtml(story, titles, resources, section);
    this.objects = here.objects;
    this.html = this.render(here.section);
    panel.title = story.title;
    panel.webview.html = this.html;
    panel.reveal(undefined, false);
    return true;
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }

  /** The story's objects in the workspace, and the section listing them (undefined when the server did not answer). */
  private async inWorkspace(id: string): Promise<{ objects: ObjectHere[]; section: InWorkspace | undefined }> {
    try {
      const { scope, checking, objects, total } = await this.here.objectsOf(id);
      const section: InWorkspace = {
        scope, checking, total,
        objects: objects.map((object) => ({
          label: objectLabel(object),
          location: `${vscode.workspace.asRelativePath(vscode.Uri.parse(object.uri))}:${object.findings[0]!.range.start.line + 1}`,
          findings: object.findings,
        })),
      };
      return { objects, section };
    } catch {
      return { objects: [], section: undefined };
    }
  }

  /** Sends the open story's "In this workspace" section anew (the findings changed): the page keeps its scroll position. */
  private async updateInWorkspace(): Promise<void> {
    const story = this.story;
    if (!this.panel || !story || !this.render) return;
    const generation = this.generation;
    const here = await this.inWorkspace(story.id);
    if (generation !== this.generation || !this.panel) return;
    this.objects = here.objects;
    this.html = this.render(here.section);
    void this.panel.webview.postMessage({ type: 'inWorkspace', html: inWorkspaceHtml(here.section) });
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(StoryPanel.viewType, 'Failure Story', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [media],
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'sidebar.svg');
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => {
        for (const disposable of this.panelDisposables.splice(0)) disposable.dispose();
        this.panel = this.story = this.html = this.render = undefined;
        this.objects = [];
      }),
    ];
    this.panel = panel;
    return panel;
  }

  /** Handles a message of the story view's script (the tests post them here as the script would). */
  async receive(raw: unknown): Promise<void> {
    const story = this.story;
    if (!story || typeof raw !== 'object' || raw === null) return;
    const message = raw as Partial<WebviewMessage> & { ruleId?: unknown; index?: unknown };
    switch (message.type) {
      case 'openPostmortem':
        await openPostmortem(story.url);
        break;
      case 'copyLink':
        await copyStoryLink(story.title, story.url);
        break;
      case 'showRuleDocs':
        if (typeof message.ruleId === 'string' && story.rules.some((rule) => rule.id === message.ruleId)) await showRuleDocs(this.extensionUri, message.ruleId);
        break;
      case 'openObject': {
        const object = typeof message.index === 'number' ? this.objects[message.index] : undefined;
        if (!object) break;
        // Beside the story, not in its place: the editors' first group.
        const { command, arguments: args = [] } = openObjectCommand(object, vscode.ViewColumn.One);
        await vscode.commands.executeCommand(command, ...args);
        break;
      }
      case 'checkWorkspace':
        await vscode.commands.executeCommand('k8sFailureStories.checkWorkspace');
        break;
    }
  }
}

/** A fresh nonce for the view's script: 16 random bytes, base64 (Web Crypto, there on the desktop and the web). */
function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
