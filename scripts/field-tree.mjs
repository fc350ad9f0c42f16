// Derives the field tree of the built-in Kubernetes kinds from the OpenAPI-generated models of
// @kubernetes/client-node (a devDependency) and writes it to server/src/analysis/field-tree.json,
// which the misplaced-field rule reads. `--check` only compares: it fails when the committed file
// is stale (a unit test runs it), so updating the package means re-running this script.
//
// Each model class carries `attributeTypeMap` (wire name and type of every property); the API
// classes tell which group/version serves each kind: their create methods POST a body of the
// kind's model to `/apis/<group>/<version>/…/<resource>` (or `/api/v1/…` for the core group).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUTPUT = 'server/src/analysis/field-tree.json';
const PACKAGE = '@kubernetes/client-node';

// The API server does not read a manifest's status, and a CRD's embedded JSON schema is a
// document of its own (any key can be a property name there): neither is walked.
const LEAF_FIELDS = new Set(['status']);
const LEAF_TYPES = new Set(['V1JSONSchemaProps']);

const packageJson = createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`);
const root = dirname(packageJson);
const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
const generated = join(root, 'dist', 'gen');
const models = await import(pathToFileURL(join(generated, 'models', 'ObjectSerializer.js')).href);

/** The model class of a type name, when it is an object with properties. */
function model(name) {
  const candidate = models[name];
  return candidate && Array.isArray(candidate.attributeTypeMap) && !LEAF_TYPES.has(name) ? candidate : undefined;
}

/** `apiVersion kind` → model name, from the create methods of every API class. */
function kindsByApiVersion() {
  const kinds = {};
  const apis = join(generated, 'apis');
  for (const file of readdirSync(apis).filter((name) => name.endsWith('Api.js'))) {
    const methods = readFileSync(join(apis, file), 'utf8').split(/\n {4}async (?=\w+\()/);
    for (const method of methods.filter((text) => text.startsWith('create'))) {
      const path = /localVarPath = '([^']+)'/.exec(method)?.[1];
      const body = /serialize\(body, "(\w+)"/.exec(method)?.[1];
      // Collections only (`…/cronjobs`), not subresources of one object (`…/pods/{name}/eviction`).
      const route = path && /^\/apis?\/(?:([^/{}]+)\/)?(v[^/{}]+)\/(?:namespaces\/\{namespace\}\/)?[a-z0-9]+$/.exec(path);
      const kind = body && /^[A-Za-z]*?V\d+(?:alpha\d+|beta\d+)?([A-Z]\w*)$/.exec(body)?.[1];
      const fields = model(body)?.attributeTypeMap.map((attribute) => attribute.baseName) ?? [];
      if (!route || !kind || !fields.includes('apiVersion') || !fields.includes('kind')) continue;
      const apiVersion = route[1] ? `${route[1]}/${route[2]}` : route[2];
      kinds[`${apiVersion} ${kind}`] = body;
    }
  }
  return kinds;
}

/**
 * A field's entry: the model name of an object value, `[]Model` for a list of objects, `{}Model`
 * for a map of objects, and "" for anything the tree does not descend into (scalars, free-form).
 */
function fieldEntry(type) {
  const match = /^(?:Array<(\w+)>|\{ \[key: string\]: (\w+); \}|(\w+))$/.exec(type);
  const [, item, value, plain] = match ?? [];
  if (item && model(item)) return `[]${item}`;
  if (value && model(value)) return `{}${value}`;
  if (plain && model(plain)) return plain;
  return '';
}

function fieldTree() {
  const kinds = kindsByApiVersion();
  const types = {};
  const pending = Object.values(kinds);
  while (pending.length > 0) {
    const name = pending.pop();
    if (types[name]) continue;
    types[name] = {};
    for (const { baseName, type } of model(name).attributeTypeMap) {
      const entry = LEAF_FIELDS.has(baseName) ? '' : fieldEntry(type);
      types[name][baseName] = entry;
      if (entry) pending.push(entry.replace(/^(\[\]|\{\})/, ''));
    }
  }
  return { source: `${PACKAGE} ${version} (${openApiRelease()})`, kinds: sorted(kinds), types: sorted(types) };
}

/** The Kubernetes release whose OpenAPI document the models were generated from. */
function openApiRelease() {
  const header = readFileSync(join(generated, 'models', 'V1Pod.js'), 'utf8');
  return /OpenAPI spec version: (\S+)/.exec(header)?.[1] ?? 'unknown OpenAPI release';
}

function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One kind or type per line: diffs show which fields a package update added or moved. */
function render(tree) {
  const block = (record) => Object.entries(record).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(',\n');
  return `{\n  "source": ${JSON.stringify(tree.source)},\n  "kinds": {\n${block(tree.kinds)}\n  },\n  "types": {\n${block(tree.types)}\n  }\n}\n`;
}

const text = render(fieldTree());
if (process.argv.includes('--check')) {
  let committed = '';
  try { committed = readFileSync(OUTPUT, 'utf8'); } catch { /* reported as stale below */ }
  if (committed !== text) {
    console.error(`${OUTPUT} is stale for ${PACKAGE} ${version}: run \`npm run field-tree\` and commit the result.`);
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT}: ${Object.keys(JSON.parse(text).kinds).length} kinds from ${PACKAGE} ${version}`);
}
