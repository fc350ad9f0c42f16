import data from '../../../data/citations.json';
import schema from '../../../data/citations.schema.json';
import { validate, type Schema } from '../catalogue/schema';
import type { RuleMeta, RuleTexts, SeverityBasis } from './rule';
import { RELATIONS, SEVERITIES, type Citation, type Severity } from './types';

/** One rule's entry in data/citations.json. */
export interface RuleCitations {
  /** 'api': the rule flags what Kubernetes itself rejects or silently drops. */
  basis?: 'api';
  citations: Citation[];
}

export interface CitationsData { rules: Record<string, RuleCitations> }

/** The highest default severity a rule gets when neither a postmortem nor the API backs it. */
export const UNCITED_SEVERITY_CAP: Severity = 'information';

/** Validates citations data against its schema; a clear error names the first problems. */
export function readCitations(raw: unknown): CitationsData {
  const errors = validate(raw, schema as Schema);
  if (errors.length > 0) throw new Error(`The rule citations (data/citations.json) are invalid:\n${errors.slice(0, 20).join('\n')}`);
  return raw as CitationsData;
}

function severityBasis(entry: RuleCitations | undefined): SeverityBasis {
  if (entry?.citations.some((citation) => citation.relation !== 'related')) return 'postmortem';
  return entry?.basis === 'api' ? 'api' : 'uncited';
}

/** `severity`, lowered to the cap when nothing backs the rule (a warning must rest on a real outage or on the API). */
export function cappedSeverity(severity: Severity, basis: SeverityBasis): Severity {
  if (basis !== 'uncited') return severity;
  return SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(UNCITED_SEVERITY_CAP) ? UNCITED_SEVERITY_CAP : severity;
}

/** A rule with its citations (strongest first), its story ids and its severity decided by them. */
export function cite<T extends RuleTexts>(rule: T, citations: CitationsData): T & RuleMeta {
  const entry = Object.hasOwn(citations.rules, rule.id) ? citations.rules[rule.id] : undefined;
  const sorted = [...(entry?.citations ?? [])].sort((a, b) => RELATIONS.indexOf(a.relation) - RELATIONS.indexOf(b.relation));
  const basis = severityBasis(entry);
  return {
    ...rule,
    severity: cappedSeverity(rule.severity, basis),
    declaredSeverity: rule.severity,
    severityBasis: basis,
    citations: sorted,
    stories: sorted.map((citation) => citation.story),
  };
}

/** The bundled citations, validated once when the rules are first loaded. */
export const CITATIONS: CitationsData = readCitations(data);
