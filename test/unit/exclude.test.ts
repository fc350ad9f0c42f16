import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExcludeMatcher, globToRegExp } from '../../server/src/lsp/exclude';

/** `files.exclude` patterns as VS Code reads them: relative to the workspace folder, `/`-separated. */
const cases: { glob: string; excluded: string[]; kept: string[] }[] = [
  { glob: '**/.git', excluded: ['.git', 'a/.git', 'a/b/.git/config'], kept: ['.github/workflows/ci.yml', 'a/x.git'] },
  { glob: 'build', excluded: ['build', 'build/deploy.yaml'], kept: ['src/build/deploy.yaml', 'builder/x.yaml'] },
  { glob: 'build/', excluded: ['build/deploy.yaml'], kept: ['rebuild/deploy.yaml'] },
  { glob: 'charts/**', excluded: ['charts', 'charts/a/b.yaml'], kept: ['chart/a.yaml', 'x/charts/a.yaml'] },
  { glob: '**/generated/**', excluded: ['generated/a.yaml', 'k8s/generated/b/c.yaml'], kept: ['k8s/generated-a.yaml'] },
  { glob: 'k8s/**/secret-*.yaml', excluded: ['k8s/secret-a.yaml', 'k8s/prod/eu/secret-b.yaml'], kept: ['k8s/prod/secret.yaml', 'secret-a.yaml'] },
  { glob: '*.yaml', excluded: ['a.yaml', '.hidden.yaml'], kept: ['dir/a.yaml', 'a.yml'] },
  { glob: '**/*.{yml,yaml}', excluded: ['a.yml', 'x/y/a.yaml'], kept: ['a.json', 'a.yamlx'] },
  { glob: '{dist,out}', excluded: ['dist/a.yaml', 'out'], kept: ['output/a.yaml', 'src/dist/a.yaml'] },
  { glob: 'env-?', excluded: ['env-a/x.yaml'], kept: ['env-ab/x.yaml', 'env-/x.yaml'] },
  { glob: 'env-[0-9]', excluded: ['env-1/x.yaml'], kept: ['env-a/x.yaml'] },
  { glob: 'env-[!0-9]', excluded: ['env-a/x.yaml'], kept: ['env-1/x.yaml'] },
  { glob: 'a+b (1).yaml', excluded: ['a+b (1).yaml'], kept: ['aab (1).yaml', 'a+b 1.yaml'] },
  { glob: './tmp', excluded: ['tmp/a.yaml'], kept: ['x/tmp/a.yaml'] },
];

describe('files.exclude matching', () => {
  for (const { glob, excluded, kept } of cases) {
    it(`${glob}: excludes ${excluded.join(', ')}; keeps ${kept.join(', ')}`, () => {
      const matcher = new ExcludeMatcher({ [glob]: true });
      for (const path of excluded) assert.ok(matcher.excludes(path), `${glob} should exclude ${path}`);
      for (const path of kept) assert.ok(!matcher.excludes(path), `${glob} should keep ${path}`);
    });
  }

  it('applies only the entries set to true: false turns one off, a "when" condition is left out', () => {
    const matcher = new ExcludeMatcher({ '**/off': false, '**/*.js': { when: '$(basename).ts' }, '**/on': true });
    assert.ok(matcher.excludes('x/on/a.yaml'));
    assert.ok(!matcher.excludes('x/off/a.yaml'));
    assert.ok(!matcher.excludes('x/a.js'));
  });

  it('takes any setting value without throwing: no object, an array, malformed globs', () => {
    for (const setting of [undefined, null, 'build', ['build'], 3]) assert.ok(new ExcludeMatcher(setting).isEmpty, String(setting));
    const matcher = new ExcludeMatcher({ '{a,b': true, '[ab': true, '': true, 'ok': true });
    assert.ok(!matcher.isEmpty);
    assert.ok(matcher.excludes('ok/a.yaml'));
    assert.ok(!matcher.excludes('{a,b/x.yaml'));
    assert.equal(globToRegExp('{a,b'), undefined);
    assert.equal(globToRegExp('[ab'), undefined);
    assert.equal(globToRegExp('/'), undefined);
  });

  it('nests alternatives', () => {
    const matcher = new ExcludeMatcher({ '{a,b/{c,d}}/x.yaml': true });
    for (const path of ['a/x.yaml', 'b/c/x.yaml', 'b/d/x.yaml']) assert.ok(matcher.excludes(path), path);
    assert.ok(!matcher.excludes('b/x.yaml'));
  });
});
