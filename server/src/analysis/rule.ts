import type { KubeObject, Path } from './kube-object';
import type { Citation, Fix, Severity, Target } from './types';

/** A fix a rule proposes, as edits in the object's document (offsets local to its chunk). */
export type DraftFix = Fix;

/** What a rule reports: where (a path in the object) and what; the engine adds the rest. */
export interface Draft {
  path: Path;
  target?: Target;
  message: string;
  fixes?: DraftFix[];
  /** This finding's own severity instead of the rule's default (a user override still wins). */
  severity?: Severity;
}

export interface RuleContext {
  /** Every object of the analysed set (this file and, in the editor, the workspace index). */
  readonly objects: readonly KubeObject[];
  /** Target Kubernetes version as "major.minor". */
  readonly kubernetesVersion: string;
  /** The chunk text of the object being checked, for fixes that edit it. */
  readonly text: string;
}

/** What a rule's own file says about it. Its stories are not here: they live in data/citations.json. */
export interface RuleTexts {
  /** Kebab-case, permanent: diagnostic code, settings key, suppression token and docs file name. */
  id: string;
  title: string;
  /** The severity the rule asks for; `RuleMeta.severity` caps it when no outage backs the rule. */
  severity: Severity;
  /** Why it matters, in one or two sentences. */
  why: string;
  /** How to fix it, in one or two sentences. */
  fix: string;
}

/**
 * What decides a rule's default severity: a story whose postmortem names the setting as a cause or
 * fix ('postmortem'), Kubernetes' own behaviour ('api': it rejects or silently drops what the rule
 * flags), or neither ('uncited': capped at information).
 */
export type SeverityBasis = 'postmortem' | 'api' | 'uncited';

/** What users see of a rule: its texts and the citations that back it. Data only. */
export interface RuleMeta extends RuleTexts {
  /** The default severity: the one the rule asks for, capped at information when its basis is 'uncited'. */
  severity: Severity;
  /** The severity the rule's file asks for, before the cap. */
  declaredSeverity: Severity;
  severityBasis: SeverityBasis;
  /** The stories that back the rule, strongest first (cause, fix, related; data order within each). */
  citations: Citation[];
  /** The cited story ids, strongest first (derived from `citations`). */
  stories: string[];
}

/** What a rule file exports: its texts and its check. */
export interface Rule extends RuleTexts {
  /** 'object' rules read only their object and are cached with it; 'set' rules look at other objects. */
  scope: 'object' | 'set';
  /** Fires when something is absent: quiet on partial objects such as Kustomize patches. */
  absence?: boolean;
  check(object: KubeObject, context: RuleContext): Draft[];
}

/** A rule as the engine runs it: its check, with its citations and capped severity. */
export type CitedRule = Rule & RuleMeta;
