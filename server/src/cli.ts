import { statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { ALL_RULE_METAS, applyTextEdits, SEVERITIES, type Finding, type Severity } from './analysis';
import { catalogue } from './catalogue/catalogue';
import { analysisInProcess, analysisInProcesses, jobCount, serveShare, SHARE_PROCESS_ARG, type Analysis, type FileJob, type FileResult } from './cli-jobs';
import { isFileSizeMB, isKubernetesVersion, readRuleOverrides, readSettingsFile, SETTINGS_FILE, type RuleOverrides } from './config';
import { BYTES_PER_MB, isHelmTemplate, isKustomizePatch, listYamlFiles, readRegularFile, readStdin, type ReadResult } from './files';
import { isHelperFor } from './own-bundle';
import { reportsBySource } from './rendered-sources';
import { formatJson, formatRulesJson, formatRulesText, formatSarif, formatStoriesJson, formatStoriesText, formatText, formatTextByStory, printable, type FileReport, type Totals } from './report';
import { formatGithub, formatGitlab } from './report-ci';

declare const PACKAGE_VERSION: string;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev';
/** The editor's default for k8sFailureStories.maxFileSizeMB. */
const DEFAULT_MAX_FILE_SIZE_MB = 16;
const MAX_CONFIG_BYTES = BYTES_PER_MB;

const HELP = `k8s-failure-stories: flags Kubernetes manifest misconfigurations that caused real outages.

Usage:
  k8s-failure-stories check [paths... | -] [options]          analyse files and folders (*.yaml, *.yml), or stdin with -
  k8s-failure-stories stories [query] [--format text|json]    search the failure-story catalogue (every story without a query)
  k8s-failure-stories rules [--format text|json]              list the rules and the stories behind them, by relation
  k8s-failure-stories --version | --help

Options for check:
  --format <format>           text, json, sarif, github (workflow-command annotations) or gitlab
                              (code-quality report) (default: text)
  --by story                  text and json: group the findings by the story they would repeat
  --sarif <file>              also write a SARIF report to <file>, whatever --format prints
  --source-root <folder>      the folder Helm's "# Source:" paths on stdin start from (the chart's parent folder)
  --fail-on <level>           exit 1 when a finding is at or above: error, warning, information, hint, none (default: warning)
  --rule <id>=<level>         override a rule: off, error, warning, information, hint (repeatable)
  --kubernetes-version <1.N>  target Kubernetes version for removed APIs
  --fix                       apply the safe quick fixes in place
  --max-file-size <MB>        skip larger files, reporting each as an error (default: ${DEFAULT_MAX_FILE_SIZE_MB})
  --config <file>             settings file (default: ${SETTINGS_FILE} in the first folder scanned, or the current folder)
  --jobs <n>                  analyse in n processes, at most twice the cores (default: one per core,
                              one for a set under 2 MB); the output is the same whatever n

Rendered charts on stdin (helm template ... | k8s-failure-stories check -): findings in a document
headed by Helm's "# Source: <template>" comment are reported against that template.
Files given directly must be regular files: pipes, sockets and devices are refused unread.
Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage error, or an input that was not
fully checked (unreadable, not a regular file, over the size limit, or one that failed to analyse).
The other inputs are still checked and reported.
`;

class UsageError extends Error {}

const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab'] as const;
type Format = typeof FORMATS[number];

interface CheckOptions {
  paths: string[];
  format: Format;
  byStory: boolean;
  sarifFile?: string;
  sourceRoot?: string;
  failOn: Severity | 'none';
  rules: RuleOverrides;
  kubernetesVersion?: string;
  fix: boolean;
  config?: string;
  maxFileSizeMB?: number;
  jobs?: number;
}

function parseCheckArgs(args: string[]): CheckOptions {
  const options: CheckOptions = { paths: [], format: 'text', byStory: false, failOn: 'warning', rules: {}, fix: false };
  const known = new Set(ALL_RULE_METAS.map((rule) => rule.id));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--format': {
        const format = value();
        if (!FORMATS.includes(format as Format)) throw new UsageError(`unknown format "${format}" (${FORMATS.join(', ')})`);
        options.format = format as Format;
        break;
      }
      case '--by': {
        const grouping = value();
        if (grouping !== 'story') throw new UsageError(`--by takes "story", not "${grouping}"`);
        options.byStory = true;
        break;
      }
      case '--sarif': options.sarifFile = value(); break;
      case '--source-root': options.sourceRoot = value(); break;
      case '--fail-on': {
        const level = value();
        if (level !== 'none' && !SEVERITIES.includes(level as Severity)) throw new UsageError(`unknown level "${level}" for --fail-on`);
        options.failOn = level as Severity | 'none';
        break;
      }
      case '--rule': {
        const [id, level] = value().split('=');
        const { overrides, problems } = readRuleOverrides({ [id ?? '']: level }, known);
        if (problems.length) throw new UsageError(`--rule: ${problems.join('; ')}`);
        Object.assign(options.rules, overrides);
        break;
      }
      case '--kubernetes-version': {
        const version = value();
        if (!isKubernetesVersion(version)) throw new UsageError(`--kubernetes-version must look like 1.30, not "${version}"`);
        options.kubernetesVersion = version;
        break;
      }
      case '--fix': options.fix = true; break;
      case '--max-file-size': {
        const size = value();
        if (!isFileSizeMB(Number(size))) throw new UsageError(`--max-file-size must be a positive number of megabytes, not "${size}"`);
        options.maxFileSizeMB = Number(size);
        break;
      }
      case '--config': options.config = value(); break;
      case '--jobs': {
        const jobs = value();
        if (!/^[1-9]\d{0,2}$/.test(jobs)) throw new UsageError(`--jobs must be a whole number of processes from 1 to 999, not "${jobs}"`);
        options.jobs = Number(jobs);
        break;
      }
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) throw new UsageError('check needs at least one path (or - for stdin)');
  if (options.byStory && options.format !== 'text' && options.format !== 'json') throw new UsageError(`--by story applies to the text and json formats, not ${options.format}`);
  return options;
}

