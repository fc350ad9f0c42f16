import type { RuleTexts } from '../rule';

/** Reported by the engine itself when a document does not parse; no check function of its own. */
const yamlSyntax: RuleTexts = {
  id: 'yaml-syntax',
  title: 'YAML that does not parse',
  severity: 'error',
  why: 'A manifest that does not parse is rejected as a whole by kubectl, and by GitOps tools that then stop syncing everything after it; a couple of characters can take a service down.',
  fix: 'Fix the syntax at the marked spot; the other documents of the file are still checked.',
};

export default yamlSyntax;
