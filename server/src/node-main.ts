import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ClientFileSource } from './lsp/client-file-source';
import { bySchemes } from './lsp/file-source';
import { NodeFileSource } from './lsp/node-file-source';
import { parseInBackground, PARSE_PROCESS_ARG, serveParses } from './lsp/parse-process';
import { isHelperFor } from './own-bundle';
import { startServer } from './server';

/**
 * The desktop's language server: a Node process (stdio or IPC, as the client starts it). It reads
 * `file:` URIs from disk and asks the client for the rest (virtual file systems). The same bundle
 * runs as the background process that parses the workspace's files for the index.
 */
if (isHelperFor(PARSE_PROCESS_ARG)) {
  serveParses();
} else {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, bySchemes(new NodeFileSource(), ['file'], new ClientFileSource(connection)), parseInBackground(__filename));
}
