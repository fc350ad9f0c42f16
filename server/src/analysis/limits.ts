/**
 * Every bound on the work one input may cause, in one place. A limit that is hit gives the user a
 * finding that says so; it never throws and never hangs the caller.
 */

/**
 * Deepest nesting of maps and sequences accepted in a document, counted on the value rules see
 * (aliases expanded). Real manifests stay well under 50 even in CRD schemas; rules walk values
 * recursively, so this also keeps them far from the stack's end.
 */
export const MAX_DOCUMENT_DEPTH = 256;

/**
 * Aliases make a small text stand for a large value, and rules walk the expanded value. The nodes
 * a document expands to (every alias counted as the size of what it points at) are bounded per
 * character of the document, with a floor for small documents and an absolute ceiling.
 */
export const EXPANDED_NODES_PER_CHARACTER = 10;
export const MIN_EXPANDED_NODES = 10_000;
export const MAX_EXPANDED_NODES = 1_000_000;

export function expandedNodeBudget(textLength: number): number {
  return Math.min(MAX_EXPANDED_NODES, Math.max(MIN_EXPANDED_NODES, EXPANDED_NODES_PER_CHARACTER * textLength));
}

/**
 * Longest text between `{{` and `}}` read as one template expression. Template code is one short
 * line; a longer span is data (or an unclosed `{{`), and scanning it as code only costs time.
 */
export const MAX_TEMPLATE_EXPRESSION_LENGTH = 4096;
