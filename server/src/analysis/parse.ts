import { LineCounter, parseDocument } from 'yaml';
import { helmExpression } from './helm';
import { KubeObject, asRecord } from './kube-object';
import type { Chunk } from './split';

/** A problem found while reading a document, before any rule runs (offsets local to the chunk). */
export interface ParseProblem { message: string; start: number; end: number }

export interface ParsedChunk {
  chunk: Chunk;
  lineCounter: LineCounter;
  /** The Kubernetes object, when the document has apiVersion and kind. */
  object?: KubeObject;
  problem?: ParseProblem;
}

/** Aliases expanded per document before we call it an alias bomb and stop reading it. */
const MAX_ALIAS_COUNT = 1000;

export function parseChunk(chunk: Chunk, file: string): ParsedChunk {
  const lineCounter = new LineCounter();
  const document = parseDocument(chunk.text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  const error = document.errors[0];
  if (error) {
    const [start, end] = error.pos;
    // Unrendered Helm templates rarely parse: say what the file is rather than only where it breaks.
    const helm = helmExpression(chunk.text, false) ? ' (this looks like an unrendered Helm template: check the output of `helm template` instead)' : '';
    return { chunk, lineCounter, problem: { message: firstLine(error.message) + helm, start, end: Math.max(end, start + 1) } };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const message = cause instanceof ReferenceError
      ? 'The document expands too many aliases (a possible alias bomb); it was not analysed.'
      : cause instanceof RangeError
        ? 'The document is nested too deeply to analyse.'
        : `The document could not be read: ${(cause as Error).message}`;
    return { chunk, lineCounter, problem: { message, start: 0, end: Math.min(chunk.text.length, 1) } };
  }
  const record = asRecord(value);
  if (!record || typeof record.apiVersion !== 'string' || typeof record.kind !== 'string') {
    return { chunk, lineCounter };
  }
  return { chunk, lineCounter, object: new KubeObject(record, document, file) };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
