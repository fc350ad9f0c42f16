/**
 * Splits a multi-document YAML file into one chunk per document, so each document can be parsed
 * and cached on its own: an edit re-parses only the chunk it touched.
 *
 * Lines end the way the LSP counts them: at CR, LF or CRLF. A lone CR is replaced by LF before
 * anything else reads the text; that keeps every offset, and then a line is simply what ends at LF.
 */
export interface Chunk {
  /** The document's text, lone CRs already turned into LFs. */
  text: string;
  /** Absolute offset and 0-based line of the chunk's first character. */
  offset: number;
  line: number;
}

/** The text with each lone CR replaced by LF: same length, same offsets, lines ending only at LF. */
export function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

type LineKind = 'start' | 'end' | 'directive' | 'blank' | 'content';

/** `---` and `...` are markers when followed by a space, a tab or the line's end. */
function lineKind(text: string, start: number, end: number): LineKind {
  const first = text.charCodeAt(start);
  if (first === 37 /* % */) return 'directive';
  if ((first === 45 /* - */ || first === 46 /* . */) && text.startsWith(first === 45 ? '---' : '...', start)) {
    const next = start + 3 < end ? text.charCodeAt(start + 3) : -1;
    if (next === -1 || next === 32 || next === 9 || next === 13) return first === 45 ? 'start' : 'end';
  }
  let at = start;
  while (at < end && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  return at === end || text.charCodeAt(at) === 35 /* # */ || text.charCodeAt(at) === 13 ? 'blank' : 'content';
}

export function splitDocuments(original: string): Chunk[] {
  const text = normaliseLineEnds(original);
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  /** What the chunk holds so far: directives before any document content bind its `---` to them. */
  let directives = false;
  let content = false;
  /** The chunk's document was closed by `...`: whatever comes next is another document. */
  let ended = false;
  const startChunk = (at: number, line: number) => {
    if (at > chunkStart) chunks.push({ text: text.slice(chunkStart, at), offset: chunkStart, line: chunkLine });
    chunkStart = at;
    chunkLine = line;
    directives = content = ended = false;
  };
  let line = 0;
  for (let lineStart = 0; lineStart <= text.length; line++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const kind = lineKind(text, lineStart, lineEnd);
    if (kind === 'start') {
      if (ended || !directives || content) startChunk(lineStart, line);
      content = true;
    } else if (kind === 'directive' || kind === 'content') {
      // A directive is only legal before a document's `---`: at the top of the file or after `...`.
      if (ended) startChunk(lineStart, line);
      if (kind === 'directive') directives = true;
      else content = true;
    } else if (kind === 'end') {
      ended = true;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  chunks.push({ text: text.slice(chunkStart), offset: chunkStart, line: chunkLine });
  return chunks;
}

/**
 * The same text in a string of its own. A chunk's text is a slice of the file's, and a slice points
 * into the whole string (V8's sliced strings): a cached document would keep alive every version of
 * the file it was cut from. Prepending a character makes a two-part string, which the engine copies
 * into one flat string before slicing it: the result points into a copy of the document alone.
 */
export function ownCopy(slice: string): string {
  return (' ' + slice).slice(1);
}

/** Maps offsets in a text to 0-based LSP positions (lines end at LF; lone CRs already normalised). */
export class LineIndex {
  /** Offset of each line's first character: one 4-byte entry per line, where an array of numbers takes twice that and more. */
  private readonly starts: Int32Array;

  constructor(text: string) {
    let lines = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
    this.starts = new Int32Array(lines);
    let line = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts[line++] = at + 1;
  }

  position(offset: number): { line: number; character: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low]! };
  }
}
