import type { Connection } from 'vscode-languageserver';
import {
  FILE_EXISTS, READ_DIRECTORY, READ_TEXT,
  type FileExistsParams, type ReadDirectoryParams, type ReadDirectoryResult, type ReadTextParams, type ReadTextResult,
} from '../protocol';
import type { EntryType, FileSource } from './file-source';

/**
 * The files the editor has, asked of our VS Code client over custom requests (it answers with
 * `vscode.workspace.fs`): what the web build reads, and the desktop build for virtual file systems
 * (github.dev's `vscode-vfs:` and the like). An editor that does not answer has no files for it.
 */
export class ClientFileSource implements FileSource {
  constructor(private readonly connection: Connection) {}

  readDirectory(uri: string): Promise<[string, EntryType][]> {
    const params: ReadDirectoryParams = { uri };
    return this.connection.sendRequest<ReadDirectoryResult>(READ_DIRECTORY, params);
  }

  async readText(uri: string, maxBytes: number): Promise<string | undefined> {
    const params: ReadTextParams = { uri, maxBytes };
    return (await this.connection.sendRequest<ReadTextResult>(READ_TEXT, params)) ?? undefined;
  }

  exists(uri: string): Promise<boolean> {
    const params: FileExistsParams = { uri };
    return this.connection.sendRequest<boolean>(FILE_EXISTS, params).catch(() => false);
  }
}
