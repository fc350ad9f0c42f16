import { crossObjectValue } from './cross-object';
import type { KubeObject } from './kube-object';
import { parseChunk, type ParsedChunk } from './parse';
import { cappedSeverity } from './citations';
import type { Draft, Rule, RuleContext, RuleMeta } from './rule';
import { RULES, ruleMeta } from './rules';
import { composedSet, replaceInSet } from './set-caches';
import { SplitText, type Splice } from './split';
import { annotationSuppressions, readSuppressions } from './suppression';
import type { Finding, Severity } from './types';

export const DEFAULT_KUBERNETES_VERSION = '1.34';

export interface AnalyzeOptions {
  /** Severity overrides, or 'off', by rule id. */
  rules?: Readonly<Record<string, Severity | 'off'>>;
  /** Target Kubernetes version, "major.minor". */
  kubernetesVersion?: string;
  /** Objects of the analysed set from other files (the editor's workspace index). */
  otherObjects?: readonly KubeObject[];
  /**
   * Instead of `otherObjects`: the whole analysed set, this file's objects included as `parse`
   * returned them for the same text. Files given the same array share one cross-object index, so
   * checking N files stays linear (the CLI).
   */
  analysedSet?: readonly KubeObject[];
  /** A file inside a Helm chart's templates/ folder: not plain YAML, so it is not analysed. */
  helmTemplate?: boolean;
  /** A Kustomize patch: partial objects, so rules about missing fields stay quiet. */
  partial?: boolean;
  /**
   * Called once every document is parsed, before any rule runs, with each document's parse problems
   * (syntax errors, unrendered templates): an editor shows them at once on a big file it opens, at
   * the cost of the parse alone, and the complete findings when the run ends.
   */
  onParsed?: (documentFindings: FileFindings) => void;
}

export type SkipReason = 'helm-template' | 'binary';

/** A rule that threw: a bug to report, not a finding. */
export interface RuleError { ruleId: string; object: string; message: string }

/**
 * The findings of a file document by document, in file order, each document's positioned as if it
 * started the file. Three parallel lists rather than an object per document: after an edit of a
 * file of thousands of documents, the lists are copied and the changed documents' entries written
 * in — nothing walks thousands of objects scattered in memory.
 */
export interface FileFindings {
  /** Each document's findings: the same array while neither its text nor what its findings depend on changed. */
  readonly perDocument: readonly (readonly Finding[])[];
  /** Where each document starts in the file (offset, 0-based line): its findings' positions are relative to it. */
  readonly offsets: readonly number[];
  readonly lines: readonly number[];
}

export interface FileAnalysis {
  /** Every finding, in file positions (worked out when first read). */
  readonly findings: Finding[];
  /** The findings document by document, in file order: what an editor re-uses between edits. */
  documentFindings: FileFindings;
  /** Number of YAML documents and of Kubernetes objects among them. */
  documents: number;
  objects: KubeObject[];
  skipped?: SkipReason;
  ruleErrors?: RuleError[];
}

/** Everything learnt about one document, reusable while its text is unchanged, wherever it moves. */
interface CachedChunk {
  /** The document's text as in the file. */
  text: string;
  /** It holds a NUL character: the file is not YAML but binary. */
  binary: boolean;
  /** Undefined until parsed. */
  parsed?: ParsedChunk;
  /** What other objects' rules may read of this document's objects (see `crossObjectFacts`), computed when first compared. */
  facts?: string;
  /** Rule results per object of the document (a List holds several), in the order of `parsed.objects`. */
  drafts: ObjectDrafts[];
  objectDraftsVersion: string;
  setDraftsVersion: number;
  /** Findings with positions local to the chunk, for `findingsKey`. */
  localFindings?: Finding[];
  findingsKey?: string;
}

type ParsedEntry = CachedChunk & { parsed: ParsedChunk };

/** A document's parse placed in the file. */
export type PlacedChunk = ParsedChunk & { offset: number; line: number };

/** What other objects' rules may read of a document's objects, as a string to compare. */
function crossObjectFacts(parsed: ParsedChunk): string {
  return parsed.objects.length === 0 ? '' : JSON.stringify(parsed.objects.map((object) => crossObjectValue(object.value)));
}

