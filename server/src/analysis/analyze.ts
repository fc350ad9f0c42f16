import type { KubeObject } from './kube-object';
import { parseChunk, type ParsedChunk } from './parse';
import type { Draft, Rule, RuleContext } from './rule';
import { PARSE_RULE, RULES } from './rules';
import { splitDocuments } from './split';
import { readSuppressions } from './suppression';
import type { Finding, Severity } from './types';

export const DEFAULT_KUBERNETES_VERSION = '1.34';

export interface AnalyzeOptions {
  /** Severity overrides, or 'off', by rule id. */
  rules?: Readonly<Record<string, Severity | 'off'>>;
  /** Target Kubernetes version, "major.minor". */
  kubernetesVersion?: string;
  /** Objects of the analysed set from other files (the CLI's other inputs, the editor's workspace index). */
  otherObjects?: readonly KubeObject[];
  /** A file inside a Helm chart's templates/ folder: not plain YAML, so it is not analysed. */
  helmTemplate?: boolean;
  /** A Kustomize patch: partial objects, so rules about missing fields stay quiet. */
  partial?: boolean;
}

export type SkipReason = 'helm-template' | 'binary';

export interface FileAnalysis {
  findings: Finding[];
  /** Number of YAML documents and of Kubernetes objects among them. */
  documents: number;
  objects: KubeObject[];
  skipped?: SkipReason;
}

/** A chunk's parse and the findings of its 'object'-scoped rules, reusable while its text is unchanged. */
interface CachedChunk {
  parsed: ParsedChunk;
  objectDrafts: Map<Rule, Draft[]>;
  objectDraftsVersion: string;
}

/**
 * Analyses one file and keeps per-document results, so that re-analysing the file after an edit
 * re-parses and re-checks only the documents whose text changed.
 */
export class FileAnalyzer {
  private cache = new Map<string, CachedChunk>();
  /** The Kubernetes objects of the last analysed text, for other files' cross-object rules. */
  lastObjects: KubeObject[] = [];

  constructor(readonly file: string) {}

  /** Parses `text`, reusing unchanged documents. Cheap to call again with the same text. */
  parse(text: string): ParsedChunk[] {
    const next = new Map<string, CachedChunk>();
    const parsed = splitDocuments(text).map((chunk) => {
      const cached = this.cache.get(chunk.text) ?? next.get(chunk.text);
      // A cached parse keeps its old offsets; only the text is shared, so re-home it.
      const entry = cached
        ? { ...cached, parsed: { ...cached.parsed, chunk } }
        : { parsed: parseChunk(chunk, this.file), objectDrafts: new Map(), objectDraftsVersion: '' };
      next.set(chunk.text, entry);
      return entry.parsed;
    });
    this.cache = next;
    return parsed;
  }

  analyze(text: string, options: AnalyzeOptions = {}): FileAnalysis {
    if (options.helmTemplate) return { findings: [], documents: 0, objects: [], skipped: 'helm-template' };
    if (text.includes('\u0000')) return { findings: [], documents: 0, objects: [], skipped: 'binary' };
    const chunks = this.parse(text);
    const objects = chunks.flatMap((chunk) => (chunk.object ? [chunk.object] : []));
    this.lastObjects = objects;
    const everyObject = options.otherObjects?.length ? [...objects, ...options.otherObjects] : objects;
    const kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const findings = chunks.flatMap((parsed) => {
      const entry = this.cache.get(parsed.chunk.text)!;
      return this.chunkFindings(entry, everyObject, kubernetesVersion, options.rules ?? {}, options.partial ?? false);
    });
    findings.sort((a, b) => a.offsets.start - b.offsets.start);
    return { findings, documents: chunks.length, objects };
  }

  private chunkFindings(entry: CachedChunk, everyObject: readonly KubeObject[], kubernetesVersion: string,
    overrides: Readonly<Record<string, Severity | 'off'>>, partial: boolean): Finding[] {
    const { chunk, object, problem, lineCounter } = entry.parsed;
    const toRange = (start: number, end: number) => ({
      start: position(chunk.line, lineCounter.linePos(start)),
      end: position(chunk.line, lineCounter.linePos(end)),
    });
    const findings: Finding[] = [];
    const severityOf = (meta: { id: string; severity: Severity }) => {
      const override = overrides[meta.id];
      return override === undefined ? meta.severity : override;
    };
    if (problem && severityOf(PARSE_RULE) !== 'off') {
      findings.push({
        ruleId: PARSE_RULE.id, severity: severityOf(PARSE_RULE) as Severity, message: problem.message,
        range: toRange(problem.start, problem.end),
        offsets: { start: chunk.offset + problem.start, end: chunk.offset + problem.end },
        stories: PARSE_RULE.stories, fixes: [],
      });
    }
    if (object) {
      if (entry.objectDraftsVersion !== kubernetesVersion) {
        entry.objectDrafts.clear();
        entry.objectDraftsVersion = kubernetesVersion;
      }
      const context: RuleContext = { objects: everyObject, kubernetesVersion, text: chunk.text };
      for (const rule of RULES) {
        const severity = severityOf(rule);
        if (severity === 'off' || (partial && rule.absence)) continue;
        let drafts = rule.scope === 'object' ? entry.objectDrafts.get(rule) : undefined;
        if (!drafts) {
          drafts = rule.check(object, context);
          if (rule.scope === 'object') entry.objectDrafts.set(rule, drafts);
        }
        for (const draft of drafts) {
          const span = object.span(draft.path, draft.target);
          findings.push({
            ruleId: rule.id, severity: overrides[rule.id] === undefined ? draft.severity ?? severity : severity, message: draft.message,
            range: toRange(span.start, span.end),
            offsets: { start: chunk.offset + span.start, end: chunk.offset + span.end },
            stories: rule.stories, object: object.ref,
            fixes: (draft.fixes ?? []).map((fix) => ({
              title: fix.title,
              edits: fix.edits.map((edit) => ({ ...edit, start: chunk.offset + edit.start, end: chunk.offset + edit.end })),
            })),
          });
        }
      }
    }
    if (findings.length === 0) return findings;
    const suppressions = readSuppressions(chunk.text, object, (offset) => lineCounter.linePos(offset).line - 1);
    for (const finding of findings) {
      const localLine = finding.range.start.line - chunk.line;
      const suppressed = suppressions.document.get(finding.ruleId) ?? suppressions.lines.get(localLine)?.get(finding.ruleId);
      if (suppressed) finding.suppressed = suppressed;
    }
    return findings;
  }
}

function position(chunkLine: number, pos: { line: number; col: number }) {
  return { line: chunkLine + pos.line - 1, character: pos.col - 1 };
}

/** One-shot analysis of a text (tests, the CLI's stdin). */
export function analyzeText(text: string, file = 'untitled.yaml', options: AnalyzeOptions = {}): FileAnalysis {
  return new FileAnalyzer(file).analyze(text, options);
}
