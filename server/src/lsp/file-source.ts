/**
 * How the language server reads the workspace: by URI, never through Node directly, so the same
 * server can read the desktop's disk (node-file-source.ts) or whatever file system the editor has.
 * URIs go in and out as the editor spells them.
 */
export interface FileSource {
  /**
   * The YAML files under the folders `roots`, skipping node_modules and .git: at most `limit`, in a
   * stable order. Folders it cannot list are left out.
   */
  listYamlFiles(roots: readonly string[], limit: number): Promise<string[]>;
  /** The text of `uri` if it is a regular file of at most `maxBytes`, else undefined; rejects when it cannot be read. */
  readText(uri: string, maxBytes: number): Promise<string | undefined>;
  /** Whether something (a file or a folder) exists at `uri`. */
  exists(uri: string): Promise<boolean>;
}
