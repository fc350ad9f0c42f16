import * as vscode from 'vscode';
import type { GetStoryResult } from '../../server/src/protocol';
import type { ServerApi } from './server-api';
import { copyStoryLink, openPostmortem, showRuleDocs } from './story-actions';
import { storyHtml } from './story-html';

type Story = NonNullable<GetStoryResult>;
type WebviewMessage = { type: 'openPostmortem' } | { type: 'copyLink' } | { type: 'showRuleDocs'; ruleId: string };

/**
 * The story view: one webview panel, reused for every story. The webview only posts messages;
 * this side checks them against the story shown (a rule must be one that cites it).
 */
export class StoryPanel implements vscode.Disposable {
  static readonly viewType = 'k8sFailureStories.story';
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private story: Story | undefined;
  private html: string | undefined;
  /** Bumped by every show(): an older, slower getStory answer is dropped. */
  private generation = 0;

  constructor(private readonly api: ServerApi, private readonly extensionUri: vscode.Uri) {}

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
    const [story, categories] = await Promise.all([this.api.story(id), this.api.listCategories()]);
    if (generation !== this.generation) return false;
    if (!story) {
      void vscode.window.showWarningMessage(`The catalogue has no story "${id}".`);
      return false;
    }
    const panel = this.ensurePanel();
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    this.story = story;
    this.html = storyHtml(story, new Map(categories.map((c) => [c.id, c.title])), {
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'story.css')).toString(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'story.js')).toString(),
      nonce: newNonce(),
    });
    panel.title = story.title;
    panel.webview.html = this.html;
    panel.reveal(undefined, false);
    return true;
  }

  dispose(): void {
    this.panel?.dispose();
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
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => {
        for (const disposable of this.panelDisposables.splice(0)) disposable.dispose();
        this.panel = this.story = this.html = undefined;
      }),
    ];
    this.panel = panel;
    return panel;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const story = this.story;
    if (!story || typeof raw !== 'object' || raw === null) return;
    const message = raw as Partial<WebviewMessage> & { ruleId?: unknown };
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
    }
  }
}

/** A fresh nonce for the view's script: 16 random bytes, base64 (Web Crypto, there on the desktop and the web). */
function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
