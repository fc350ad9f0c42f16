import * as vscode from 'vscode';
import type { StorySummary } from '../../server/src/protocol';
import type { ServerApi } from './server-api';
import { IMPACT_LABEL, storyByline } from './story-format';

const DEBOUNCE_MS = 100;
const LIMIT = 50;

interface StoryItem extends vscode.QuickPickItem { storyId: string }

function toItem(story: StorySummary): StoryItem {
  return {
    label: story.title,
    description: `${storyByline(story)} · ${IMPACT_LABEL[story.impactLevel]}`,
    detail: story.impact,
    // The server's fuzzy search already chose these: VS Code must not filter them again by label.
    alwaysShow: true,
    storyId: story.id,
  };
}

/**
 * A QuickPick over the server's fuse.js search. Results follow the typing (debounced); an answer to a
 * query that is no longer the latest is dropped. Resolves to the accepted story's id, or undefined.
 */
export function pickStory(api: ServerApi, title = 'Search Failure Stories'): Promise<string | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<StoryItem>();
    pick.title = title;
    pick.placeholder = 'Search by title, organization, component (e.g. ndots, CronJob, AWS)…';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    let timer: NodeJS.Timeout | undefined;
    let latest = 0;
    let accepted: string | undefined;

    const query = (value: string) => {
      const request = ++latest;
      pick.busy = true;
      api.search(value, LIMIT).then(
        (stories) => {
          if (request !== latest) return;
          pick.items = stories.map(toItem);
          pick.busy = false;
        },
        (error: unknown) => {
          if (request !== latest) return;
          pick.items = [];
          pick.busy = false;
          pick.placeholder = `Search failed: ${error instanceof Error ? error.message : String(error)}`;
        },
      );
    };

    const disposables: vscode.Disposable[] = [
      pick,
      pick.onDidChangeValue((value) => {
        clearTimeout(timer);
        timer = setTimeout(() => query(value), DEBOUNCE_MS);
      }),
      pick.onDidAccept(() => {
        accepted = pick.selectedItems[0]?.storyId;
        if (accepted) pick.hide();
      }),
      pick.onDidHide(() => {
        clearTimeout(timer);
        latest++;
        for (const disposable of disposables) disposable.dispose();
        resolve(accepted);
      }),
    ];
    query('');
    pick.show();
  });
}

/** With the ids of a few stories (a CodeLens names an object's stories): the only one, or the one picked. */
export async function pickAmong(api: ServerApi, ids: readonly unknown[]): Promise<string | undefined> {
  const valid = ids.filter((id): id is string => typeof id === 'string');
  if (valid.length <= 1) return valid[0];
  const stories = await Promise.all(valid.map((id) => api.storyById(id)));
  const items = stories.flatMap((story) => (story ? [toItem(story)] : []));
  const picked = await vscode.window.showQuickPick(items, { title: 'Open Failure Story', placeHolder: 'The stories this object could repeat' });
  return picked?.storyId;
}
