import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntryType, FileSource } from '../../server/src/lsp/file-source';
import { SettingsFiles } from '../../server/src/lsp/settings-files';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';

/** Files by URI; anything else does not exist. */
function filesOf(texts: Record<string, string | undefined>): FileSource {
  return {
    readDirectory: async (): Promise<[string, EntryType][]> => [],
    readText: async (uri) => {
      if (!(uri in texts)) throw new Error('ENOENT');
      return texts[uri];
    },
    exists: async (uri) => uri in texts,
  };
}

describe('.k8s-failure-stories.yaml in the editor', () => {
  const roots = ['file:///repo', 'file:///repo/nested', 'file:///other'];

  it('applies the settings file of the innermost folder holding the file; the editor\'s own settings win', async () => {
    const files = new SettingsFiles();
    const problems = await files.load(roots, filesOf({
      'file:///repo/.k8s-failure-stories.yaml': 'rules:\n  dns-ndots: "off"\n  run-as-root: error\nkubernetesVersion: "1.25"\nmaxFileSizeMB: 2\n',
      'file:///repo/nested/.k8s-failure-stories.yaml': 'rules:\n  pdb-missing: "off"\n',
    }));
    assert.deepEqual(problems, []);
    const editor = { ...DEFAULT_SETTINGS, rules: { 'run-as-root': 'hint' as const } };
    assert.deepEqual(files.effective('file:///repo/app/web.yaml', editor), {
      rules: { 'dns-ndots': 'off', 'run-as-root': 'hint' }, kubernetesVersion: '1.25', maxFileSizeMB: 2,
    });
    assert.deepEqual(files.effective('file:///repo/nested/web.yaml', editor).rules, { 'pdb-missing': 'off', 'run-as-root': 'hint' });
    assert.deepEqual(files.effective('file:///other/web.yaml', editor), { rules: { 'run-as-root': 'hint' }, kubernetesVersion: DEFAULT_SETTINGS.kubernetesVersion, maxFileSizeMB: DEFAULT_SETTINGS.maxFileSizeMB });
    // A version or size set in the editor (anything but the default) wins over the file's.
    assert.deepEqual(files.effective('file:///repo/web.yaml', { ...editor, kubernetesVersion: '1.29', maxFileSizeMB: 4 }).kubernetesVersion, '1.29');
    assert.equal(files.effective('file:///repo/web.yaml', { ...editor, maxFileSizeMB: 4 }).maxFileSizeMB, 4);
  });

  it('says what is wrong with a file, naming it, and keeps its valid settings', async () => {
    const files = new SettingsFiles();
    const problems = await files.load(['file:///repo', 'file:///fifo'], filesOf({
      'file:///repo/.k8s-failure-stories.yaml': 'rules:\n  no-such-rule: "off"\n  dns-ndots: "off"\ncolour: blue\n',
      'file:///fifo/.k8s-failure-stories.yaml': undefined,
    }));
    assert.deepEqual(problems, [
      'file:///repo/.k8s-failure-stories.yaml: unknown setting "colour" (known: rules, kubernetesVersion, maxFileSizeMB)',
      'file:///repo/.k8s-failure-stories.yaml: unknown rule "no-such-rule"',
      'file:///fifo/.k8s-failure-stories.yaml: not read (not a regular file, or over 1 MB)',
    ]);
    assert.deepEqual(files.effective('file:///repo/a.yaml', DEFAULT_SETTINGS).rules, { 'dns-ndots': 'off' });
  });
});
