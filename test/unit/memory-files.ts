import type { MessageConnection } from 'vscode-jsonrpc';
import {
  FILE_EXISTS, READ_DIRECTORY, READ_TEXT,
  type FileExistsParams, type ReadDirectoryParams, type ReadDirectoryResult, type ReadTextParams, type ReadTextResult,
} from '../../server/src/protocol';

/**
 * Answers the server's file requests from memory, as our VS Code client answers them from
 * `vscode.workspace.fs`: `files` maps paths under the folder `root` (a URI of any scheme) to texts.
 * Every request is counted in `asked`.
 */
export function serveMemoryFiles(connection: MessageConnection, root: string, files: Record<string, string>): { asked: string[] } {
  const asked: string[] = [];
  const pathOf = (uri: string) => {
    asked.push(uri);
    const decoded = decodeURIComponent(uri);
    if (decoded === root) return '';
    if (!decoded.startsWith(`${root}/`)) throw new Error(`${uri} is not under ${root}`);
    return decoded.slice(root.length + 1);
  };
  const isFolder = (path: string) => Object.keys(files).some((file) => file.startsWith(path === '' ? '' : `${path}/`));
  connection.onRequest(READ_DIRECTORY, ({ uri }: ReadDirectoryParams): ReadDirectoryResult => {
    const path = pathOf(uri);
    if (!isFolder(path)) throw new Error(`no folder ${uri}`);
    const entries = new Map<string, 'file' | 'directory'>();
    for (const file of Object.keys(files)) {
      const rest = path === '' ? file : file.startsWith(`${path}/`) ? file.slice(path.length + 1) : undefined;
      if (rest !== undefined) entries.set(rest.split('/')[0]!, rest.includes('/') ? 'directory' : 'file');
    }
    return [...entries];
  });
  connection.onRequest(READ_TEXT, ({ uri, maxBytes }: ReadTextParams): ReadTextResult => {
    const text = files[pathOf(uri)];
    if (text === undefined) throw new Error(`no file ${uri}`);
    return text.length > maxBytes ? null : text;
  });
  connection.onRequest(FILE_EXISTS, ({ uri }: FileExistsParams) => {
    const path = pathOf(uri);
    return files[path] !== undefined || isFolder(path);
  });
  return { asked };
}
