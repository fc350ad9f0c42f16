import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateWith, CLIENT_ID, CLIENT_NAME, type K8sFailureStoriesApi } from './extension';

export { deactivate } from './extension';

/** The desktop extension: the language server runs as a Node process (dist/server.js). */
export function activate(context: vscode.ExtensionContext): Promise<K8sFailureStoriesApi> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  return activateWith(context, (options) => new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, options));
}
