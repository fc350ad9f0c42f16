/** Recognises Helm template expressions, for the parser's messages and the unrendered-template rule. */

/** Helm's built-in objects: no other templating tool has `.Values` or `.Release`. */
const HELM_OBJECTS = /(?<![\w)\]])\.(?:Values|Release|Chart|Capabilities|Files|Template)\b/;
/** Functions only Helm has. */
const HELM_FUNCTIONS = new Set(['include', 'tpl', 'required', 'lookup']);
/** Sprig and Helm formatting functions, which other tools' templates (Argo CD ApplicationSets...) use too. */
const CHART_FUNCTIONS = new Set([...HELM_FUNCTIONS, 'toYaml', 'toJson', 'fromYaml', 'nindent', 'indent', 'quote', 'squote', 'default', 'b64enc', 'trunc', 'trimSuffix']);
export const EXPRESSION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
/**
 * The first Helm expression in `text`. `strict` (custom resources, ConfigMap and Secret data, annotations) only
 * accepts what is Helm's alone, since template text there usually belongs to the data.
 */
export function helmExpression(text: string, strict: boolean): string | undefined {
  for (const match of text.matchAll(EXPRESSION)) {
    const inner = match[1]!;
    const functions = inner.split('|').map((part) => part.trim().replace(/^\(+/, '').split(/\s+/)[0]!);
    if (HELM_OBJECTS.test(inner) || functions.some((name) => (strict ? HELM_FUNCTIONS : CHART_FUNCTIONS).has(name))) return match[0];
  }
  return undefined;
}
