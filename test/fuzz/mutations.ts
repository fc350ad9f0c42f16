/** The ways manifests break in the wild, as seeded text mutations. */

export interface Random {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

export interface Mutation {
  name: string;
  apply(text: string, rng: Random, seeds: readonly string[]): string;
}

const SIGNIFICANT = [':', '-', ' ', '  ', '\n', '\r', '\r\n', '\t', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '? ', '|', '>', "'", '"', '#', '%', '@', '`', '{{', '}}', '\u0000', '\u2028', '\u0085', '\ufeff', '<<: *a\n'];

/** Values that have broken the engine or rules before: built-in property names, templates, odd scalars. */
const VALUES = [
  'toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'List', 'Deployment', 'CronJob', 'Pod', 'Service',
  '{{ .Values.image }}', '{{- include "x" . | nindent 4 }}', '{{', '}}', '~', 'null', '[]', '{}', '0', '-1', '1e400', '0x1F',
  '"\\u001b]8;;http://x\\u0007"', '"a\\nb"', '*a', '&a x', '!!binary aGk=', '1.30', 'yes', 'no', '""', "'multi\n  line'",
];

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function replaceLine(text: string, rng: Random, edit: (line: string, all: string[], index: number) => string[]): string {
  const all = lines(text);
  if (all.length === 0) return text;
  const index = rng.int(all.length);
  all.splice(index, 1, ...edit(all[index]!, all, index));
  return all.join('');
}

export const MUTATIONS: readonly Mutation[] = [
  { name: 'crlf', apply: (text) => text.replace(/\r?\n/g, '\r\n') },
  { name: 'cr-only', apply: (text) => text.replace(/\r?\n/g, '\r') },
  { name: 'bom', apply: (text) => `\ufeff${text}` },
  { name: 'yaml-directive', apply: (text) => `%YAML 1.2\n---\n${text}` },
  { name: 'lone-cr', apply: (text, rng) => { const at = rng.int(text.length + 1); return text.slice(0, at) + '\r' + text.slice(at); } },
  { name: 'delete-line', apply: (text, rng) => replaceLine(text, rng, () => []) },
  { name: 'duplicate-line', apply: (text, rng) => replaceLine(text, rng, (line) => [line, line]) },
  { name: 'swap-lines', apply: (text, rng) => replaceLine(text, rng, (line, all) => { const other = rng.int(all.length); const moved = all[other]!; all[other] = line; return [moved]; }) },
  { name: 'indent', apply: (text, rng) => replaceLine(text, rng, (line) => [rng.next() < 0.5 ? `  ${line}` : line.replace(/^ {1,2}/, '')]) },
  { name: 'truncate', apply: (text, rng) => text.slice(0, rng.int(text.length + 1)) },
  { name: 'insert-significant', apply: (text, rng) => { const at = rng.int(text.length + 1); return text.slice(0, at) + rng.pick(SIGNIFICANT) + text.slice(at); } },
  { name: 'delete-chars', apply: (text, rng) => { const at = rng.int(text.length + 1); return text.slice(0, at) + text.slice(at + 1 + rng.int(8)); } },
  {
    name: 'replace-value',
    apply: (text, rng) => replaceLine(text, rng, (line) => [line.replace(/(:\s+|-\s+)[^\n#]*/, (_m, lead: string) => `${lead}${rng.pick(VALUES)}`)]),
  },
  { name: 'kind-builtin', apply: (text, rng) => text.replace(/^kind: \S+/m, `kind: ${rng.pick(['toString', 'constructor', '__proto__', 'valueOf', 'List'])}`) },
  {
    name: 'tag-key',
    apply: (text, rng) => replaceLine(text, rng, (line) => [line.replace(/^(\s*(?:- )?)([A-Za-z][\w.-]*:)/, '$1!!str $2')]),
  },
  {
    name: 'duplicate-key',
    apply: (text, rng) => replaceLine(text, rng, (line) => (/^\s*[A-Za-z][\w.-]*:/.test(line) && !line.trimEnd().endsWith(':') ? [line, line.replace(/:.*/, ': 1')] : [line])),
  },
  {
    name: 'anchor-and-merge',
    apply: (text, rng) => {
      const all = lines(text);
      const maps = all.flatMap((line, index) => (/^\s*[A-Za-z][\w.-]*:\s*$/.test(line.replace(/\r?\n$/, '')) ? [index] : []));
      if (maps.length < 2) return text;
      const from = rng.pick(maps);
      const to = rng.pick(maps);
      all[from] = all[from]!.replace(/:\s*(\r?\n)$/, ': &a$1');
      const indent = /^\s*/.exec(all[to + 1] ?? '')![0] || `${/^\s*/.exec(all[to]!)![0]}  `;
      all.splice(to + 1, 0, `${indent}<<: *a\n`);
      return all.join('');
    },
  },
  { name: 'alias-cycle', apply: (text, rng) => replaceLine(text, rng, (line) => [line.replace(/^(\s*[A-Za-z][\w.-]*:)\s*$/, '$1 &c [*c]')]) },
  {
    name: 'wrap-in-list',
    apply: (text) => {
      const items = text.split(/^---.*$/m).filter((part) => part.trim()).map((part) => part.replace(/^/gm, '    ').replace(/^ {4}/, '  - '));
      return `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
    },
  },
  { name: 'splice-two', apply: (text, rng, seeds) => `${text}\n---\n${rng.pick(seeds)}` },
  { name: 'flow-line', apply: (text, rng) => replaceLine(text, rng, (line) => [line.replace(/:\s+(\S[^\n#]*)$/, ': { x: [$1] }')]) },
  { name: 'deep-nesting', apply: (text, rng) => { const depth = 50 + rng.int(3000); return `${text}\n---\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`; } },
  { name: 'helm-expression', apply: (text, rng) => replaceLine(text, rng, (line) => [line.replace(/(:\s+)(\S[^\n#]*)$/, '$1{{ .Values.$2 }}')]) },
  { name: 'open-braces', apply: (text, rng) => `${text}\nnote: ${'{{ '.repeat(rng.int(2000))}\n` },
  { name: 'comment', apply: (text, rng) => replaceLine(text, rng, (line) => [line.replace(/(\r?\n)?$/, ' # note$1')]) },
  { name: 'document-marker', apply: (text, rng) => replaceLine(text, rng, (line) => (rng.next() < 0.5 ? ['---\n', line] : ['...\n', line])) },
];
