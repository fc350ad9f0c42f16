/// <reference lib="webworker" />
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith, CLIENT_ID, CLIENT_NAME, type K8sFailureStoriesApi } from './extension';

export { deactivate } from './extension';

/** The server worker's name, as the browser's developer tools (and the web editor tests) show it. */
const SERVER_WORKER_NAME = 'k8s-failure-stories-server';

/** The web extension (vscode.dev, github.dev): the language server runs in a web worker (dist/browser-server.js). */
export function activate(context: vscode.ExtensionContext): Promise<K8sFailureStoriesApi> {
  const server = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser-server.js');
  return activateWith(context, async (options) => new LanguageClient(CLIENT_ID, CLIENT_NAME, options, await startWorker(server)));
}

/**
 * A worker running `script`. VS Code's web extension host refuses worker scripts of an extension
 * installed on a VS Code server (code-server, a remote) yet run in the browser: that script is read
 * through the editor and started from its text instead.
 */
async function startWorker(script: vscode.Uri): Promise<Worker> {
  const options = { name: SERVER_WORKER_NAME };
  try {
    return new Worker(script.toString(true), options);
  } catch {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(script));
    return new Worker(URL.createObjectURL(new Blob([text], { type: 'text/javascript' })), options);
  }
}
