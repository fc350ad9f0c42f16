import type { Rule, RuleMeta } from '../rule';
import cronjobConcurrency from './cronjob-concurrency';
import imageTagLatest from './image-tag-latest';
import livenessProbeMissing from './liveness-probe-missing';
import memoryLimitMissing from './memory-limit-missing';
import requestsMissing from './requests-missing';
import yamlSyntax from './yaml-syntax';

/** Every rule, in the order findings are listed. Add a new rule here (one line) and nowhere else. */
export const RULES: readonly Rule[] = [
  requestsMissing,
  memoryLimitMissing,
  livenessProbeMissing,
  cronjobConcurrency,
  imageTagLatest,
];

/** Findings the engine reports itself, not a check. */
export const PARSE_RULE: RuleMeta = yamlSyntax;

export const ALL_RULE_METAS: readonly RuleMeta[] = [...RULES, PARSE_RULE];

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULE_METAS.find((rule) => rule.id === id);
}
