import { ALL_RULE_METAS, DEFAULT_KUBERNETES_VERSION } from '../analysis';
import { isKubernetesVersion, readRuleOverrides, type RuleOverrides } from '../config';

/** The `k8sFailureStories.*` settings the server reads, with their defaults. */
export interface ServerSettings {
  rules: RuleOverrides;
  kubernetesVersion: string;
  workspaceIndex: { enabled: boolean; maxFiles: number };
  maxFileSizeMB: number;
  /** Which files get diagnostics: the open ones, or every file the workspace index reads. */
  diagnosticsScope: DiagnosticsScope;
  /** A CodeLens above each object naming the stories its findings would repeat. */
  codeLens: boolean;
}

export type DiagnosticsScope = 'openFiles' | 'workspace';

export const DEFAULT_SETTINGS: ServerSettings = {
  rules: {},
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  workspaceIndex: { enabled: true, maxFiles: 5000 },
  maxFileSizeMB: 16,
  diagnosticsScope: 'openFiles',
  codeLens: false,
};

export function readSettings(raw: unknown): { settings: ServerSettings; problems: string[] } {
  const value = (raw ?? {}) as Record<string, unknown>;
  const { overrides, problems } = readRuleOverrides(value.rules, new Set(ALL_RULE_METAS.map((rule) => rule.id)));
  const index = (value.workspaceIndex ?? {}) as Record<string, unknown>;
  const diagnostics = (value.diagnostics ?? {}) as Record<string, unknown>;
  const codeLens = (value.codeLens ?? {}) as Record<string, unknown>;
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
      diagnosticsScope: diagnostics.scope === 'workspace' || diagnostics.scope === 'openFiles' ? diagnostics.scope : DEFAULT_SETTINGS.diagnosticsScope,
      codeLens: typeof codeLens.enabled === 'boolean' ? codeLens.enabled : DEFAULT_SETTINGS.codeLens,
    },
    problems,
  };
}
