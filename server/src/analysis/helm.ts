/**
 * Recognises Helm template expressions, for the parser (a template that does not parse) and the
 * unrendered-template rule. Hand-written scans, linear in the text: no regular expression here
 * runs over user text of unbounded length with backtracking.
 */
import { MAX_TEMPLATE_EXPRESSION_LENGTH } from './limits';

/** Helm's built-in objects: no other templating tool has `.Values` or `.Release`. */
const HELM_OBJECTS = /(?<![\w)\]])\.(?:Values|Release|Chart|Capabilities|Files|Template)\b/;
/** Functions only Helm has. */
const HELM_FUNCTIONS = new Set(['include', 'tpl', 'required', 'lookup']);
/** Sprig and Helm formatting functions, which other tools' templates (Argo CD ApplicationSets...) use too. */
const CHART_FUNCTIONS = new Set([...HELM_FUNCTIONS, 'toYaml', 'toJson', 'fromYaml', 'nindent', 'indent', 'quote', 'squote', 'default', 'b64enc', 'trunc', 'trimSuffix']);

/** One `{{ ... }}` in a text: the whole expression, its inner code (trim markers and spaces off) and its offsets. */
export interface TemplateExpression { expression: string; inner: string; start: number; end: number }

/**
 * The `{{ ... }}` expressions of `text`, each `{{` closed by the first `}}` after it. Once no `}}`
 * follows, none can: the scan stops, so the whole text is read at most twice.
 */
export function* templateExpressions(text: string): Generator<TemplateExpression> {
  let from = 0;
  while (true) {
    const start = text.indexOf('{{', from);
    if (start === -1) return;
    const close = text.indexOf('}}', start + 2);
    if (close === -1) return;
    from = close + 2;
    if (close - start > MAX_TEMPLATE_EXPRESSION_LENGTH) continue;
    yield { expression: text.slice(start, from), inner: trimDelimiters(text.slice(start + 2, close)), start, end: from };
  }
}

/** Code between the braces without Helm's whitespace-trim markers (`{{-`, `-}}`) and the spaces around it. */
function trimDelimiters(code: string): string {
  const start = code.startsWith('-') ? 1 : 0;
  const end = code.length > start && code.endsWith('-') ? code.length - 1 : code.length;
  return code.slice(start, end).trim();
}

function isHelm(inner: string, strict: boolean): boolean {
  if (HELM_OBJECTS.test(inner)) return true;
  const functions = strict ? HELM_FUNCTIONS : CHART_FUNCTIONS;
  return inner.split('|').some((part) => functions.has(firstWord(part)));
}

/** The first word of a pipeline stage, past opening parentheses: `(include "x" .)` → include. */
function firstWord(stage: string): string {
  let start = 0;
  while (start < stage.length && (stage[start] === '(' || /\s/.test(stage[start]!))) start++;
  let end = start;
  while (end < stage.length && !/[\s()]/.test(stage[end]!)) end++;
  return stage.slice(start, end);
}

/**
 * The first Helm expression in `text`. `strict` (custom resources, ConfigMap and Secret data, annotations) only
 * accepts what is Helm's alone, since template text there usually belongs to the data.
 */
export function helmExpression(text: string, strict: boolean): string | undefined {
  return helmTemplateAt(text, strict)?.expression;
}

/** The first Helm expression in `text`, with its offsets. */
export function helmTemplateAt(text: string, strict = false): TemplateExpression | undefined {
  for (const found of templateExpressions(text)) if (isHelm(found.inner, strict)) return found;
  return undefined;
}

/** The first `{{ ... }}` of `text`, Helm or not. */
export function firstTemplateExpression(text: string): string | undefined {
  for (const found of templateExpressions(text)) return found.expression;
  return undefined;
}

/**
 * An unquoted `{{ expr }}` parses as a flow map whose key is the map `{ expr }`; such complex keys
 * reach the plain value stringified, as "{ expr }" (a value) or "{ ? { expr } }" (a key). Gives the
 * expression back as `{{ expr }}`.
 */
export function flowMapExpression(key: string): string | undefined {
  if (!key.startsWith('{') || !key.endsWith('}') || key.length < 2) return undefined;
  let start = 1;
  while (start < key.length - 1 && /[\s{?]/.test(key[start]!)) start++;
  let end = key.length - 1;
  while (end > start && /[\s}]/.test(key[end - 1]!)) end--;
  return `{{ ${key.slice(start, end)} }}`;
}
