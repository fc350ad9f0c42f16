import type { PathSteps } from '../file-names';

/**
 * URI helpers for the language server. Plain string work (no Node `url` or `path`), so the Node and
 * web builds share them and they serve every scheme alike: `file:`, github.dev's `vscode-vfs:`,
 * a test's `memfs:`.
 */

/** scheme:, //authority, path, ?query#fragment */
const URI_PARTS = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(\/\/[^/?#]*)?([^?#]*)(.*)$/s;

function split(uri: string): { prefix: string; path: string; suffix: string } {
  const parts = URI_PARTS.exec(uri);
  if (!parts) return { prefix: '', path: uri, suffix: '' };
  return { prefix: parts[1]! + (parts[2] ?? ''), path: parts[3]!, suffix: parts[4]! };
}

/**
 * A file's identity in the analysis and the workspace index: its URI with escapes decoded, so the
 * editor's `file:///c%3A/a%20b.yaml` and a listing's `file:///c:/a b.yaml` name the same file.
 */
export function fileKey(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

export function schemeOf(uri: string): string {
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase() ?? '';
}

/** The folder holding `uri`; the root is its own parent. */
export function parentUri(uri: string): string {
  const { prefix, path } = split(uri);
  const cut = path.replace(/\/+$/, '').lastIndexOf('/');
  return prefix + (cut <= 0 ? '/' : path.slice(0, cut));
}

/** The last segment of `uri`'s path, decoded. */
export function baseName(uri: string): string {
  const segment = split(uri).path.replace(/\/+$/, '');
  return fileKey(segment.slice(segment.lastIndexOf('/') + 1));
}

/** The URI of the entry `name` in the folder `dir`. */
export function childUri(dir: string, name: string): string {
  const { prefix, path } = split(dir);
  return `${prefix}${path.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;
}

/** `relative` (a path as written in a file, `../base/patch.yaml`) resolved against the folder `dir`. */
export function resolveUri(dir: string, relative: string): string {
  const { prefix, path } = split(dir);
  const segments = relative.startsWith('/') ? [] : path.split('/').filter(Boolean);
  for (const segment of relative.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(encodeURIComponent(segment));
  }
  return `${prefix}/${segments.join('/')}`;
}

/** Walking up a URI's folders, for the Helm and Kustomize look-ups shared with the CLI. */
export const URI_STEPS: PathSteps = { dirname: parentUri, basename: baseName, join: childUri };

/** The path of `uri` inside the folder `root` ("a/b.yaml", decoded), or undefined when it is not inside. */
export function pathInside(root: string, uri: string): string | undefined {
  const folder = `${fileKey(root).replace(/\/+$/, '')}/`;
  const file = fileKey(uri);
  return file.startsWith(folder) ? file.slice(folder.length) : undefined;
}

/** Of the folders `roots`, the innermost one holding `uri`. */
export function rootOf(roots: readonly string[], uri: string): string | undefined {
  let best: string | undefined;
  for (const root of roots) if (pathInside(root, uri) !== undefined && (!best || root.length > best.length)) best = root;
  return best;
}
