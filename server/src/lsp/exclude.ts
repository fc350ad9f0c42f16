import { pathInside, rootOf } from './uris';

/**
 * Matches workspace-relative paths against `files.exclude`-style settings: `{ "<glob>": true }`.
 * The glob syntax is the editor's: `*` and `?` within one path segment, `**` across segments,
 * `{a,b}` alternatives and `[...]` character ranges (`[!...]` negated). A path is excluded when it
 * or one of its folders matches: an excluded folder hides everything in it.
 */
export class ExcludeMatcher {
  private readonly patterns: RegExp[];

  /**
   * `setting` is the value of `files.exclude`. Entries set to false are turned off. Entries whose value
   * is a `when` condition ("exclude x.js when x.ts is beside it") are left out: they hide files
   * generated from a sibling source, never YAML manifests, and checking them would mean a file
   * look-up per path.
   */
  constructor(setting: unknown) {
    const entries = typeof setting === 'object' && setting !== null && !Array.isArray(setting) ? Object.entries(setting) : [];
    this.patterns = entries.flatMap(([glob, on]) => {
      if (on !== true) return [];
      const regExp = globToRegExp(glob);
      return regExp ? [regExp] : [];
    });
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** Whether `relativePath` (folders separated by `/`, no leading `/`) or one of its folders is excluded. */
  excludes(relativePath: string): boolean {
    if (this.patterns.length === 0) return false;
    const segments = relativePath.split('/').filter(Boolean);
    for (let end = 1; end <= segments.length; end++) {
      const path = segments.slice(0, end).join('/');
      if (this.patterns.some((pattern) => pattern.test(path))) return true;
    }
    return false;
  }
}

/** The glob as an anchored regular expression; undefined when it is empty or malformed (an unclosed `{` or `[`). */
export function globToRegExp(glob: string): RegExp | undefined {
  // Workspace-relative either way: a leading "./" or "/" and a trailing "/" say nothing more.
  const trimmed = glob.trim().replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return undefined;
  const source = translate(trimmed);
  return source === undefined ? undefined : new RegExp(`^${source}$`);
}

/** Regular-expression source for `glob`; undefined when a brace or bracket is not closed. */
function translate(glob: string): string | undefined {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const end = i + 2;
      if (atStart && glob[end] === '/') {
        // "**/" : any number of whole folders, none included.
        out += '(?:[^/]+/)*';
        i = end;
      } else if (atStart && end === glob.length && i > 0) {
        // "/**" at the end: the folder itself (the "/" already written is made optional) or anything in it.
        out = `${out.slice(0, -1)}(?:/.*)?`;
        i = end - 1;
      } else {
        out += '.*';
        i = end - 1;
      }
    } else if (char === '*') {
      out += '[^/]*';
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '{') {
      const close = closingBrace(glob, i);
      if (close === undefined) return undefined;
      const alternatives = splitAlternatives(glob.slice(i + 1, close)).map(translate);
      if (alternatives.some((alternative) => alternative === undefined)) return undefined;
      out += `(?:${alternatives.join('|')})`;
      i = close;
    } else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) return undefined;
      const body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
      out += negated ? `[^/${members}]` : `[${members}]`;
      i = close;
    } else {
      out += char.replace(/[.+^$()|\\\]}]/g, '\\$&');
    }
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, nested braces counted. */
function closingBrace(glob: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return undefined;
}

/** The comma-separated alternatives of a brace body, commas inside nested braces kept. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** `files.exclude` of each workspace folder, applied to the URIs inside it. */
export class WorkspaceExcludes {
  constructor(private readonly folders: ReadonlyMap<string, ExcludeMatcher>) {}

  excludes(uri: string): boolean {
    const root = rootOf([...this.folders.keys()], uri);
    const path = root === undefined ? undefined : pathInside(root, uri);
    return path !== undefined && this.folders.get(root!)!.excludes(path);
  }
}