/**
 * Analyses one file and keeps per-document results, so that re-analysing the file after an edit
 * re-parses and re-checks only the documents whose text changed. Cross-object ('set') rules are
 * re-run only when a fact they may read (labels, selectors, replicas, targets...) changed somewhere
 * in the analysed set.
 */
export class FileAnalyzer {
  /** The text `entries` describe, one entry per document. */
  private source: SplitText | undefined;
  private entries: CachedChunk[] = [];
  private previousEntries: readonly ParsedEntry[] = [];
  private previousOtherObjects: readonly KubeObject[] = [];
  /** The last `objectList`: the entries it listed, their objects, where each entry's objects start. */
  private objectsBase: { entries: readonly ParsedEntry[]; objects: KubeObject[]; starts: Int32Array } | undefined;
  private setVersion = 0;
  /** The last run's key, kept so that an equal key is the very same string (compared by reference). */
  private runKey = '';
  /** The last analysed set, changed in place while its structure stands (see `updateSet`). */
  private set: KubeObject[] | undefined;
  private ruleErrors: RuleError[] = [];
  /**
   * The documents that may differ from those of the last run that went to its end (positions in
   * `entries`); undefined: any may. Every other document is parsed, not binary, and, while the run
   * key stays `settled.key`, has the findings `settled` lists for it: an edit of a huge file looks at
   * the documents it touched, not at every document.
   */
  private changed: Span | undefined;
  private settled: { key: string; perDocument: readonly (readonly Finding[])[] } | undefined;
  /** Counts the texts synced: a run settles only if no other text was synced while it ran. */
  private syncs = 0;
  /**
   * Moves when what other files' rules may read of this file (labels, selectors, targets... see
   * `crossObjectFacts`) changes: an editor re-analyses the other open files then, and only then.
   */
  factsVersion = 0;

  constructor(readonly file: string) {}

  /** The Kubernetes objects of the last analysed text, for other files' cross-object rules. */
  get lastObjects(): KubeObject[] {
    return this.objectsBase?.objects ?? [];
  }

  /** Parses a text (or an editor's split text), reusing unchanged documents. Cheap to call again with the same text. */
  parse(text: string | SplitText): PlacedChunk[] {
    return finish(this.parseSteps(text));
  }

  /** `parse`, one step per document that needs parsing (see `analyzeSteps`). */
  *parseSteps(text: string | SplitText): Generator<void, PlacedChunk[], void> {
    const source = this.sync(text);
    const entries = yield* this.parsedEntries(this.changedSpan);
    return entries.map((entry, index) => ({ ...entry.parsed, offset: source.offsets[index]!, line: source.lines[index]! }));
  }

  /**
   * Makes `entries` describe `text`. A split text made by edits from the last one moves the entries
   * as its documents moved, and only the documents cut anew are looked up, by text, among those the
   * edits replaced; any other text is looked up whole, document by document.
   */
  private sync(text: string | SplitText): SplitText {
    const source = typeof text !== 'string' ? text : this.source?.text === text ? this.source : SplitText.of(text);
    if (source === this.source) return source;
    const splices = this.source && source.splicesSince(this.source);
    let slots: (CachedChunk | undefined)[] = splices ? this.entries : [];
    const replaced: (CachedChunk | undefined)[] = splices ? [] : this.entries;
    let changed = splices && this.changed;
    for (const splice of splices ?? []) {
      const { from, removed, added } = splice;
      replaced.push(...slots.slice(from, from + removed));
      slots = slots.slice(0, from).concat(new Array<undefined>(added).fill(undefined), slots.slice(from + removed));
      changed = changed && spanAfter(changed, splice);
    }
    const byText = new Map<string, CachedChunk>();
    for (const entry of replaced) if (entry) byText.set(entry.text, entry);
    this.entries = source.texts.map((chunkText, index) => slots[index] ?? byText.get(chunkText) ?? newEntry(chunkText));
    this.source = source;
    this.changed = changed;
    this.syncs++;
    return source;
  }

  /** The documents `sync` may have changed: all of them unless it knows which. */
  private get changedSpan(): Span {
    return this.changed ?? { start: 0, end: this.entries.length };
  }

