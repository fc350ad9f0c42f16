import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('layering', () => {
  it('the engine imports nothing but yaml and its own files (no editor, protocol, disk or process)', () => {
    const dir = join('server', 'src', 'analysis');
    const files = [...readdirSync(dir).map((name) => join(dir, name)), ...readdirSync(join(dir, 'rules')).map((name) => join(dir, 'rules', name))]
      .filter((path) => path.endsWith('.ts'));
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const modules = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      assert.deepEqual(modules.filter((module) => !module.startsWith('.') && module !== 'yaml'), [], file);
      assert.doesNotMatch(source, /\bprocess\.|\brequire\(/, file);
    }
  });
});
