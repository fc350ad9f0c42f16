import { SEVERITIES, type Severity } from './analysis';

/** Rule overrides as users write them: settings, `.k8s-failure-stories.yaml`, `--rule id=level`. */
export type RuleOverrides = Record<string, Severity | 'off'>;

/** Keeps the valid entries of a user-supplied rules map; returns the problems with the rest. */
export function readRuleOverrides(value: unknown, knownRules: ReadonlySet<string>): { overrides: RuleOverrides; problems: string[] } {
  const overrides: RuleOverrides = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { overrides, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { overrides, problems: ['"rules" must be a map of rule id to off|error|warning|information|hint'] };
  for (const [id, level] of Object.entries(value as Record<string, unknown>)) {
    if (!knownRules.has(id)) problems.push(`unknown rule "${id}"`);
    else if (level === 'off' || level === false || SEVERITIES.includes(level as Severity)) overrides[id] = level === false ? 'off' : (level as Severity | 'off');
    else problems.push(`rule "${id}": "${String(level)}" is not one of off, error, warning, information, hint`);
  }
  return { overrides, problems };
}

export function isKubernetesVersion(value: unknown): value is string {
  return typeof value === 'string' && /^1\.\d{1,2}$/.test(value);
}
