import type { KubeObject } from './kube-object';
import type { Suppression } from './types';

/**
 * Silencing that users write into manifests:
 *   # k8s-failure-stories-disable-next-line rule-id[, rule-id] -- reason
 *   # k8s-failure-stories-disable rule-id[, rule-id] -- reason          (whole document)
 *   metadata.annotations["k8s-failure-stories/ignore"]: "rule-id,rule-id -- reason"   (whole object)
 */
export const IGNORE_ANNOTATION = 'k8s-failure-stories/ignore';
const COMMENT = /#\s*k8s-failure-stories-(disable-next-line|disable)\s+([^\n]*)/g;

export interface Suppressions {
  /** Rule ids silenced for the whole document. */
  document: Map<string, Suppression>;
  /** Local 0-based line → rule ids silenced on it. */
  lines: Map<number, Map<string, Suppression>>;
}

/** Reads the comment suppressions of one document chunk; `lineOf` maps a local offset to a local line. */
export function readSuppressions(text: string, lineOf: (offset: number) => number): Suppressions {
  const result: Suppressions = { document: new Map(), lines: new Map() };
  if (!text.includes('k8s-failure-stories')) return result;
  for (const match of text.matchAll(COMMENT)) {
    const { ids, reason } = parseList(match[2]!);
    const suppression: Suppression = reason ? { via: 'comment', reason } : { via: 'comment' };
    if (match[1] === 'disable') {
      for (const id of ids) result.document.set(id, suppression);
      continue;
    }
    const line = nextContentLine(text, match.index!, lineOf);
    const silenced = result.lines.get(line) ?? new Map<string, Suppression>();
    for (const id of ids) silenced.set(id, suppression);
    result.lines.set(line, silenced);
  }
  return result;
}

/** Rule ids the object's ignore annotation silences (a document may hold several objects: a List). */
export function annotationSuppressions(object: KubeObject): Map<string, Suppression> {
  const result = new Map<string, Suppression>();
  const annotation = object.get(['metadata', 'annotations', IGNORE_ANNOTATION]);
  if (typeof annotation === 'string') {
    const { ids, reason } = parseList(annotation);
    for (const id of ids) result.set(id, reason ? { via: 'annotation', reason } : { via: 'annotation' });
  }
  return result;
}

function parseList(text: string): { ids: string[]; reason?: string } {
  const [list, ...rest] = text.split(' -- ');
  const reason = rest.join(' -- ').trim();
  const ids = list!.split(/[\s,]+/).filter(Boolean);
  return reason ? { ids, reason } : { ids };
}

/** The first line after the comment that is neither blank nor another comment. */
function nextContentLine(text: string, commentOffset: number, lineOf: (offset: number) => number): number {
  let offset = text.indexOf('\n', commentOffset);
  while (offset !== -1) {
    const lineEnd = text.indexOf('\n', offset + 1);
    const line = text.slice(offset + 1, lineEnd === -1 ? undefined : lineEnd).trim();
    if (line !== '' && !line.startsWith('#')) return lineOf(offset + 1);
    offset = lineEnd;
  }
  return -1;
}
