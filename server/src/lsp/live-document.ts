import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { SplitText } from '../analysis/split';

/**
 * An open document held as its YAML documents (see SplitText): applying a keystroke re-cuts the
 * documents around it and copies nothing else, where a plain text document copies the whole file per
 * keystroke (megabytes, then garbage). The analyzer reads `source` itself; the whole text is joined
 * only when something asks for it.
 */
export class LiveDocument implements TextDocument {
  private constructor(readonly uri: string, readonly languageId: string, readonly version: number, readonly source: SplitText) {}

  static create(uri: string, languageId: string, version: number, content: string): LiveDocument {
    return new LiveDocument(uri, languageId, version, SplitText.of(content));
  }

  /** The document after `changes`, applied in order as the LSP sends them. */
  static update(document: LiveDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): LiveDocument {
    let source = document.source;
    for (const change of changes) {
      if (!('range' in change)) {
        source = SplitText.of(change.text);
        continue;
      }
      const [start, end] = ordered(source.offsetAt(change.range.start), source.offsetAt(change.range.end));
      source = source.edited(start, end, change.text);
    }
    return new LiveDocument(document.uri, document.languageId, version, source);
  }

  getText(range?: Range): string {
    if (!range) return this.source.text;
    return this.source.slice(...ordered(this.offsetAt(range.start), this.offsetAt(range.end)));
  }

  positionAt(offset: number): Position {
    return this.source.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.source.offsetAt(position);
  }

  get lineCount(): number {
    return this.source.lineCount;
  }
}

/** A range's offsets start first, as the LSP library reads a range given backwards. */
function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}
