import type { KubeObject, Path } from './kube-object';
import type { Fix, Severity, Target } from './types';

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

/** What users see of a rule: data only. */
export interface RuleMeta {
  /** Kebab-case, permanent: diagnostic code, settings key, suppression token and docs file name. */
  id: string;
  title: string;
  severity: Severity;
  /** Catalogue story ids, the most telling first. */
  stories: string[];
  /** Why it matters, in one or two sentences. */
  why: string;
  /** How to fix it, in one or two sentences. */
  fix: string;
}

export interface Rule extends RuleMeta {
  /** 'object' rules read only their object and are cached with it; 'set' rules look at other objects. */
  scope: 'object' | 'set';
  /** Fires when something is absent: quiet on partial objects such as Kustomize patches. */
  absence?: boolean;
  check(object: KubeObject, context: RuleContext): Draft[];
}
