import * as vscode from 'vscode';
import { safeExternalUri } from './story-format';

/** Opens a postmortem in the browser; anything but http(s) is refused. */
export async function openPostmortem(url: string): Promise<boolean> {
  const uri = safeExternalUri(url);
  if (!uri) {
    void vscode.window.showWarningMessage(`Not opening "${url}": only http(s) postmortem links are opened.`);
    return false;
  }
  return vscode.env.openExternal(uri);
}

export async function copyStoryLink(title: string, url: string): Promise<void> {
  await vscode.env.clipboard.writeText(url);
  vscode.window.setStatusBarMessage(`Copied the link to "${title}"`, 3000);
}

/** Rule ids are kebab-case (see docs/adding-a-rule.md): anything else never reaches the file system. */
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The rule's generated docs page, `docs/rules/<id>.md` in the extension, in the Markdown preview. */
export async function showRuleDocs(extensionUri: vscode.Uri, ruleId: string): Promise<boolean> {
  if (!RULE_ID.test(ruleId)) return false;
  const uri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showWarningMessage(`No docs page for rule ${ruleId} is shipped with this extension.`);
    return false;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return true;
}
