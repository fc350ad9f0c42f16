import { isStoryField } from '../catalogue/fields';

/**
 * The story-related field under the cursor, read from the line itself so a hover never re-parses:
 * a key (`livenessProbe:`) or a named option value (`- name: ndots`).
 */
export function storyFieldAt(text: string, offset: number): string | undefined {
  // Lines end at LF, CR or CRLF, as the editor counts them. Walked char by char: searching back for
  // a CR the text does not hold would read the whole file before the cursor on every hover.
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let lineEnd = offset;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const line = text.slice(lineStart, lineEnd);
  const column = offset - lineStart;
  const key = /^(\s*(?:-\s+)?)([A-Za-z][\w.-]*)\s*:/.exec(line);
  if (key) {
    const start = key[1]!.length;
    const end = start + key[2]!.length;
    if (column >= start && column <= end && isStoryField(key[2]!)) return key[2];
    const named = /^\s*(?:-\s+)?name\s*:\s*["']?([\w-]+)["']?\s*$/.exec(line);
    if (named && column > end && isStoryField(named[1]!)) return named[1];
  }
  return undefined;
}
