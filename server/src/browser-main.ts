/// <reference lib="webworker" />
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { ClientFileSource } from './lsp/client-file-source';
import { startServer } from './server';

/**
 * The web's language server (vscode.dev, github.dev): a web worker the client starts, talking over
 * postMessage, reading every file through the client.
 */
const worker = self as unknown as DedicatedWorkerGlobalScope;
const connection = createConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
startServer(connection, new ClientFileSource(connection));
