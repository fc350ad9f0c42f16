/** Plain data shared by the engine and its front doors. Positions are 0-based. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A text replacement in the analysed file, in absolute offsets. */
export interface TextEdit { start: number; end: number; newText: string }

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** A starting point that needs a human's judgement (placeholder values, behaviour changes): never applied by `check --fix`. */
  review?: boolean;
}

export interface ObjectRef { kind: string; name: string; namespace?: string }

export interface Suppression { via: 'comment' | 'annotation'; reason?: string }

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Absolute offsets of `range`, for hovers and edits. */
  offsets: { start: number; end: number };
  stories: string[];
  object?: ObjectRef;
  fixes: Fix[];
  /** Set when a comment or annotation silenced the finding: it is kept so hovers and JSON can say why. */
  suppressed?: Suppression;
}

/** Where in an object a finding points: the value at `path`, the key that holds it, or both. */
export type Target = 'value' | 'key' | 'pair';