  /** The entries, each document parsed: one step per document parsed (only those in `changed` can need it). */
  private *parsedEntries(changed: Span): Generator<void, ParsedEntry[], void> {
    // A copy: a later run may re-sync the analyzer's own list while this one's steps are still held.
    const entries = this.entries.slice();
    for (const entry of unparsed(entries, changed)) {
      entry.parsed = parseChunk(entry.text, this.file);
      entry.drafts = entry.parsed.objects.map(() => ({ object: new Array<Draft[] | undefined>(RULES.length).fill(undefined), set: new Array<Draft[] | undefined>(RULES.length).fill(undefined) }));
      yield;
    }
    return entries as ParsedEntry[];
  }

  analyze(text: string | SplitText, options: AnalyzeOptions = {}): FileAnalysis {
    return finish(this.analyzeSteps(text, options));
  }

  /**
   * `analyze`, one step per document parsed, compared or checked, so a caller with a clock can spread
   * a big file over several turns and drop the run when a newer text arrives: the analyzer is
   * consistent between any two steps.
   */
  *analyzeSteps(text: string | SplitText, options: AnalyzeOptions = {}): Generator<void, FileAnalysis, void> {
    if (options.helmTemplate) return fileAnalysis(NO_FILE_FINDINGS, [], { skipped: 'helm-template' });
    const source = this.sync(text);
    const syncs = this.syncs;
    const changed = this.changedSpan;
    if (anyBinary(this.entries, changed)) return fileAnalysis(NO_FILE_FINDINGS, [], { skipped: 'binary' });
    this.ruleErrors = [];
    const entries = yield* this.parsedEntries(changed);
    const overrides = options.rules ?? {};
    options.onParsed?.({
      perDocument: entries.map(({ parsed }) => (parsed.problems.length ? problemFindings(parsed, overrides) : NO_FINDINGS)),
      offsets: source.offsets, lines: source.lines,
    });
    const objects = this.objectList(entries);
    const otherObjects = options.otherObjects ?? [];
    const kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const previousEntries = this.previousEntries;
    const setVersion = this.setVersion;
    const places = yield* this.updateSetVersion(entries, options.analysedSet ?? otherObjects);
    const everyObject = options.analysedSet ?? this.updateSet(entries, previousEntries, places, objects, otherObjects, setVersion === this.setVersion);
    const key = `${this.setVersion}|${kubernetesVersion}|${options.partial ?? false}|${JSON.stringify(options.rules ?? {})}`;
    if (key !== this.runKey) this.runKey = key;
    const run: Run = { everyObject, kubernetesVersion, overrides, partial: options.partial ?? false, key: this.runKey };
    // Under another key every document is looked at (each entry's findings say which key they are of).
    const settled = this.settled?.key === run.key ? this.settled : undefined;
    for (const entry of unchecked(entries, settled ? changed : { start: 0, end: entries.length }, run.key)) {
      entry.localFindings = this.chunkFindings(entry, run);
      entry.findingsKey = run.key;
      yield;
    }
    const perDocument = settled ? withChanged(settled.perDocument, entries, changed) : entries.map((entry) => entry.localFindings!);
    if (this.syncs === syncs) {
      this.settled = { key: run.key, perDocument };
      this.changed = { start: 0, end: 0 };
    }
    const ruleErrors = this.ruleErrors;
    this.ruleErrors = [];
    return fileAnalysis({ perDocument, offsets: source.offsets, lines: source.lines }, objects, ruleErrors.length ? { ruleErrors } : {});
  }

  /**
   * Bumps the set version unless every document is either unchanged or was edited in place without
   * touching a cross-object fact (the common case while typing), so set rules can reuse their results.
   * Bumps `factsVersion` too when it is this file's facts that changed. One step per fact compared.
   * Returns where the entries differ from the last run's (none when their number changed).
   */
  private *updateSetVersion(entries: readonly ParsedEntry[], otherObjects: readonly KubeObject[]): Generator<void, readonly number[], void> {
    const previous = this.previousEntries;
    const previousOthers = this.previousOtherObjects;
    const factsOf = (entry: ParsedEntry) => (entry.facts ??= crossObjectFacts(entry.parsed));
    let sameFacts = entries.length === previous.length;
    const changed = sameFacts ? changedPlaces(entries, previous) : [];
    for (const i of changed) {
      sameFacts = factsOf(entries[i]!) === factsOf(previous[i]!);
      if (!sameFacts) break;
      yield;
    }
    const sameOthers = otherObjects === previousOthers || (otherObjects.length === previousOthers.length && otherObjects.every((object, i) => object === previousOthers[i]));
    if (!sameFacts) this.factsVersion++;
    if (!sameFacts || !sameOthers) this.setVersion++;
    this.previousEntries = entries;
    this.previousOtherObjects = otherObjects;
    return changed;
  }

