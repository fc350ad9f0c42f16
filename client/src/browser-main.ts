/// <reference lib="webworker" />
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith, CLIENT_ID, CLIENT_NAME, type K8sFailureStoriesApi } from './extension';

export { deactivate } from './extension';

/** The web extension (vscode.dev, github.dev): the language server runs in a web worker (dist/browser-server.js). */
export function activate(context: vscode.ExtensionContext): Promise<K8sFailureStoriesApi> {
  const server = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser-server.js');
  return activateWith(context, (options) => new LanguageClient(CLIENT_ID, CLIENT_NAME, options, new Worker(server.toString(true))));
}
