// A small JSON Schema (draft 2020-12) checker for the keywords zod's generator emits, used to prove
// that shipped scenarios validate against the published schema. Unknown keywords throw rather than
// pass silently, so a generator change cannot make the check vacuous.
type Schema = Record<string, unknown>;

const IGNORED = new Set(['$schema', 'title', 'description', 'default', '$defs', 'examples']);
const SUPPORTED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'anyOf',
  'oneOf',
  'allOf',
  '$ref',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isType(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

/** Errors of `value` against `schema` (`root` resolves `#/$defs/...`), as `path: problem`. */
export function checkJsonSchema(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string[] {
  for (const k of Object.keys(schema))
    if (!IGNORED.has(k) && !SUPPORTED.has(k)) throw new Error(`unsupported keyword ${k} at ${path}`);
  const errors: string[] = [];
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    const target = ref.startsWith('#/$defs/')
      ? (root['$defs'] as Record<string, Schema> | undefined)?.[ref.slice(8)]
      : undefined;
    if (target === undefined) throw new Error(`unresolved or unsupported $ref ${ref}`);
    errors.push(...checkJsonSchema(value, target, root, path));
  }
  const err = (m: string): void => void errors.push(`${path}: ${m}`);
  const types =
    schema['type'] === undefined ? [] : ([] as string[]).concat(schema['type'] as string | string[]);
  if (types.length > 0 && !types.some((t) => isType(value, t)))
    return [...errors, `${path}: expected ${types.join(' or ')}; received ${typeOf(value)}`];
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value))
    err(`not one of ${JSON.stringify(schema['enum'])}`);
  if ('const' in schema && schema['const'] !== value) err(`expected ${JSON.stringify(schema['const'])}`);
  if (typeof value === 'number') {
    const n = (k: string): number | undefined => (typeof schema[k] === 'number' ? schema[k] : undefined);
    if (n('minimum') !== undefined && value < (n('minimum') as number)) err(`below minimum ${n('minimum')}`);
    if (n('maximum') !== undefined && value > (n('maximum') as number)) err(`above maximum ${n('maximum')}`);
    if (n('exclusiveMinimum') !== undefined && value <= (n('exclusiveMinimum') as number))
      err(`not above ${n('exclusiveMinimum')}`);
    if (n('exclusiveMaximum') !== undefined && value >= (n('exclusiveMaximum') as number))
      err(`not below ${n('exclusiveMaximum')}`);
  }
  if (
    typeof value === 'string' &&
    typeof schema['pattern'] === 'string' &&
    !new RegExp(schema['pattern'], 'u').test(value)
  )
    err(`does not match ${schema['pattern']}`);
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems'])
      err(`fewer than ${schema['minItems']} items`);
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems'])
      err(`more than ${schema['maxItems']} items`);
    const items = schema['items'] as Schema | undefined;
    if (items !== undefined)
      value.forEach((v, i) => errors.push(...checkJsonSchema(v, items, root, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object')
    errors.push(...checkObject(value as Record<string, unknown>, schema, root, path));
  errors.push(...checkCombinators(value, schema, root, path));
  return errors;
}

function checkObject(value: Record<string, unknown>, schema: Schema, root: Schema, path: string): string[] {
  const errors: string[] = [];
  const props = (schema['properties'] ?? {}) as Record<string, Schema>;
  for (const r of (schema['required'] ?? []) as string[])
    if (!(r in value)) errors.push(`${path}: missing required key ${r}`);
  for (const [k, v] of Object.entries(value)) {
    const sub = props[k];
    if (sub !== undefined) errors.push(...checkJsonSchema(v, sub, root, `${path}.${k}`));
    else if (schema['additionalProperties'] === false) errors.push(`${path}: unknown key ${k}`);
    else if (typeof schema['additionalProperties'] === 'object')
      errors.push(...checkJsonSchema(v, schema['additionalProperties'] as Schema, root, `${path}.${k}`));
  }
  return errors;
}

function checkCombinators(value: unknown, schema: Schema, root: Schema, path: string): string[] {
  const errors: string[] = [];
  const passes = (list: unknown): number =>
    ((list ?? []) as Schema[]).filter((s) => checkJsonSchema(value, s, root, path).length === 0).length;
  if (Array.isArray(schema['anyOf']) && passes(schema['anyOf']) === 0)
    errors.push(`${path}: matches none of anyOf`);
  if (Array.isArray(schema['oneOf']) && passes(schema['oneOf']) !== 1)
    errors.push(`${path}: matches ${passes(schema['oneOf'])} of oneOf, not exactly one`);
  for (const s of (schema['allOf'] ?? []) as Schema[]) errors.push(...checkJsonSchema(value, s, root, path));
  return errors;
}
