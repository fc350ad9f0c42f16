import { isMap, isScalar, parseDocument } from 'yaml';
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

/** The settings file read at the root of the folder checked (CLI) or of each workspace folder (editor). */
export const SETTINGS_FILE = '.k8s-failure-stories.yaml';

/** What `.k8s-failure-stories.yaml` may set; the command line (or the editor's own setting) wins over each. */
export interface SettingsFile {
  rules: RuleOverrides;
  kubernetesVersion?: string;
  maxFileSizeMB?: number;
}

const SETTINGS_FILE_KEYS = ['rules', 'kubernetesVersion', 'maxFileSizeMB'];

/** Reads the settings file's text: the valid settings, and a clear problem for each invalid or unknown one. */
export function readSettingsFile(text: string, knownRules: ReadonlySet<string>): { settings: SettingsFile; problems: string[] } {
  const settings: SettingsFile = { rules: {} };
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors[0]) return { settings, problems: [document.errors[0].message.split('\n')[0]!] };
  const root = document.contents;
  if (root === null || isScalar(root) && root.value === null) return { settings, problems: [] };
  if (!isMap(root)) return { settings, problems: [`must be a map of settings (${SETTINGS_FILE_KEYS.join(', ')})`] };
  const problems: string[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !SETTINGS_FILE_KEYS.includes(key)) problems.push(`unknown setting "${key ?? '?'}" (known: ${SETTINGS_FILE_KEYS.join(', ')})`);
  }
  const rules = readRuleOverrides(document.toJS({ maxAliasCount: 100 })?.rules, knownRules);
  settings.rules = rules.overrides;
  problems.push(...rules.problems);
  const version = root.get('kubernetesVersion', true);
  if (version !== undefined) {
    // Unquoted, 1.30 is the number 1.3: read what was written, not the number.
    const written = isScalar(version) ? (typeof version.value === 'number' ? version.source : version.value) : undefined;
    if (isKubernetesVersion(written)) settings.kubernetesVersion = written;
    else problems.push(`kubernetesVersion must look like "1.30", not ${JSON.stringify(isScalar(version) ? version.source ?? version.value : String(version))}`);
  }
  const size = root.get('maxFileSizeMB', true);
  if (size !== undefined) {
    const value = isScalar(size) ? size.value : undefined;
    if (isFileSizeMB(value)) settings.maxFileSizeMB = value;
    else problems.push(`maxFileSizeMB must be a positive number of megabytes, not ${JSON.stringify(isScalar(size) ? size.source ?? size.value : String(size))}`);
  }
  return { settings, problems };
}

export function isFileSizeMB(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
