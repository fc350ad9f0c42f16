import { SKIPPED_DIRECTORIES, YAML_FILE } from '../file-names';
import { childUri, schemeOf } from './uris';

/** What a folder entry is. Symbolic links are 'other': the workspace is never walked through them. */
export type EntryType = 'file' | 'directory' | 'other';

/**
 * How the language server reads the workspace: by URI, never through Node directly, so one server
 * reads the desktop's disk (node-file-source.ts) or whatever file system the editor has, through
 * the client (client-file-source.ts). URIs go in and out as the editor spells them.
 */
export interface FileSource {
  /** The entries of the folder `uri`: names and types; rejects when it cannot be listed. */
  readDirectory(uri: string): Promise<[string, EntryType][]>;
  /** The text of `uri` if it is a regular file of at most `maxBytes`, else undefined; rejects when it cannot be read. */
  readText(uri: string, maxBytes: number): Promise<string | undefined>;
  /** Whether something (a file or a folder) exists at `uri`. */
  exists(uri: string): Promise<boolean>;
}

/** Reads URIs of the `local` schemes from `local`, and every other URI from `other`. */
export function bySchemes(local: FileSource, localSchemes: readonly string[], other: FileSource): FileSource {
  const pick = (uri: string) => (localSchemes.includes(schemeOf(uri)) ? local : other);
  return {
    readDirectory: (uri) => pick(uri).readDirectory(uri),
    readText: (uri, maxBytes) => pick(uri).readText(uri, maxBytes),
    exists: (uri) => pick(uri).exists(uri),
  };
}

/** Folders a listing looks through at most, so listing a huge monorepo stays short. */
const MAX_LISTED_DIRECTORIES = 20_000;

/**
 * The YAML files under the folders `roots`, depth first and sorted, skipping node_modules and .git,
 * what `excluded` names (an excluded folder is not looked into) and anything that is not a regular
 * file; at most `limit` files, and at most MAX_LISTED_DIRECTORIES folders looked through. Folders that
 * cannot be listed are left out. One folder at a time, each listed asynchronously, so a huge tree
 * never holds the server's thread. (Not `findFiles` in the client: on a file system with no search
 * provider, as a bare FileSystemProvider, it waits forever.)
 */
export async function listYamlFiles(files: FileSource, roots: readonly string[], limit: number, excluded: (uri: string) => boolean = () => false): Promise<string[]> {
  const found: string[] = [];
  let directoriesLeft = MAX_LISTED_DIRECTORIES;
  const visit = async (dir: string): Promise<void> => {
    if (directoriesLeft-- <= 0) return;
    let entries;
    try {
      entries = (await files.readDirectory(dir)).sort(([a], [b]) => a.localeCompare(b));
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (found.length >= limit) return;
      const uri = childUri(dir, name);
      if (type === 'directory' && !SKIPPED_DIRECTORIES.has(name) && !excluded(uri)) await visit(uri);
      else if (type === 'file' && YAML_FILE.test(name) && !excluded(uri)) found.push(uri);
    }
  };
  for (const root of roots) await visit(root);
  return found;
}
