import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileAnalyzer } from '../../server/src/analysis';
import { crossObjectValue } from '../../server/src/analysis/cross-object';
import { SplitText } from '../../server/src/analysis/split';
import { parseInBackground, PARSE_PROCESS_ARG } from '../../server/src/lsp/parse-process';

/** The workspace index's parses in a background process running the built server (dist/server.js). */
const SERVER = join(process.cwd(), 'dist', 'server.js');
const TEXT = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: web }\n    spec: { selector: { app: web } }\n---\n'
  + 'base: &base { cpu: 100m }\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: .inf\n  template:\n    spec:\n      containers:\n        - name: app\n          resources: { requests: *base }\n';
/** Deep enough to overflow the YAML parser's stack. */
const DEEP = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a:\n${'- '.repeat(3000)}x\n`;

const documents = (text: string) => SplitText.of(text).texts;

/** Process ids of this process's parse processes (Linux: read from /proc). */
function parseProcesses(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(PARSE_PROCESS_ARG);
    } catch {
      return false;
    }
  });
}

describe('parse process', () => {
  it('answers the values a parse of the whole file in this process gives, as other files\' rules read them, one request after another', async () => {
    const parse = parseInBackground(SERVER);
    const expected = new FileAnalyzer('a.yaml').parse(TEXT).flatMap((chunk) => chunk.objects.map((object) => crossObjectValue(object.value)));
    assert.deepEqual(expected.map((value) => (value as { kind: string }).kind), ['Service', 'Deployment']);
    const [first, second] = await Promise.all([parse('a.yaml', documents(TEXT)), parse('b.yaml', documents('apiVersion: v1\nkind: Namespace\nmetadata: { name: n }\n'))]);
    assert.deepEqual(first(), expected);
    assert.deepEqual(second(), [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }]);
  });

  it('reports a file its parser cannot take as a failed parse, and goes on', async () => {
    const parse = parseInBackground(SERVER);
    const deep = await parse('deep.yaml', documents(DEEP)).then(() => 'parsed', (error: Error) => error.message);
    assert.ok(deep === 'parsed' || /stack/i.test(deep), deep);
    assert.equal((await parse('ok.yaml', documents(TEXT)))().length, 2);
  });

  it('runs at the lowest priority, and a new process takes over when it dies', { skip: process.platform !== 'linux' }, async () => {
    const before = new Set(parseProcesses());
    const parse = parseInBackground(SERVER);
    await parse('a.yaml', documents(TEXT));
    const started = parseProcesses().filter((pid) => !before.has(pid));
    assert.equal(started.length, 1);
    assert.equal(getPriority(started[0]), 19);
    // Long enough to be still under way when the process is killed: it fails when the process ends.
    const pending = parse('a.yaml', documents(TEXT.repeat(2000)));
    process.kill(started[0]!, 'SIGKILL');
    await assert.rejects(pending, /ended/);
    assert.equal((await parse('a.yaml', documents(TEXT)))().length, 2);
    assert.ok(parseProcesses().some((pid) => !before.has(pid) && pid !== started[0]));
  });
});
