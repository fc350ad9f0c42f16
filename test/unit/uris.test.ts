import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseName, childUri, fileKey, parentUri, resolveUri, schemeOf } from '../../server/src/lsp/uris';

describe('URI helpers', () => {
  it('name one file by one key however its URI is escaped', () => {
    assert.equal(fileKey('file:///c%3A/my%20app/a.yaml'), fileKey('file:///c:/my app/a.yaml'));
    assert.equal(fileKey('file:///bad%E0%A4%A.yaml'), 'file:///bad%E0%A4%A.yaml', 'a malformed escape stays as written');
  });

  it('walk up to the root of any scheme and stay there', () => {
    assert.equal(parentUri('vscode-vfs://github/owner/repo/k8s/app.yaml'), 'vscode-vfs://github/owner/repo/k8s');
    assert.equal(parentUri('file:///a'), 'file:///');
    assert.equal(parentUri('file:///'), 'file:///');
    assert.equal(parentUri('memfs:/ws/dir/'), 'memfs:/ws');
    assert.equal(schemeOf('VSCode-VFS://x/y'), 'vscode-vfs');
  });

  it('name entries, escaping what a URI must and decoding it back', () => {
    const child = childUri('memfs:/ws/', 'my app#1.yaml');
    assert.equal(child, 'memfs:/ws/my%20app%231.yaml');
    assert.equal(baseName(child), 'my app#1.yaml');
  });

  it('resolve the relative paths a kustomization lists', () => {
    assert.equal(resolveUri('file:///repo/overlay', '../base/./patch one.yaml'), 'file:///repo/base/patch%20one.yaml');
    assert.equal(resolveUri('memfs:/ws/overlay', '/abs/x.yaml'), 'memfs:/abs/x.yaml');
    assert.equal(resolveUri('file:///', '../../x.yaml'), 'file:///x.yaml');
  });
});
