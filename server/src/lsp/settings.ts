import { ALL_RULE_METAS, DEFAULT_KUBERNETES_VERSION } from '../analysis';
import { isKubernetesVersion, readRuleOverrides, type RuleOverrides } from '../config';

/** The `k8sFailureStories.*` settings the server reads, with their defaults. */
export interface ServerSettings {
  rules: RuleOverrides;
  kubernetesVersion: string;
  workspaceIndex: { enabled: boolean; maxFiles: number };
  maxFileSizeMB: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  rules: {},
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  workspaceIndex: { enabled: true, maxFiles: 5000 },
  maxFileSizeMB: 16,
};

export function readSettings(raw: unknown): { settings: ServerSettings; problems: string[] } {
  const value = (raw ?? {}) as Record<string, unknown>;
  const { overrides, problems } = readRuleOverrides(value.rules, new Set(ALL_RULE_METAS.map((rule) => rule.id)));
  const index = (value.workspaceIndex ?? {}) as Record<string, unknown>;
  const number = (input: unknown, fallback: number) => (typeof input === 'number' && input > 0 ? input : fallback);
  return {
    settings: {
      rules: overrides,
      kubernetesVersion: isKubernetesVersion(value.kubernetesVersion) ? value.kubernetesVersion : DEFAULT_SETTINGS.kubernetesVersion,
      workspaceIndex: {
        enabled: typeof index.enabled === 'boolean' ? index.enabled : DEFAULT_SETTINGS.workspaceIndex.enabled,
        maxFiles: number(index.maxFiles, DEFAULT_SETTINGS.workspaceIndex.maxFiles),
      },
      maxFileSizeMB: number(value.maxFileSizeMB, DEFAULT_SETTINGS.maxFileSizeMB),
    },
    problems,
  };
}
