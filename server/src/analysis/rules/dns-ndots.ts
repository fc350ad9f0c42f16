import { appendToSeq, replaceScalar, setInMap } from '../edit';
import { asArray, asRecord, type KubeObject, type Path } from '../kube-object';
import type { Rule } from '../rule';
import type { TextEdit } from '../types';
import { podSpecPath } from '../workload';

const MAX_NDOTS = 2;
const NDOTS_ITEM = ['name: ndots', `value: "${MAX_NDOTS}"`];

const rule: Rule = {
  id: 'dns-ndots',
  title: 'Pod resolving names with the default ndots:5',
  severity: 'hint',
  why: 'With the cluster default `ndots:5`, a name with fewer than five dots (`api.example.com`) is first tried with every search domain, so each external lookup costs several extra queries (A and AAAA each); this multiplied load took down Zalando\'s CoreDNS and, with musl\'s resolver, broke name resolution at Toyota Connected.',
  fix: 'Set `dnsConfig.options: [{name: ndots, value: "2"}]`: external names are then resolved directly, while `service` and `service.namespace` still go through the search domains. Alternatively write external names as FQDNs with a trailing dot.',
  scope: 'object',
  absence: true,
  check(object, context) {
    const spec = podSpecPath(object);
    if (!spec) return [];
    const policy = object.get([...spec, 'dnsPolicy']);
    const hostNetwork = object.get([...spec, 'hostNetwork']) === true;
    // Only pods that get the cluster resolver: ClusterFirst falls back to the node's resolver on the host network.
    const clusterDns = policy === 'ClusterFirstWithHostNet' || ((policy === undefined || policy === 'ClusterFirst') && !hostNetwork);
    if (!clusterDns) return [];
    const optionsPath = [...spec, 'dnsConfig', 'options'];
    const options = asArray(object.get(optionsPath));
    const index = options.findIndex((option) => asRecord(option)?.name === 'ndots');
    if (index !== -1) {
      const value = asRecord(options[index])?.value;
      const ndots = Number(value);
      if (typeof value !== 'string' && typeof value !== 'number') return [];
      if (!Number.isInteger(ndots) || ndots <= MAX_NDOTS) return [];
      const edit = replaceScalar(object, [...optionsPath, index, 'value'], `"${MAX_NDOTS}"`);
      return [{
        path: [...optionsPath, index, 'value'],
        message: `${object.kind} "${object.name}" sets ndots to ${ndots}: lookups of external names go through every search domain first.`,
        fixes: edit ? [{ title: `Set ndots to ${MAX_NDOTS}`, edits: [edit], review: true }] : [],
      }];
    }
    const edit = ndotsEdit(object, context.text, spec);
    return [{
      path: spec,
      target: 'key',
      message: `${object.kind} "${object.name}" resolves names with the default ndots:5: each lookup of an external name first goes through every search domain.`,
      fixes: edit ? [{ title: `Add dnsConfig option ndots: "${MAX_NDOTS}"`, edits: [edit], review: true }] : [],
    }];
  },
};

/** Adds the ndots option wherever the pod spec's dnsConfig ends: new dnsConfig, new options list, or one more option. */
function ndotsEdit(object: KubeObject, text: string, spec: Path): TextEdit | undefined {
  const dnsConfig = object.get([...spec, 'dnsConfig']);
  if (dnsConfig === undefined) return setInMap(object, text, spec, 'dnsConfig', ['options:', ...NDOTS_ITEM.map((line, i) => `${i === 0 ? '  - ' : '    '}${line}`)]);
  if (object.node([...spec, 'dnsConfig'])?.kind !== 'map') return undefined;
  if (asRecord(dnsConfig)?.options === undefined) return setInMap(object, text, [...spec, 'dnsConfig'], 'options', NDOTS_ITEM.map((line, i) => `${i === 0 ? '- ' : '  '}${line}`));
  return appendToSeq(object, text, [...spec, 'dnsConfig', 'options'], NDOTS_ITEM);
}

export default rule;
