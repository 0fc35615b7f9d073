import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from '../cli-capture.js';
import { SCHEMA_FILE, scenarioJsonSchemaText } from '../../src/cli/commands/schema.js';
import { tempDir } from '../helpers.js';
import { checkJsonSchema } from './json-schema-check.js';

/** Line 1 of every shipped scenario, so editors complete and check keys. */
export const SCHEMA_LINE = '# yaml-language-server: $schema=../schema/scenario.schema.json';

const committed = (): Record<string, unknown> =>
  JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const shipped = (): string[] =>
  readdirSync('scenarios')
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

describe('pchat-sim schema', () => {
  it('prints the committed schema/scenario.schema.json, generated from the zod schema', async () => {
    const generated = await scenarioJsonSchemaText();
    if (process.env['UPDATE_SCHEMA'] === '1') (await import('node:fs')).writeFileSync(SCHEMA_FILE, generated);
    const stale =
      'schema/scenario.schema.json is stale: run "npx pchat-sim schema --out schema/scenario.schema.json --force" (or UPDATE_SCHEMA=1 on this test)';
    expect(readFileSync(SCHEMA_FILE, 'utf8'), stale).toBe(generated);
    const r = await cli('schema');
    expect(r.code).toBe(0);
    expect(`${r.out.join('\n')}\n`).toBe(generated);
  });

  it('writes the schema to a file with --out', async () => {
    const out = join(tempDir(), 'scenario.schema.json');
    const r = await cli('schema', '--out', out);
    expect(r).toEqual({ code: 0, out: [`wrote ${out}`], err: [] });
    expect(readFileSync(out, 'utf8')).toBe(await scenarioJsonSchemaText());
  });

  it('validates every shipped scenario, each starting with the yaml-language-server line', () => {
    const schema = committed();
    const lacking: string[] = [];
    for (const f of shipped()) {
      const text = readFileSync(join('scenarios', f), 'utf8');
      if (text.split('\n')[0] !== SCHEMA_LINE) lacking.push(f);
      expect(checkJsonSchema(parse(text), schema), f).toEqual([]);
    }
    expect(lacking, `scenarios without "${SCHEMA_LINE}" as line 1`).toEqual([]);
  });

  it('rejects what the loader rejects for its shape: unknown keys, wrong types, unknown enum values', () => {
    const schema = committed();
    const base = { topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }] }] } };
    expect(checkJsonSchema(base, schema)).toEqual([]);
    expect(checkJsonSchema({ ...base, sed: 1 }, schema)).toEqual(['$: unknown key sed']);
    expect(checkJsonSchema({ ...base, seed: 'x' }, schema)).toEqual([
      '$.seed: expected integer; received string',
    ]);
    expect(checkJsonSchema({ topology: { edition: 'datacenter', pools: [] } }, schema)).toEqual([
      '$.topology.edition: not one of ["standard","enterprise"]',
      '$.topology.pools: fewer than 1 items',
    ]);
    expect(checkJsonSchema({ ...base, workload: { session: { dist: 'gamma', mean: 5 } } }, schema)).toEqual([
      '$.workload.session: matches 0 of oneOf, not exactly one',
    ]);
  });

  it('refuses to judge a schema keyword it does not know', () => {
    expect(() => checkJsonSchema(1, { type: 'number', multipleOf: 2 })).toThrow(
      /unsupported keyword multipleOf/,
    );
  });
});
