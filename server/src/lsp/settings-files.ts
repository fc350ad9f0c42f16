import { ALL_RULE_METAS, DEFAULT_KUBERNETES_VERSION } from '../analysis';
import { readSettingsFile, SETTINGS_FILE, type RuleOverrides, type SettingsFile } from '../config';
import type { FileSource } from './file-source';
import { DEFAULT_SETTINGS, type ServerSettings } from './settings';
import { childUri, rootOf } from './uris';

/** Settings files bigger than this are refused, as by the CLI. */
const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

/** What analysing one file uses: the editor's settings over its folder's settings file. */
export interface EffectiveSettings { rules: RuleOverrides; kubernetesVersion: string; maxFileSizeMB: number }

/**
 * The `.k8s-failure-stories.yaml` at the root of each workspace folder, which the CLI reads too, so
 * the editor and CI agree. The editor's own settings win: each rule set in `k8sFailureStories.rules`,
 * and the Kubernetes version and size limit when they are set to anything but their defaults.
 */
export class SettingsFiles {
  private byRoot = new Map<string, SettingsFile>();

  /** Reads the file of each folder in `roots`; the problems found, each naming its file. */
  async load(roots: readonly string[], files: FileSource): Promise<string[]> {
    const next = new Map<string, SettingsFile>();
    const problems: string[] = [];
    const known = new Set(ALL_RULE_METAS.map((rule) => rule.id));
    for (const root of roots) {
      const uri = childUri(root, SETTINGS_FILE);
      let text: string | undefined;
      try {
        text = await files.readText(uri, MAX_SETTINGS_FILE_BYTES);
      } catch {
        continue; // Most folders have none.
      }
      if (text === undefined) {
        problems.push(`${uri}: not read (not a regular file, or over 1 MB)`);
        continue;
      }
      const read = readSettingsFile(text, known);
      next.set(root, read.settings);
      problems.push(...read.problems.map((problem) => `${uri}: ${problem}`));
    }
    this.byRoot = next;
    return problems;
  }

  /** The settings analysing `uri` uses. */
  effective(uri: string, editor: ServerSettings): EffectiveSettings {
    const root = rootOf([...this.byRoot.keys()], uri);
    const file = root === undefined ? undefined : this.byRoot.get(root);
    if (!file) return { rules: editor.rules, kubernetesVersion: editor.kubernetesVersion, maxFileSizeMB: editor.maxFileSizeMB };
    return {
      rules: { ...file.rules, ...editor.rules },
      kubernetesVersion: editor.kubernetesVersion !== DEFAULT_KUBERNETES_VERSION ? editor.kubernetesVersion : file.kubernetesVersion ?? editor.kubernetesVersion,
      maxFileSizeMB: editor.maxFileSizeMB !== DEFAULT_SETTINGS.maxFileSizeMB ? editor.maxFileSizeMB : file.maxFileSizeMB ?? editor.maxFileSizeMB,
    };
  }
}