  /**
   * The analysed set (this file's objects, then the others'). While the set version stands, the
   * documents edited since the last run hold objects of the same facts at the same places: they are
   * swapped into the same array, so the lookups cached for it are updated, not built again.
   */
  private updateSet(entries: readonly ParsedEntry[], previous: readonly ParsedEntry[], changed: readonly number[], objects: KubeObject[], others: readonly KubeObject[], sameSet: boolean): readonly KubeObject[] {
    if (!sameSet || this.set?.length !== objects.length + others.length) {
      this.set = [...objects, ...others];
      composedSet(this.set, objects.length, others);
      return this.set;
    }
    // The set's structure stands, so each document's objects start where they did: only the documents
    // re-parsed since the last run (moved ones keep their objects) have theirs swapped in.
    const { starts } = this.objectsBase!;
    for (const index of changed) {
      const { objects: own } = entries[index]!.parsed;
      if (own !== previous[index]!.parsed.objects) own.forEach((object, j) => replaceInSet(this.set!, starts[index]! + j, object));
    }
    return this.set!;
  }

  /**
   * This file's objects in document order, and where each document's start. After an edit that kept
   * every document's object count, the last list is copied and only the changed documents' objects are
   * written in: a huge file's unchanged documents are not visited.
   */
  private objectList(entries: readonly ParsedEntry[]): KubeObject[] {
    const base = this.objectsBase;
    const places = base && base.entries.length === entries.length ? changedPlaces(entries, base.entries) : undefined;
    if (base && places?.every((index) => entries[index]!.parsed.objects.length === base.entries[index]!.parsed.objects.length)) {
      const objects = base.objects.slice();
      for (const index of places) entries[index]!.parsed.objects.forEach((object, j) => (objects[base.starts[index]! + j] = object));
      this.objectsBase = { entries, objects, starts: base.starts };
      return objects;
    }
    const objects: KubeObject[] = [];
    const starts = new Int32Array(entries.length);
    for (let index = 0; index < entries.length; index++) {
      starts[index] = objects.length;
      for (const object of entries[index]!.parsed.objects) objects.push(object);
    }
    this.objectsBase = { entries, objects, starts };
    return objects;
  }

  /** Runs one check; a rule that throws reports nothing and is listed in `ruleErrors`, so it cannot hide the others. */
  private checkSafely(rule: Rule, object: KubeObject, context: RuleContext): Draft[] {
    try {
      return rule.check(object, context);
    } catch (error) {
      this.ruleErrors.push({ ruleId: rule.id, object: `${object.kind}/${object.name}`, message: (error as Error).stack ?? String(error) });
      return [];
    }
  }

