/**
 * A small validator for the JSON Schema keywords our catalogue schema uses (type, enum, const,
 * pattern, required, properties, additionalProperties, propertyNames, items, min/max, $ref to $defs).
 * It exists so the bundled data is checked at start-up without shipping a schema library.
 */
export type Schema = Record<string, unknown>;

export function validate(value: unknown, schema: Schema, root: Schema = schema, at = '$'): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Schema | undefined)?.[key], root);
    if (!target) return [`${at}: unknown $ref ${ref}`];
    return validate(value, target as Schema, root, at);
  }
  const errors: string[] = [];
  const type = schema.type as string | undefined;
  if (type && !hasType(value, type)) return [`${at}: expected ${type}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: must be one of ${schema.enum.join(', ')}`);
  if ('const' in schema && schema.const !== value) errors.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, index) => errors.push(...validate(item, schema.items as Schema, root, `${at}[${index}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in record)) errors.push(`${at}: missing ${key}`);
    const names = schema.propertyNames as Schema | undefined;
    for (const [key, item] of Object.entries(record)) {
      if (names) errors.push(...validate(key, names, root, `${at}.${key} (name)`));
      if (properties[key]) errors.push(...validate(item, properties[key], root, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${key}`);
      else if (isSchema(schema.additionalProperties)) errors.push(...validate(item, schema.additionalProperties, root, `${at}.${key}`));
    }
  }
  return errors;
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'null': return value === null;
    default: return typeof value === type;
  }
}
