import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { NodeFileSource } from './lsp/node-file-source';
import { startServer } from './server';

/** The desktop's language server: a Node process (stdio or IPC, as the client starts it) reading the disk. */
startServer(createConnection(ProposedFeatures.all), new NodeFileSource());
