import { asRecord, type KubeObject, type Path } from '../kube-object';
import { firstTemplateExpression, flowMapExpression, helmExpression } from '../helm';
import type { Draft, Rule } from '../rule';
import { isCustomResource } from '../workload';

/** Under these keys custom resources (Flux HelmRelease, Argo CD Application) carry Helm values, which charts may render with tpl. */
const HELM_VALUES_KEYS = new Set(['values', 'valuesObject', 'valuesContent']);

const DATA_KEYS = new Set(['data', 'stringData', 'binaryData']);

function visit(object: KubeObject, value: unknown, path: Path, strict: boolean, out: Draft[]): void {
  if (typeof value === 'string') {
    // Multi-line strings are embedded files (scripts, dashboards, alert templates): their templates are data.
    const expression = value.includes('\n') ? undefined : helmExpression(value, strict);
    if (expression) out.push(finding(path, 'value', expression, path[path.length - 1]));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => visit(object, item, [...path, index], strict, out));
    return;
  }
  const record = asRecord(value);
  if (!record) return;
  for (const [key, child] of Object.entries(record)) {
    const flow = flowMapExpression(key);
    if (flow && helmExpression(flow, strict)) {
      // Reported on the map the expression became (its complex key has no path of its own).
      out.push(finding(path, 'value', flow, path[path.length - 1]));
      continue;
    }
    const keyExpression = strict ? helmExpression(key, true) : key.includes('{{') ? (firstTemplateExpression(key) ?? key) : undefined;
    if (keyExpression) out.push(finding([...path, key], 'key', keyExpression, undefined));
    if (strict && HELM_VALUES_KEYS.has(key)) continue;
    // ConfigMap and Secret data, and annotations (read by tools such as the Vault injector), hold other tools' templates.
    const data = (path.length === 0 && DATA_KEYS.has(key) && (object.kind === 'ConfigMap' || object.kind === 'Secret'))
      || (key === 'annotations' && path[path.length - 1] === 'metadata');
    visit(object, child, [...path, key], strict || data, out);
  }
}

function finding(path: Path, target: 'key' | 'value', expression: string, field: string | number | undefined): Draft {
  const where = typeof field === 'string' ? ` in "${field}"` : '';
  return {
    path,
    target,
    message: `Unrendered Helm template ${expression}${where}: this manifest was never rendered, so Kubernetes would get the literal text.`,
  };
}

const rule: Rule = {
  id: 'unrendered-template',
  title: 'Unrendered Helm template in a manifest',
  severity: 'error',
  why: 'Template syntax that reaches the cluster unrendered means the rendering step was skipped or broken: names, images and config become literal `{{ ... }}` text, and a templating slip in shared config can take down every service it feeds.',
  fix: 'Render the chart (`helm template`) and apply its output, or fix the delimiters; lint the rendered manifests, not the templates.',
  scope: 'object',
  check(object) {
    const out: Draft[] = [];
    visit(object, object.value, [], isCustomResource(object), out);
    return out;
  },
};

export default rule;
