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
  return scan(normaliseLineEnds(original), 0, 0).chunks;
}

/** Where a scan stopped: the offset and line of the document it did not cut. */
interface Stop { offset: number; line: number }

/**
 * Cuts `text` (lone CRs already normalised) into documents, from `from`, the first character of a
 * document, on line `fromLine`. Stops before the first document whose start `stopAt` accepts; else
 * runs to the end of the text.
 */
function scan(text: string, from: number, fromLine: number, stopAt: (offset: number) => boolean = () => false): { chunks: Chunk[]; stop?: Stop } {
  const chunks: Chunk[] = [];
  let chunkStart = from;
  let chunkLine = fromLine;
  /** What the chunk holds so far: directives before any document content bind its `---` to them. */
  let directives = false;
  let content = false;
  /** The chunk's document was closed by `...`: whatever comes next is another document. */
  let ended = false;
  let stop: Stop | undefined;
  const startChunk = (at: number, line: number) => {
    if (at > chunkStart) {
      chunks.push({ text: text.slice(chunkStart, at), offset: chunkStart, line: chunkLine });
      if (stopAt(at)) stop = { offset: at, line };
    }
    chunkStart = at;
    chunkLine = line;
    directives = content = ended = false;
  };
  let line = fromLine;
  for (let lineStart = from; lineStart <= text.length; line++) {
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
    if (stop) return { chunks, stop };
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  chunks.push({ text: text.slice(chunkStart), offset: chunkStart, line: chunkLine });
  return { chunks };
}

/** What changed since the last split: the text differs only in `start`..`end` (offsets of the new text), and its length by `delta`. */
interface Changed { start: number; end: number; delta: number }

const LONE_CR = /\r(?!\n)/;

/**
 * Splits a file into documents again after each edit, re-cutting only around what changed: an edit
 * costs what the documents it touches cost, not the file. Told of every change (`noteChange`, as an
 * editor sends them), it re-scans from the document before the first change and stops at the first
 * document start past the last change that was a document start before; the documents after it are
 * the same texts, moved. Without notes, or when they do not add up, it splits the whole text.
 * Every chunk's text is a string of its own (see `ownCopy`), and an unchanged document keeps the
 * very same string, so looking it up by text costs no hashing.
 */
export class DocumentSplitter {
  private chunks: Chunk[] = [];
  private text: string | undefined;
  /** The last text holds a lone CR: normalising it touches the whole text, so it is split whole. */
  private loneCr = false;
  private changed: Changed | undefined;
  private lost = false;

  /** Characters `start`..`end` of the text as it now stands were replaced by `insertedLength` others. */
  noteChange(start: number, end: number, insertedLength: number): void {
    if (start < 0 || end < start || insertedLength < 0) this.lost = true;
    const delta = insertedLength - (end - start);
    const inserted = start + insertedLength;
    const previous = this.changed;
    if (!previous) {
      this.changed = { start, end: inserted, delta };
      return;
    }
    const previousEnd = previous.end <= start ? previous.end : previous.end >= end ? previous.end + delta : inserted;
    this.changed = { start: Math.min(previous.start, start), end: Math.max(previousEnd, inserted), delta: previous.delta + delta };
  }

  /** The documents of `text`, the text after the changes noted since the last call. */
  split(text: string): Chunk[] {
    const changed = this.changed;
    const lost = this.lost;
    this.changed = undefined;
    this.lost = false;
    if (!changed && !lost && text === this.text) return this.chunks;
    const old = this.text;
    this.text = text;
    if (changed && !lost && old !== undefined && !this.loneCr && old.length + changed.delta === text.length && !hasLoneCr(text, changed)) {
      this.chunks = this.resplit(text, changed);
    } else {
      this.loneCr = LONE_CR.test(text);
      this.chunks = splitDocuments(text).map((chunk) => ({ ...chunk, text: ownCopy(chunk.text) }));
    }
    return this.chunks;
  }

  private resplit(text: string, { start, end, delta }: Changed): Chunk[] {
    const old = this.chunks;
    const first = Math.max(0, lastStartingAtOrBefore(old, start) - 1);
    const oldStart = (offset: number) => {
      const index = lastStartingAtOrBefore(old, offset);
      return old[index]?.offset === offset ? index : -1;
    };
    const { chunks, stop } = scan(text, old[first]!.offset, old[first]!.line, (offset) => offset >= end && oldStart(offset - delta) !== -1);
    const result = old.slice(0, first);
    for (const chunk of chunks) result.push({ ...chunk, text: ownCopy(chunk.text) });
    if (stop) {
      const next = oldStart(stop.offset - delta);
      const lines = stop.line - old[next]!.line;
      for (let i = next; i < old.length; i++) {
        const chunk = old[i]!;
        result.push(delta === 0 && lines === 0 ? chunk : { text: chunk.text, offset: chunk.offset + delta, line: chunk.line + lines });
      }
    }
    return result;
  }
}

/** A lone CR in or right beside the changed part (one is made or unmade only there). */
function hasLoneCr(text: string, { start, end }: Changed): boolean {
  return LONE_CR.test(text.slice(Math.max(0, start - 1), end + 1));
}

/** The index of the last of `parts` (in file order) starting at or before `offset` (0 when none does). */
export function lastStartingAtOrBefore(parts: readonly { offset: number }[], offset: number): number {
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (parts[middle]!.offset <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The same text in a string of its own. A chunk's text is a slice of the file's, and a slice points
 * into the whole string (V8's sliced strings): a cached document would keep alive every version of
 * the file it was cut from. Prepending a character makes a two-part string, which the engine copies
 * into one flat string before slicing it: the result points into a copy of the document alone.
 */
function ownCopy(slice: string): string {
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
