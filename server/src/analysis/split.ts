/**
 * Splits a multi-document YAML file into one chunk per document, so each document can be parsed
 * and cached on its own: an edit re-parses only the chunk it touched.
 *
 * Lines end the way the LSP counts them: at CR, LF or CRLF. Chunks keep the text as it is; the parser
 * reads a chunk with each lone CR turned into LF (same length, same offsets, see normaliseLineEnds).
 */
export interface Chunk {
  /** The document's text, as in the file. */
  text: string;
  /** Absolute offset and 0-based line of the chunk's first character. */
  offset: number;
  line: number;
}

/** The text with each lone CR replaced by LF: same length, same offsets, lines ending only at LF. */
export function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Where the line that goes on at `from` ends (its CR or LF), or -1 at the text's last line. */
function lineEndAt(text: string, from: number, hasCr: boolean): number {
  if (!hasCr) return text.indexOf('\n', from);
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return at;
  }
  return -1;
}

/** Where the next line starts after the line end at `end` (past CRLF as one). */
function nextLineStart(text: string, end: number): number {
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
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

export function splitDocuments(text: string): Chunk[] {
  return scan(text, 0, 0).chunks;
}

/** Where a scan stopped: the offset and line of the document it did not cut. */
interface Stop { offset: number; line: number }

/**
 * Cuts `text` into documents, from `from`, the first character of a
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
  const hasCr = text.includes('\r', from);
  let line = fromLine;
  for (let lineStart = from; lineStart <= text.length; line++) {
    const newline = lineEndAt(text, lineStart, hasCr);
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
    lineStart = nextLineStart(text, newline);
  }
  chunks.push({ text: text.slice(chunkStart), offset: chunkStart, line: chunkLine });
  return { chunks };
}

/** Documents `from`..`from + removed` of a text were replaced by `added` others. */
export interface Splice { from: number; removed: number; added: number }

/** The edits of one line of snapshots (each made from the newest), kept for the last MAX_SPLICES of them. */
interface History { splices: (Splice & { generation: number })[]; newest: number }

/** Edits an analyzer may be behind by and still catch up document by document. */
const MAX_SPLICES = 256;

/**
 * A text held as its YAML documents: an edit re-cuts only the documents around it and makes a new
 * snapshot, sharing every other document's string with the one before. Nothing reads the whole text
 * while editing (an editor's document of several megabytes is never copied per keystroke); `text`
 * joins it when asked. Each snapshot can say which documents changed since an older one of its line
 * (`splicesSince`), so what is cached per document is re-used by position, without hashing texts.
 */
export class SplitText {
  private joined: string | undefined;

  private constructor(
    /** Each document's text, in file order (there is always at least one, maybe empty). */
    readonly texts: readonly string[],
    /** Each document's offset and 0-based line in the file. */
    readonly offsets: readonly number[],
    readonly lines: readonly number[],
    readonly length: number,
    private readonly history: History,
    private readonly generation: number,
    text?: string,
  ) {
    this.joined = text;
  }

  static of(text: string): SplitText {
    const chunks = splitDocuments(text);
    return new SplitText(chunks.map((chunk) => ownCopy(chunk.text)), chunks.map((chunk) => chunk.offset), chunks.map((chunk) => chunk.line), text.length, { splices: [], newest: 0 }, 0, text);
  }

  get count(): number {
    return this.texts.length;
  }

  get text(): string {
    return (this.joined ??= this.texts.join(''));
  }

  chunk(index: number): Chunk {
    return { text: this.texts[index]!, offset: this.offsets[index]!, line: this.lines[index]! };
  }

  /** The text with characters `start`..`end` replaced by `inserted`. */
  edited(start: number, end: number, inserted: string): SplitText {
    start = Math.min(Math.max(start, 0), this.length);
    end = Math.min(Math.max(end, start), this.length);
    const delta = inserted.length - (end - start);
    const first = Math.max(0, this.indexAt(start) - 1);
    // The documents from the one before the change to the one after it are cut again, more if the cut runs on.
    for (let last = Math.min(this.indexAt(end) + 1, this.count - 1); ; last = Math.min(2 * last + 1, this.count - 1)) {
      const regionStart = this.offsets[first]!;
      const regionEnd = last + 1 < this.count ? this.offsets[last + 1]! : this.length;
      const old = this.texts.slice(first, last + 1).join('');
      const region = old.slice(0, start - regionStart) + inserted + old.slice(end - regionStart);
      const changeEnd = start - regionStart + inserted.length;
      // A cut at an old document start past the change: from there on the documents are the old ones.
      const oldIndexAt = (offset: number) => {
        const index = this.indexAt(offset + regionStart - delta);
        return index > first && index <= last && this.offsets[index] === offset + regionStart - delta ? index : -1;
      };
      const { chunks, stop } = scan(region, 0, this.lines[first]!, (offset) => offset >= changeEnd && oldIndexAt(offset) !== -1);
      if (!stop && regionEnd < this.length) continue;
      const next = stop ? oldIndexAt(stop.offset) : this.count;
      const lineDelta = stop ? stop.line - this.lines[next]! : 0;
      const texts = this.texts.slice(0, first);
      const offsets = this.offsets.slice(0, first);
      const lines = this.lines.slice(0, first);
      for (const chunk of chunks) {
        texts.push(ownCopy(chunk.text));
        offsets.push(chunk.offset + regionStart);
        lines.push(chunk.line);
      }
      for (let index = next; index < this.count; index++) {
        texts.push(this.texts[index]!);
        offsets.push(this.offsets[index]! + delta);
        lines.push(this.lines[index]! + lineDelta);
      }
      return this.successor(texts, offsets, lines, this.length + delta, { from: first, removed: next - first, added: chunks.length });
    }
  }

  /**
   * The splices that lead from `older`, a snapshot this one was made from by edits, to this one; undefined
   * when it was not, or too long ago.
   */
  splicesSince(older: SplitText): readonly Splice[] | undefined {
    if (older.history !== this.history || older.generation > this.generation) return undefined;
    const splices = this.history.splices.filter((splice) => splice.generation > older.generation && splice.generation <= this.generation);
    return splices.length === this.generation - older.generation ? splices : undefined;
  }

  /** The 0-based LSP position of `offset`. */
  positionAt(offset: number): { line: number; character: number } {
    const index = this.indexAt(Math.min(Math.max(offset, 0), this.length));
    const position = lineIndexOf(this.texts[index]!).position(Math.min(Math.max(offset, 0), this.length) - this.offsets[index]!);
    return { line: position.line + this.lines[index]!, character: position.character };
  }

  /** The offset of an LSP position: a character past its line's end means the line's end, a line past the last the text's end. */
  offsetAt({ line, character }: { line: number; character: number }): number {
    if (line < 0) return 0;
    const index = lastAtOrBefore(this.count, (i) => this.lines[i]!, line);
    const within = lineIndexOf(this.texts[index]!);
    if (line - this.lines[index]! >= within.lineCount) return this.length;
    return this.offsets[index]! + within.offsetAt(line - this.lines[index]!, character);
  }

  get lineCount(): number {
    return this.lines[this.count - 1]! + lineIndexOf(this.texts[this.count - 1]!).lineCount;
  }

  /** Characters `start`..`end` of the text, read from the documents that hold them. */
  slice(start: number, end: number): string {
    if (this.joined !== undefined) return this.joined.slice(start, end);
    const first = this.indexAt(start);
    const last = this.indexAt(Math.max(start, end - 1));
    const region = first === last ? this.texts[first]! : this.texts.slice(first, last + 1).join('');
    return region.slice(start - this.offsets[first]!, end - this.offsets[first]!);
  }

  /** The document holding `offset` (the last one for the text's end). */
  private indexAt(offset: number): number {
    return lastAtOrBefore(this.count, (i) => this.offsets[i]!, offset);
  }

  private successor(texts: string[], offsets: number[], lines: number[], length: number, splice: Splice): SplitText {
    // An edit of an older snapshot starts a line of its own: splices describe one line of snapshots.
    const history = this.generation === this.history.newest ? this.history : { splices: [], newest: this.generation };
    const generation = history.newest + 1;
    history.newest = generation;
    history.splices.push({ ...splice, generation });
    if (history.splices.length > MAX_SPLICES) history.splices.shift();
    return new SplitText(texts, offsets, lines, length, history, generation);
  }
}

/** Line indexes of the documents positions were last asked in: hovers and code actions come back to a few. */
const lineIndexes = new Map<string, LineIndex>();
const MAX_LINE_INDEXES = 64;

function lineIndexOf(text: string): LineIndex {
  let index = lineIndexes.get(text);
  if (!index) {
    if (lineIndexes.size >= MAX_LINE_INDEXES) lineIndexes.clear();
    lineIndexes.set(text, (index = new LineIndex(text)));
  }
  return index;
}

/** The index of the last of `count` ascending values (`valueAt`) at or before `target` (0 when none is). */
export function lastAtOrBefore(count: number, valueAt: (index: number) => number, target: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (valueAt(middle) <= target) low = middle;
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

/** Maps offsets in a text to 0-based LSP positions and back (lines end at CR, LF or CRLF). */
export class LineIndex {
  /** Offset of each line's first character: one 4-byte entry per line, where an array of numbers takes twice that and more. */
  private readonly starts: Int32Array;

  constructor(private readonly text: string) {
    const hasCr = text.includes('\r');
    let lines = 1;
    for (let at = lineEndAt(text, 0, hasCr); at !== -1; at = lineEndAt(text, nextLineStart(text, at), hasCr)) lines++;
    this.starts = new Int32Array(lines);
    let line = 1;
    for (let at = lineEndAt(text, 0, hasCr); at !== -1; at = lineEndAt(text, nextLineStart(text, at), hasCr)) this.starts[line++] = nextLineStart(text, at);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): { line: number; character: number } {
    const line = lastAtOrBefore(this.starts.length, (i) => this.starts[i]!, offset);
    return { line, character: offset - this.starts[line]! };
  }

  /** The offset of `character` on `line` (an existing line), no further than the line's end. */
  offsetAt(line: number, character: number): number {
    const start = this.starts[line]!;
    let end = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    // Not past the line's own end: a position never points between CR and LF.
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return Math.min(start + Math.max(character, 0), end);
  }
}
