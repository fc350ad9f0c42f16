import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  CANCEL_WORKSPACE_CHECK, CHECK_WORKSPACE, OBJECTS_HERE, STORIES_HERE, STORIES_HERE_CHANGED, WORKSPACE_CHECK_PROGRESS,
  type CheckWorkspaceResult, type ObjectHere, type ObjectsHereParams, type ObjectsHereResult, type StoriesHereResult, type StoryHere, type WorkspaceCheckProgress,
} from '../../server/src/protocol';
import { uncachedOnFailure } from './server-api';

/**
 * Where the stories could happen in this workspace, as the server last worked it out: read by the
 * Could Happen Here view, the Catalogue's marks and the story view. Answers are cached until the
 * server says the findings changed; then `onDidChange` fires once and the next read asks again.
 * Also shows the server's progress on its first pass over the workspace, with a Cancel button.
 */
export class WorkspaceStories implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private stories: Promise<StoriesHereResult> | undefined;
  private readonly objects = new Map<string, Promise<ObjectsHereResult>>();
  private progress: ProgressListener | undefined;

  constructor(private readonly client: BaseLanguageClient) {}

  /** Listens to the server; called once the client has started. */
  listen(): void {
    this.disposables.push(
      this.client.onNotification(STORIES_HERE_CHANGED, () => this.refresh()),
      this.client.onNotification(WORKSPACE_CHECK_PROGRESS, (progress: WorkspaceCheckProgress) => this.showProgress(progress)),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  /** Forgets the cached answers and tells the readers. */
  refresh(): void {
    this.stories = undefined;
    this.objects.clear();
    this.changed.fire();
  }

  all(): Promise<StoriesHereResult> {
    return (this.stories ??= uncachedOnFailure(this.client.sendRequest<StoriesHereResult>(STORIES_HERE), () => (this.stories = undefined)));
  }

  /** The stories that apply, by id. */
  async byId(): Promise<Map<string, StoryHere>> {
    const { stories } = await this.all();
    return new Map(stories.map((story) => [story.story, story]));
  }

  objectsOf(story: string): Promise<ObjectsHereResult> {
    let answer = this.objects.get(story);
    if (!answer) {
      const params: ObjectsHereParams = { story };
      answer = uncachedOnFailure(this.client.sendRequest<ObjectsHereResult>(OBJECTS_HERE, params), () => this.objects.delete(story));
      this.objects.set(story, answer);
    }
    return answer;
  }

  /**
   * Asks the server to check every YAML file of the workspace; resolves when its first pass is over
   * (the files checked, and whether it was cancelled).
   */
  async checkWorkspace(): Promise<CheckWorkspaceResult> {
    const answer = this.client.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE);
    this.refresh();
    const result = await answer;
    this.refresh();
    return result;
  }

  private showProgress(progress: WorkspaceCheckProgress): void {
    switch (progress.kind) {
      case 'begin':
        this.progress?.finish();
        this.openProgress();
        break;
      case 'report':
        this.progress?.report(progress);
        break;
      case 'end':
        this.progress?.finish();
        this.refresh();
        break;
    }
  }

  /** The first pass shows as a notification: files read, then checked; Cancel asks the server to stop (it then checks open files only). */
  private openProgress(): void {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Failure Stories: checking the workspace', cancellable: true }, (reporter, token) =>
      new Promise<void>((resolve) => {
        let percent = 0;
        const listener: ProgressListener = {
          report: ({ phase, done, total }) => {
            // Reading is the first half, checking the second.
            const next = (phase === 'reading' ? 0 : 50) + (done / Math.max(total, 1)) * 50;
            reporter.report({ message: `${phase} ${done} of ${total} files`, increment: next - percent });
            percent = next;
          },
          finish: () => {
            cancelled.dispose();
            if (this.progress === listener) this.progress = undefined;
            resolve();
          },
        };
        const cancelled = token.onCancellationRequested(() => {
          listener.finish();
          void this.client.sendRequest(CANCEL_WORKSPACE_CHECK).then(() => this.refresh(), () => undefined);
        });
        this.progress = listener;
      }));
  }
}

interface ProgressListener {
  report(progress: Extract<WorkspaceCheckProgress, { kind: 'report' }>): void;
  finish(): void;
}

/** What a click on an object does: opens its file with the first finding selected (in `viewColumn`, else the active group). */
export function openObjectCommand(object: ObjectHere, viewColumn?: vscode.ViewColumn): vscode.Command {
  const { start, end } = object.findings[0]!.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  const options: vscode.TextDocumentShowOptions = { selection, preserveFocus: false, ...(viewColumn ? { viewColumn } : {}) };
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(object.uri), options] };
}
