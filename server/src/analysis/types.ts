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

/**
 * How a postmortem backs a rule: it names the flagged setting as a `cause` of the outage, its
 * remediation is the setting (`fix`), or it is on the same failure theme without naming it (`related`).
 */
export type Relation = 'cause' | 'fix' | 'related';
/** Strongest first: the order citations are listed in everywhere. */
export const RELATIONS: readonly Relation[] = ['cause', 'fix', 'related'];

/** A rule's link to a catalogue story, as data/citations.json records it. */
export interface Citation {
  story: string;
  relation: Relation;
  /** Our words: where the source says it, or why the story is only related. */
  note: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Absolute offsets of `range`, for hovers and edits. */
  offsets: { start: number; end: number };
  /** The rule's story ids, strongest first. */
  stories: string[];
  /** The same stories with the kind of evidence each gives (the notes are in the rule's meta). */
  citations: { story: string; relation: Relation }[];
  object?: ObjectRef;
  fixes: Fix[];
  /** Set when a comment or annotation silenced the finding: it is kept so hovers and JSON can say why. */
  suppressed?: Suppression;
}

/** Where in an object a finding points: the value at `path`, the key that holds it, or both. */
export type Target = 'value' | 'key' | 'pair';