  /** Findings of one chunk, positioned as if the chunk started the file (moved into place by the caller). */
  private chunkFindings(entry: ParsedEntry, run: Run): Finding[] {
    const { text, objects, lines } = entry.parsed;
    const local = (from: number, to: number) => localSpan(entry.parsed, from, to);
    const severityOf = (meta: { id: string; severity: Severity }) => run.overrides[meta.id] ?? meta.severity;
    const findings = problemFindings(entry.parsed, run.overrides);
    if (entry.objectDraftsVersion !== run.kubernetesVersion) {
      for (const drafts of entry.drafts) drafts.object.fill(undefined);
      entry.objectDraftsVersion = run.kubernetesVersion;
    }
    if (entry.setDraftsVersion !== this.setVersion) {
      for (const drafts of entry.drafts) drafts.set.fill(undefined);
      entry.setDraftsVersion = this.setVersion;
    }
    const context: RuleContext = { objects: run.everyObject, kubernetesVersion: run.kubernetesVersion, text };
    objects.forEach((object, index) => {
      const cache = entry.drafts[index]!;
      const ignored = annotationSuppressions(object);
      RULES.forEach((rule, ruleIndex) => {
        const severity = severityOf(rule);
        if (severity === 'off' || (run.partial && rule.absence)) return;
        const drafts = rule.scope === 'object' ? cache.object : cache.set;
        let found = drafts[ruleIndex];
        if (!found) {
          found = this.checkSafely(rule, object, context);
          // Most rules find nothing on most objects: one shared empty list instead of thousands.
          drafts[ruleIndex] = found = found.length ? found : NO_DRAFTS;
        }
        for (const draft of found) {
          const span = object.span(draft.path, draft.target);
          const finding: Finding = {
            ruleId: rule.id, severity: run.overrides[rule.id] === undefined ? findingSeverity(rule, draft) : severity, message: draft.message,
            ...local(span.start, span.end), ...evidence(rule), object: object.ref,
            fixes: draft.fixes ?? [],
          };
          // The object's ignore annotation first: it names this object alone, where comments name lines or the document.
          const suppressed = ignored.get(rule.id);
          if (suppressed) finding.suppressed = suppressed;
          findings.push(finding);
        }
      });
    });
    if (findings.length === 0) return findings;
    const suppressions = readSuppressions(text, (offset) => lines.position(offset).line);
    for (const finding of findings) {
      const suppressed = finding.suppressed ?? suppressions.document.get(finding.ruleId) ?? suppressions.lines.get(finding.range.start.line)?.get(finding.ruleId);
      if (suppressed) finding.suppressed = suppressed;
    }
    return findings.sort((a, b) => a.offsets.start - b.offsets.start);
  }
}

const NO_FINDINGS: readonly Finding[] = [];
export const NO_FILE_FINDINGS: FileFindings = { perDocument: [], offsets: [], lines: [] };

/*
 * Loops over every document of a file live in plain functions, outside the generators that call them:
 * V8 runs a loop inside a generator many times slower, and a big file has thousands of documents.
 */

/** Documents `start`..`end` of a list. */
interface Span { start: number; end: number }

/** Where `span` of a list is once `splice` changed the list, grown to hold what the splice put in. */
function spanAfter({ start, end }: Span, { from, removed, added }: Splice): Span {
  if (start === end) return { start: from, end: from + added };
  const moved = (at: number) => (at >= from + removed ? at + added - removed : Math.min(at, from));
  return { start: Math.min(moved(start), from), end: Math.max(moved(end), from + added) };
}

function anyBinary(entries: readonly CachedChunk[], { start, end }: Span): boolean {
  for (let index = start; index < end; index++) if (entries[index]!.binary) return true;
  return false;
}

/** The entries of `span` not parsed yet. */
function unparsed(entries: readonly CachedChunk[], { start, end }: Span): CachedChunk[] {
  const found: CachedChunk[] = [];
  for (let index = start; index < end; index++) if (!entries[index]!.parsed) found.push(entries[index]!);
  return found;
}

/** The entries of `span` whose findings are not of the run `key`. */
function unchecked(entries: readonly ParsedEntry[], { start, end }: Span, key: string): ParsedEntry[] {
  const found: ParsedEntry[] = [];
  for (let index = start; index < end; index++) if (entries[index]!.findingsKey !== key) found.push(entries[index]!);
  return found;
}

/** The settled findings lists with those of the `changed` documents (positions in `entries`) put in their place. */
function withChanged(settled: readonly (readonly Finding[])[], entries: readonly ParsedEntry[], changed: Span): (readonly Finding[])[] {
  const middle = entries.slice(changed.start, changed.end).map((entry) => entry.localFindings!);
  return settled.slice(0, changed.start).concat(middle, settled.slice(changed.end - entries.length + settled.length));
}

/** Where `entries` holds another entry than `previous` (of the same length). */
function changedPlaces(entries: readonly ParsedEntry[], previous: readonly ParsedEntry[]): number[] {
  const places: number[] = [];
  for (let index = 0; index < entries.length; index++) if (entries[index] !== previous[index]) places.push(index);
  return places;
}

