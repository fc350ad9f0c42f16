import type { KubeObject, Path } from './kube-object';
import type { TextEdit } from './types';

/**
 * Builds minimal text edits on a document that keep its comments and formatting: new lines are
 * inserted with the indentation and line ends of their siblings instead of re-serialising the YAML.
 * Node ranges leave out a node's tag and anchor (`!!str key:`) and a file's byte-order mark is no
 * column: both are accounted for here, or inserted keys land off their siblings' column.
 */

/** Sets `key` in the block map at `mapPath` to a YAML value given as lines (nested lines indented by 2). */
export function setInMap(object: KubeObject, text: string, mapPath: Path, key: string, valueLines: string[]): TextEdit | undefined {
  const map = object.node(mapPath);
  if (map?.kind !== 'map' || map.flow) return undefined;
  const existing = map.pairNamed(key);
  const firstKey = map.key(0);
  const keyStart = nodeStart(text, firstKey?.kind === 'scalar' ? firstKey.start : map.start);
  const indent = ' '.repeat(columnOf(text, keyStart));
  const eol = lineEndOf(text);
  const lines = renderPair(key, valueLines, indent, eol);
  if (existing?.value?.kind === 'scalar' && isScalarLines(valueLines)) {
    // Replace only the value, so a trailing comment on the line survives.
    return { start: existing.value.start, end: existing.value.end, newText: valueLines[0]! };
  }
  if (existing) {
    const valueEnd = existing.value?.end ?? existing.key.end;
    return { start: nodeStart(text, existing.key.start), end: nextLineStart(text, valueEnd), newText: lines.slice(indent.length) };
  }
  return insertLines(text, nextLineStart(text, map.end), lines);
}

/**
 * Sets the value at `path`, creating the missing maps on the way inside the deepest block map that
 * exists: `setDeep(o, t, [...c, 'resources', 'requests', 'cpu'], ['100m'])` works whether or not
 * `resources` or `requests` exist yet.
 */
export function setDeep(object: KubeObject, text: string, path: Path, valueLines: string[]): TextEdit | undefined {
  for (let depth = path.length - 1; depth >= 0; depth--) {
    if (object.node(path.slice(0, depth))?.kind !== 'map') continue;
    // Wrap the value in one map per missing level, innermost first.
    let lines = valueLines;
    for (const key of path.slice(depth + 1).map(String).reverse()) {
      lines = isScalarLines(lines) ? [`${key}: ${lines[0]}`] : [`${key}:`, ...lines.map((line) => `  ${line}`)];
    }
    return setInMap(object, text, path.slice(0, depth), String(path[depth]), lines);
  }
  return undefined;
}

/** Replaces the scalar at `path` with `newText`. */
export function replaceScalar(object: KubeObject, path: Path, newText: string): TextEdit | undefined {
  const node = object.node(path);
  if (node?.kind !== 'scalar') return undefined;
  return { start: node.start, end: node.end, newText };
}

/**
 * Removes the pair at `path` from its block map, whole lines included (nested lines and a trailing
 * comment go with it). Undefined when the pair shares its line with something else (`- key: x`).
 */
export function removePair(object: KubeObject, text: string, path: Path): TextEdit | undefined {
  const map = object.node(path.slice(0, -1));
  const key = path[path.length - 1];
  if (map?.kind !== 'map' || map.flow || typeof key !== 'string') return undefined;
  const pair = map.pairNamed(key);
  if (!pair) return undefined;
  const start = lineStart(text, pair.key.start);
  if (text.slice(start, nodeStart(text, pair.key.start)).trim() !== '') return undefined;
  const valueEnd = pair.value?.end ?? pair.key.end;
  return { start, end: nextLineStart(text, valueEnd), newText: '' };
}

/** Appends an item (given as lines, nested lines indented by 2) to the non-empty block sequence at `seqPath`. */
export function appendToSeq(object: KubeObject, text: string, seqPath: Path, itemLines: string[]): TextEdit | undefined {
  const seq = object.node(seqPath);
  const first = seq?.kind === 'seq' && !seq.flow ? seq.item(0) : undefined;
  if (!seq || !first) return undefined;
  const dash = text.lastIndexOf('-', nodeStart(text, first.start));
  if (dash < lineStart(text, first.start)) return undefined;
  const indent = ' '.repeat(columnOf(text, dash));
  const eol = lineEndOf(text);
  const lines = itemLines.map((line, index) => `${indent}${index === 0 ? '- ' : '  '}${line}${eol}`).join('');
  return insertLines(text, nextLineStart(text, seq.end), lines);
}

/** Inserts whole lines at a line start (after ending the last line first, at the end of a file without a final line end). */
function insertLines(text: string, at: number, lines: string): TextEdit {
  const unterminated = at === text.length && at > 0 && !isLineEnd(text[at - 1]);
  return { start: at, end: at, newText: (unterminated ? lineEndOf(text) : '') + lines };
}

/** One line holding a plain value, not a map entry (`a: b`, `a:`) or a list item (`- a`). */
function isScalarLines(lines: readonly string[]): boolean {
  return lines.length === 1 && !/^(- |[^'"\s{[][^:]*:(\s|$))/.test(lines[0]!);
}

function renderPair(key: string, valueLines: string[], indent: string, eol: string): string {
  if (isScalarLines(valueLines)) return `${indent}${key}: ${valueLines[0]}${eol}`;
  return `${indent}${key}:${eol}` + valueLines.map((line) => `${indent}  ${line}${eol}`).join('');
}

/**
 * Where the node whose range starts at `offset` begins in the text: before the tag and anchor on
 * its line (`!!str key`, `&a key`), which the range leaves out.
 */
function nodeStart(text: string, offset: number): number {
  let start = offset;
  for (;;) {
    let tokenEnd = start;
    while (tokenEnd > 0 && (text[tokenEnd - 1] === ' ' || text[tokenEnd - 1] === '\t')) tokenEnd--;
    let tokenStart = tokenEnd;
    while (tokenStart > 0 && !/\s/.test(text[tokenStart - 1]!)) tokenStart--;
    if (tokenStart === tokenEnd || (text[tokenStart] !== '!' && text[tokenStart] !== '&')) return start;
    start = tokenStart;
  }
}

/** Columns as YAML counts them: a byte-order mark opening the text takes none. */
function columnOf(text: string, offset: number): number {
  const start = lineStart(text, offset);
  return offset - start - (start === 0 && text.startsWith('\uFEFF') ? 1 : 0);
}

function isLineEnd(char: string | undefined): boolean {
  return char === '\n' || char === '\r';
}

/** The file's line end (LF, CRLF or CR), so inserted lines match their neighbours. */
function lineEndOf(text: string): string {
  return /\r\n?|\n/.exec(text)?.[0] ?? '\n';
}

/** Start of the line holding `offset`; CR, LF and CRLF all end lines. */
function lineStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && !isLineEnd(text[start - 1])) start--;
  return start;
}

function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && (text[offset - 1] === '\n' || text[offset - 1] === '\r' && text[offset] !== '\n')) return offset;
  for (let i = offset; i < text.length; i++) {
    if (text[i] === '\n') return i + 1;
    if (text[i] === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1;
  }
  return text.length;
}

/** Applies non-overlapping edits to `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, edit) => out.slice(0, edit.start) + edit.newText + out.slice(edit.end), text);
}