/** Settings from the config file; the command line wins over it. */
function applyConfigFile(options: CheckOptions, errors: string[]): void {
  const firstFolder = options.paths.find((path) => path !== '-' && isDirectory(path));
  const path = options.config ?? join(firstFolder ?? '.', SETTINGS_FILE);
  let read: ReadResult;
  try {
    read = readRegularFile(path, MAX_CONFIG_BYTES, 'settings files');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Without --config the file is optional: only its absence goes unsaid.
    if (options.config || code !== 'ENOENT') errors.push(`cannot read config file ${path}: ${code ?? (error as Error).message}`);
    return;
  }
  if ('refused' in read) {
    errors.push(`config file ${path}: ${read.refused}`);
    return;
  }
  const text = read.text;
  try {
    const { settings, problems } = readSettingsFile(text, new Set(ALL_RULE_METAS.map((rule) => rule.id)));
    errors.push(...problems.map((problem) => `${path}: ${problem}`));
    options.rules = { ...settings.rules, ...options.rules };
    options.kubernetesVersion ??= settings.kubernetesVersion;
    options.maxFileSizeMB ??= settings.maxFileSizeMB;
  } catch (error) {
    errors.push(`${path}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

interface Input { file: string; path?: string; text: string }

function readInputs(paths: string[], maxBytes: number, errors: string[]): Input[] {
  const inputs: Input[] = [];
  const read = (file: string, path: string | undefined, reader: () => ReadResult) => {
    try {
      const result = reader();
      if ('text' in result) inputs.push({ file, path, text: result.text });
      else errors.push(`${file}: ${result.refused}`);
    } catch (error) {
      errors.push(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  for (const path of paths) {
    if (path === '-') {
      read('<stdin>', undefined, () => readStdin(maxBytes));
      continue;
    }
    // The settings file is configuration, not a manifest.
    const files = isDirectory(path) ? listYamlFiles(path).filter((file) => basename(file) !== SETTINGS_FILE) : [path];
    for (const file of files) read(displayPath(file), file, () => readRegularFile(file, maxBytes));
  }
  return inputs;
}

function displayPath(file: string): string {
  const relativePath = relative(process.cwd(), resolve(file));
  return relativePath.startsWith('..') ? file : relativePath;
}

/** One input on its way through the run; `analysis` stays undefined when a step failed on it. */
interface Entry { input: Input; analysis?: FileResult }

/**
 * Parses every input, then analyses each against all their objects: the analysed set is everything
 * passed in this run (see cli-jobs.ts for how processes share it).
 */
async function analyseAll(analysis: Analysis, entries: Entry[], options: CheckOptions, errors: string[]): Promise<void> {
  const jobs: FileJob[] = entries.map(({ input }, index) => ({
    index, file: input.file, text: input.text,
    helmTemplate: input.path !== undefined && isHelmTemplate(input.path),
    partial: input.path !== undefined && isKustomizePatch(input.path),
  }));
  const round = await analysis.round(jobs, { rules: options.rules, fixes: options.fix, ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}) });
  errors.push(...round.errors);
  entries.forEach((entry, index) => (entry.analysis = round.outcomes.get(index)?.analysis));
}

/** Writes each file's safe fixes; true when any file changed. */
function fixAll(entries: Entry[], errors: string[]): boolean {
  let changed = false;
  for (const entry of entries) {
    const { input, analysis } = entry;
    if (!input.path || !analysis) continue;
    const fixed = applyFixes(input.text, analysis.findings);
    if (fixed === input.text) continue;
    try {
      writeFileSync(input.path, fixed);
    } catch (error) {
      errors.push(`cannot write ${input.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    entry.input = { ...input, text: fixed };
    changed = true;
  }
  return changed;
}

/** What the run found, as plain data: the syntax trees are gone by the time the output is written. */
interface CheckResult { reports: FileReport[]; files: number; documents: number; helmTemplates: number }

async function checkFiles(options: CheckOptions, errors: string[]): Promise<CheckResult> {
  const inputs = readInputs(options.paths, (options.maxFileSizeMB ?? DEFAULT_MAX_FILE_SIZE_MB) * BYTES_PER_MB, errors);
  const entries: Entry[] = inputs.map((input) => ({ input }));
  const jobs = jobCount(options.jobs, inputs);
  // The CLI's own bundle is the helpers' script (see the end of this file).
  const analysis = jobs > 1 ? analysisInProcesses(__filename, jobs) : analysisInProcess();
  try {
    await analyseAll(analysis, entries, options, errors);
    // Fixed files change the analysed set: analyse again, so every report describes the files as written.
    // Files that failed once are left out (their error is already reported).
    if (options.fix && fixAll(entries, errors)) await analyseAll(analysis, entries.filter((entry) => entry.analysis), options, errors);
  } catch (error) {
    // A share process died (killed, out of memory) or a round failed: no report would be whole, so none is given.
    for (const entry of entries) entry.analysis = undefined;
    errors.push(`the analysis stopped: ${(error as Error).message} (please report this)`);
  } finally {
    await analysis.close();
  }
  const result: CheckResult = { reports: [], files: inputs.length, documents: 0, helmTemplates: 0 };
  for (const { input, analysis } of entries) {
    if (!analysis) continue;
    for (const error of analysis.ruleErrors ?? []) errors.push(`${input.file}: rule ${error.ruleId} failed on ${error.object} (please report this): ${error.message.split('\n')[0]}`);
    if (analysis.skipped === 'binary') errors.push(`${input.file}: looks like a binary file, not YAML; skipped`);
    if (analysis.skipped === 'helm-template') result.helmTemplates++;
    result.documents += analysis.documents;
    const report = { file: input.file, findings: analysis.findings };
    // Stdin may be a rendered chart: its findings belong to the templates Helm names.
    result.reports.push(...(input.path === undefined ? reportsBySource(report, input.text, options.sourceRoot) : [report]));
  }
  return result;
}

async function check(args: string[]): Promise<number> {
  const options = parseCheckArgs(args);
  const errors: string[] = [];
  applyConfigFile(options, errors);
  // Only plain findings live on while the output is built: a big file's syntax trees can be collected.
  const { reports, files, documents, helmTemplates } = await checkFiles(options, errors);
  const totals = { files, documents };
  process.stdout.write(formatReport(options, reports, totals));
  if (options.sarifFile !== undefined) writeReport(options.sarifFile, formatSarif(reports, catalogue(), VERSION), errors);
  if (helmTemplates > 0 && options.format === 'text') {
    process.stderr.write(`note: skipped ${helmTemplates} Helm chart template${helmTemplates === 1 ? '' : 's'} (render them with helm template and check the output)\n`);
  }
  for (const error of errors) process.stderr.write(`error: ${printable(error)}\n`);
  if (errors.length > 0) return 2;
  const threshold = options.failOn === 'none' ? -1 : SEVERITIES.indexOf(options.failOn);
  const failing = reports.some(({ findings }) => findings.some((f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= threshold));
  return failing ? 1 : 0;
}

function formatReport(options: CheckOptions, reports: FileReport[], totals: Totals): string {
  switch (options.format) {
    case 'json': return formatJson(reports, totals, { byStory: options.byStory });
    case 'sarif': return formatSarif(reports, catalogue(), VERSION);
    case 'github': return formatGithub(reports, catalogue());
    case 'gitlab': return formatGitlab(reports, catalogue());
    case 'text': return options.byStory ? formatTextByStory(reports, totals, catalogue()) : formatText(reports, totals, catalogue());
  }
}

function writeReport(file: string, text: string, errors: string[]): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    errors.push(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Applies the first fix of each finding unless it needs review, skipping fixes that overlap one already taken. */
export function applyFixes(text: string, findings: readonly Pick<Finding, 'suppressed' | 'fixes'>[]): string {
  const edits = findings.flatMap((f) => (!f.suppressed && f.fixes[0] && !f.fixes[0].review ? [f.fixes[0].edits] : []));
  const taken: { start: number; end: number }[] = [];
  const accepted = edits.filter((group) => {
    const overlaps = group.some((edit) => taken.some((t) => edit.start < t.end && t.start < edit.end || edit.start === t.start));
    if (!overlaps) taken.push(...group);
    return !overlaps;
  }).flat();
  return applyTextEdits(text, accepted);
}

/** The arguments of `stories` and `rules`: words of a query and `--format text|json`. */
function parseListArgs(command: string, args: string[], acceptsQuery: boolean): { words: string[]; format: 'text' | 'json' } {
  const result: { words: string[]; format: 'text' | 'json' } = { words: [], format: 'text' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--format') {
      const format = args[++i];
      if (format !== 'text' && format !== 'json') throw new UsageError(`${command}: unknown format "${format ?? ''}" (text, json)`);
      result.format = format;
    } else if (arg.startsWith('--') || !acceptsQuery) {
      throw new UsageError(`${command}: unknown ${arg.startsWith('--') ? 'option' : 'argument'} ${arg}`);
    } else {
      result.words.push(arg);
    }
  }
  return result;
}

function stories(args: string[]): number {
  const { words, format } = parseListArgs('stories', args, true);
  const query = words.join(' ');
  const results = catalogue().search(query, catalogue().stories.length);
  process.stdout.write(format === 'json' ? formatStoriesJson(results) : formatStoriesText(results, query));
  return 0;
}

function rules(args: string[]): number {
  const { format } = parseListArgs('rules', args, false);
  process.stdout.write(format === 'json' ? formatRulesJson(ALL_RULE_METAS) : formatRulesText(ALL_RULE_METAS, catalogue()));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // Help wins wherever it is asked for (`check --help`), as people expect of a command line.
  if (argv.includes('--help') || argv.includes('-h') || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    switch (command) {
      case 'check': return await check(args);
      case 'stories': return stories(args);
      case 'rules': return rules(args);
      case '--version': case '-V': case '-v': process.stdout.write(`${VERSION}\n`); return 0;
      case undefined: process.stderr.write(HELP); return 2;
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${printable(error.message)}\n\n${HELP}`);
    return 2;
  }
}

if (isHelperFor(SHARE_PROCESS_ARG)) {
  serveShare();
} else {
  // A reader that stops early (`| head`) closes the pipe: the stream is then destroyed and drops the
  // rest of the output, and the run ends quietly with its own exit code, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  // Set the exit code instead of calling process.exit(), so large outputs drain to a pipe first.
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