/** The findings of a document's parse problems, positioned in the document (rules not yet run). */
function problemFindings(parsed: ParsedChunk, overrides: Readonly<Record<string, Severity | 'off'>>): Finding[] {
  const findings: Finding[] = [];
  for (const problem of parsed.problems) {
    const meta = ruleMeta(problem.ruleId)!;
    const severity = overrides[meta.id] ?? meta.severity;
    if (severity === 'off') continue;
    findings.push({ ruleId: meta.id, severity, message: problem.message, ...localSpan(parsed, problem.start, problem.end), ...evidence(meta), fixes: [] });
  }
  return findings;
}

/** A range inside the document, whatever a rule's path or the parser pointed at. */
function localSpan({ text, lines }: ParsedChunk, from: number, to: number): Pick<Finding, 'range' | 'offsets'> {
  const start = Math.min(Math.max(from, 0), text.length);
  const end = Math.min(Math.max(to, start), text.length);
  return { range: { start: lines.position(start), end: lines.position(end) }, offsets: { start, end } };
}

/** A finding's own severity (or the rule's), under the same cap as the rule's when nothing backs it. */
function findingSeverity(rule: RuleMeta, draft: Draft): Severity {
  return draft.severity ? cappedSeverity(draft.severity, rule.severityBasis) : rule.severity;
}

type Evidence = Pick<Finding, 'stories' | 'citations'>;

/** Worked out once per rule: every finding of a rule shares its lists (findings are read, never changed). */
const EVIDENCE = new WeakMap<RuleMeta, Evidence>();

/** The stories a finding carries: its rule's, strongest first, with the kind of evidence each gives. */
function evidence(rule: RuleMeta): Evidence {
  let found = EVIDENCE.get(rule);
  if (!found) EVIDENCE.set(rule, (found = { stories: rule.stories, citations: rule.citations.map(({ story, relation }) => ({ story, relation })) }));
  return found;
}

const NO_DRAFTS: Draft[] = [];

/**
 * Cached rule results of one object, by the rule's place in RULES: 'object' rules until the
 * Kubernetes version changes, 'set' rules until the set does. Undefined until the rule has run.
 */
interface ObjectDrafts { object: (Draft[] | undefined)[]; set: (Draft[] | undefined)[] }

function newEntry(text: string): CachedChunk {
  return { text, binary: text.includes('\u0000'), drafts: [], objectDraftsVersion: '', setDraftsVersion: -1 };
}

interface Run {
  everyObject: readonly KubeObject[];
  kubernetesVersion: string;
  overrides: Readonly<Record<string, Severity | 'off'>>;
  partial: boolean;
  /** Identifies everything findings depend on besides the chunk's own text. */
  key: string;
}

/** An analysis whose flat `findings` list is placed in the file when first read: editors read the documents' lists. */
function fileAnalysis(documentFindings: FileFindings, objects: KubeObject[], extra: Pick<FileAnalysis, 'skipped' | 'ruleErrors'> = {}): FileAnalysis {
  let placed: Finding[] | undefined;
  return {
    get findings() {
      return (placed ??= placedFindings(documentFindings));
    },
    documentFindings, documents: documentFindings.perDocument.length, objects, ...extra,
  };
}

/** Every finding of a file, in file order and file positions. */
export function placedFindings({ perDocument, offsets, lines }: FileFindings): Finding[] {
  const placed: Finding[] = [];
  perDocument.forEach((findings, index) => {
    for (const finding of findings) placed.push(moveFinding(finding, offsets[index]!, lines[index]!));
  });
  return placed;
}

/** A chunk-local finding placed at the chunk's offset and line in the file. */
export function moveFinding(finding: Finding, offset: number, line: number): Finding {
  const { start, end } = finding.range;
  return {
    ...finding,
    range: { start: { line: start.line + line, character: start.character }, end: { line: end.line + line, character: end.character } },
    offsets: { start: finding.offsets.start + offset, end: finding.offsets.end + offset },
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: edit.start + offset, end: edit.end + offset })) })),
  };
}

/** Runs steps to the end, for callers that do not slice the work. */
export function finish<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** One-shot analysis of a text (tests, the CLI's stdin). */
export function analyzeText(text: string, file = 'untitled.yaml', options: AnalyzeOptions = {}): FileAnalysis {
  return new FileAnalyzer(file).analyze(text, options);
}
