/**
 * Splits a multi-document YAML file into one chunk per document, so each document can be parsed
 * and cached on its own: an edit re-parses only the chunk it touched.
 */
export interface Chunk {
  text: string;
  /** Absolute offset and 0-based line of the chunk's first character. */
  offset: number;
  line: number;
}

const DOCUMENT_START = /^---(?:[ \t]|$)/;

export function splitDocuments(text: string): Chunk[] {
  // Directives (%YAML, %TAG) bind to the next document marker: keep such rare files whole.
  if (/^%/m.test(text)) return [{ text, offset: 0, line: 0 }];
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (lineStart > chunkStart && text.charCodeAt(lineStart) === 45 /* - */ &&
        DOCUMENT_START.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 4)))) {
      chunks.push({ text: text.slice(chunkStart, lineStart), offset: chunkStart, line: chunkLine });
      chunkStart = lineStart;
      chunkLine = line;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
    line++;
  }
  chunks.push({ text: text.slice(chunkStart), offset: chunkStart, line: chunkLine });
  return chunks;
}
