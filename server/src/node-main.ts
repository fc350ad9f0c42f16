import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ClientFileSource } from './lsp/client-file-source';
import { bySchemes } from './lsp/file-source';
import { NodeFileSource } from './lsp/node-file-source';
import { startServer } from './server';

/**
 * The desktop's language server: a Node process (stdio or IPC, as the client starts it). It reads
 * `file:` URIs from disk and asks the client for the rest (virtual file systems).
 */
const connection = createConnection(ProposedFeatures.all);
startServer(connection, bySchemes(new NodeFileSource(), ['file'], new ClientFileSource(connection)));
