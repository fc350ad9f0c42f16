/** The engine's public surface: YAML text in, plain findings out. No editor or protocol imports. */
export { FileAnalyzer, analyzeText, finish, moveFinding, placedFindings, DEFAULT_KUBERNETES_VERSION, NO_FILE_FINDINGS, type AnalyzeOptions, type FileAnalysis, type FileFindings, type RuleError, type SkipReason } from './analyze';
export { KubeObject, type Path } from './kube-object';
export { prepareSetIndex } from './selectors';
export { applyTextEdits } from './edit';
export { RULES, PARSE_RULE, ALL_RULE_METAS, ruleMeta } from './rules';
export type { CitedRule, Rule, RuleMeta, RuleTexts, SeverityBasis } from './rule';
export { CITATIONS, UNCITED_SEVERITY_CAP, cite, readCitations, type CitationsData, type RuleCitations } from './citations';
export * from './types';
