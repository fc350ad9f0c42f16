import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  FILE_EXISTS, READ_DIRECTORY, READ_TEXT,
  type EntryType, type FileExistsParams, type ReadDirectoryParams, type ReadDirectoryResult, type ReadTextParams, type ReadTextResult,
} from '../../server/src/protocol';

/**
 * Answers the server's file requests with `vscode.workspace.fs`, so it reads whatever file system the
 * workspace is on: github.dev's repository, a virtual folder, or the disk when it runs in a browser.
 */
export function answerFileRequests(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest(READ_DIRECTORY, async ({ uri }: ReadDirectoryParams): Promise<ReadDirectoryResult> => {
      const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri));
      return entries.map(([name, type]) => [name, entryType(type)]);
    }),
    client.onRequest(READ_TEXT, async ({ uri, maxBytes }: ReadTextParams): Promise<ReadTextResult> => {
      const file = vscode.Uri.parse(uri);
      const stat = await vscode.workspace.fs.stat(file);
      if ((stat.type & vscode.FileType.File) === 0 || stat.size > maxBytes) return null;
      const bytes = await vscode.workspace.fs.readFile(file);
      return bytes.length > maxBytes ? null : new TextDecoder().decode(bytes);
    }),
    client.onRequest(FILE_EXISTS, ({ uri }: FileExistsParams): Thenable<boolean> =>
      vscode.workspace.fs.stat(vscode.Uri.parse(uri)).then(() => true, () => false)),
  ];
}

/** Links are not followed (as on disk), so a link to a folder cannot loop the listing. */
function entryType(type: vscode.FileType): EntryType {
  if (type & vscode.FileType.SymbolicLink) return 'other';
  if (type === vscode.FileType.File) return 'file';
  return type === vscode.FileType.Directory ? 'directory' : 'other';
}
