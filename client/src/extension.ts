import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CatalogueTree } from './catalogue-tree';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    outputChannelName: 'Kubernetes Failure Stories',
  };
  client = new LanguageClient('k8sFailureStories', 'Kubernetes Failure Stories', serverOptions, clientOptions);
  context.subscriptions.push(client);

  const tree = new CatalogueTree(client);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('k8sFailureStories.catalogue', tree),
    vscode.commands.registerCommand('k8sFailureStories.openPostmortem', (url: string) => vscode.env.openExternal(vscode.Uri.parse(url))),
    vscode.commands.registerCommand('k8sFailureStories.refresh', () => tree.refresh()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
