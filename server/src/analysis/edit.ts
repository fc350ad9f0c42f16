import { isMap, isScalar, isSeq } from 'yaml';
import type { KubeObject, Path } from './kube-object';
import type { TextEdit } from './types';

/**
 * Builds minimal text edits on a document that keep its comments and formatting: new lines are
 * inserted with the indentation of their siblings instead of re-serialising the YAML.
 */

/** Sets `key` in the block map at `mapPath` to a YAML value given as lines (nested lines indented by 2). */
export function setInMap(object: KubeObject, text: string, mapPath: Path, key: string, valueLines: string[]): TextEdit | undefined {
  const map = object.node(mapPath);
  if (!isMap(map) || map.flow || !map.range) return undefined;
  const existing = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
  const firstKey = map.items[0]?.key;
  const keyStart = isScalar(firstKey) && firstKey.range ? firstKey.range[0] : map.range[0];
  const indent = ' '.repeat(columnOf(text, keyStart));
  const lines = renderPair(key, valueLines, indent);
  if (existing && isScalar(existing.value) && existing.value.range && isScalarLines(valueLines)) {
    // Replace only the value, so a trailing comment on the line survives.
    return { start: existing.value.range[0], end: existing.value.range[1], newText: valueLines[0]! };
  }
  if (existing && isScalar(existing.key) && existing.key.range) {
    const start = lineStart(text, existing.key.range[0]);
    const valueEnd = (existing.value as { range?: number[] } | null)?.range?.[1] ?? existing.key.range[1];
    return { start: start + indent.length, end: nextLineStart(text, valueEnd), newText: lines.slice(indent.length) };
  }
  const at = nextLineStart(text, map.range[1]);
  return { start: at, end: at, newText: (at === text.length && !text.endsWith('\n') ? '\n' : '') + lines };
}

/**
 * Sets the value at `path`, creating the missing maps on the way inside the deepest block map that
 * exists: `setDeep(o, t, [...c, 'resources', 'requests', 'cpu'], ['100m'])` works whether or not
 * `resources` or `requests` exist yet.
 */
export function setDeep(object: KubeObject, text: string, path: Path, valueLines: string[]): TextEdit | undefined {
  for (let depth = path.length - 1; depth >= 0; depth--) {
    if (!isMap(object.node(path.slice(0, depth)))) continue;
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
  if (!isScalar(node) || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1], newText };
}

/**
 * Removes the pair at `path` from its block map, whole lines included (nested lines and a trailing
 * comment go with it). Undefined when the pair shares its line with something else (`- key: x`).
 */
export function removePair(object: KubeObject, text: string, path: Path): TextEdit | undefined {
  const map = object.node(path.slice(0, -1));
  if (!isMap(map) || map.flow) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
  const keyRange = (pair?.key as { range?: number[] } | undefined)?.range;
  if (!pair || !keyRange) return undefined;
  const start = lineStart(text, keyRange[0]);
  if (text.slice(start, keyRange[0]).trim() !== '') return undefined;
  const valueEnd = (pair.value as { range?: number[] } | null)?.range?.[1] ?? keyRange[1];
  return { start, end: nextLineStart(text, valueEnd), newText: '' };
}

/** Appends an item (given as lines, nested lines indented by 2) to the non-empty block sequence at `seqPath`. */
export function appendToSeq(object: KubeObject, text: string, seqPath: Path, itemLines: string[]): TextEdit | undefined {
  const seq = object.node(seqPath);
  const first = isSeq(seq) && !seq.flow ? (seq.items[0] as { range?: number[] } | undefined) : undefined;
  if (!isSeq(seq) || !seq.range || !first?.range) return undefined;
  const dash = text.lastIndexOf('-', first.range[0]);
  if (dash < lineStart(text, first.range[0])) return undefined;
  const indent = ' '.repeat(columnOf(text, dash));
  const at = nextLineStart(text, seq.range[1]);
  const lines = itemLines.map((line, index) => `${indent}${index === 0 ? '- ' : '  '}${line}\n`).join('');
  return { start: at, end: at, newText: (at === text.length && !text.endsWith('\n') ? '\n' : '') + lines };
}

/** One line holding a plain value, not a map entry (`a: b`, `a:`) or a list item (`- a`). */
function isScalarLines(lines: readonly string[]): boolean {
  return lines.length === 1 && !/^(- |[^'"\s{[][^:]*:(\s|$))/.test(lines[0]!);
}

function renderPair(key: string, valueLines: string[], indent: string): string {
  if (isScalarLines(valueLines)) return `${indent}${key}: ${valueLines[0]}\n`;
  return `${indent}${key}:\n` + valueLines.map((line) => `${indent}  ${line}\n`).join('');
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Applies non-overlapping edits to `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, edit) => out.slice(0, edit.start) + edit.newText + out.slice(edit.end), text);
}
