import { asRecord } from './kube-object';

/**
 * Keys that no rule reads on *other* objects: changing them cannot change another object's
 * findings. Rules with scope 'set' must keep to this (they may read anything of their own object).
 */
const NOT_CROSS_OBJECT_FACTS = new Set([
  'env', 'envFrom', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'args', 'command',
  'volumeMounts', 'securityContext', 'workingDir', 'data', 'stringData', 'binaryData', 'managedFields',
]);

/** Of another object's containers, rules read only the image (admin UIs behind a Service). */
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function containerFacts(container: unknown): unknown {
  const record = asRecord(container);
  return record && Object.hasOwn(record, 'image') ? { image: record.image } : record ? {} : container;
}

/**
 * An object's value as other objects' rules may read it: what tells whether an edit changed another
 * object's findings, and all the workspace index keeps of files that are not open (a third of the
 * values, so a fraction of the memory and of the garbage collection while the index is built).
 */
export function crossObjectValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(crossObjectValue);
  const record = asRecord(value);
  if (!record) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record)) {
    if (NOT_CROSS_OBJECT_FACTS.has(key)) continue;
    const facts = CONTAINER_LISTS.has(key) && Array.isArray(field)
      ? field.map(containerFacts)
      : crossObjectValue(field);
    // A YAML key "__proto__" is data, as the parser made it: an own property, not the prototype.
    if (key === '__proto__') Object.defineProperty(kept, key, { value: facts, enumerable: true, writable: true, configurable: true });
    else kept[key] = facts;
  }
  return kept;
}
