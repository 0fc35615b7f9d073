import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from '../cli-capture.js';
import { TOPOLOGIES } from '../../src/cli/commands/init.js';
import { SCHEMA_FILE } from '../../src/cli/commands/schema.js';
import { NO_ADMISSION_LIMIT } from '../../src/model/config.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { tempDir } from '../helpers.js';
import { checkJsonSchema } from './json-schema-check.js';

describe('pchat-sim init', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

  it.each(TOPOLOGIES)(
    'writes a valid, commented %s starter that points its editor at the schema',
    async (topology) => {
      const file = join(tempDir(), 'sub', `${topology}.yaml`);
      const r = await cli('init', '--topology', topology, '--out', file);
      expect(r).toEqual({ code: 0, out: [`wrote ${file}: run it with "pchat-sim run ${file}"`], err: [] });
      const text = readFileSync(file, 'utf8');
      const first = text.split('\n')[0] ?? '';
      expect(first).toMatch(/^# yaml-language-server: \$schema=\S+$/);
      expect(resolve(dirname(file), first.split('$schema=')[1] ?? '')).toBe(SCHEMA_FILE);
      expect(text).toMatch(/\[doc\]/);
      const config = loadScenarioFile(file);
      expect(config.name).toBe(topology); // the file's stem
      expect(config.warnings).toEqual([]);
      expect(checkJsonSchema(parse(text), schema)).toEqual([]);
    },
  );

  it('draws each documented topology: collocated Standard, separate Standard, one and several Enterprise servers, a stretched pool', async () => {
    const dir = tempDir();
    const load = async (t: string) => {
      await cli('init', '--topology', t, '--out', join(dir, `${t}.yaml`));
      return loadScenarioFile(join(dir, `${t}.yaml`));
    };
    expect((await load('standard-collocated')).pools[0]?.collocated).toBe(true);
    expect((await load('standard-separate')).edition).toBe('standard');
    expect((await load('enterprise-single')).servers).toHaveLength(1);
    expect((await load('enterprise-multi')).servers.filter((s) => s.role === 'active')).toHaveLength(4);
    const stretched = await load('stretched');
    expect(stretched.sites).toEqual(['dc1', 'dc2']);
    expect(stretched.failover.siteAfter).toBe(3600);
  });

  it('writes the admission limit as a commented choice (no limit), or as set with --admission', async () => {
    const dir = tempDir();
    await cli('init', '--out', join(dir, 'a.yaml'));
    const text = readFileSync(join(dir, 'a.yaml'), 'utf8');
    expect(text).toContain('# admissionLimitPerServer: 20000');
    expect(text).toContain('# admissionLimitPerServer: 30000');
    expect(loadScenarioFile(join(dir, 'a.yaml')).pools[0]?.admissionLimitPerServer).toBe(NO_ADMISSION_LIMIT);
    expect((await cli('init', '--admission', '20000', '--out', join(dir, 'b.yaml'))).code).toBe(0);
    expect(loadScenarioFile(join(dir, 'b.yaml')).pools[0]?.admissionLimitPerServer).toBe(20000);
    const bad = await cli('init', '--admission', '0', '--print');
    expect([bad.code, bad.err[0]]).toEqual([
      2,
      '--admission: expected an integer from 1 to 2147483647; received "0"',
    ]);
  });

  it('refuses to replace an existing file unless --force, and prints with --print', async () => {
    const file = join(tempDir(), 'mine.yaml');
    writeFileSync(file, 'keep me\n');
    const r = await cli('init', '--out', file);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(`${file}: the file exists; use --force to replace it`);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    expect((await cli('init', '--out', file, '--force')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server/);
    expect(loadScenarioFile(file).name).toBe('mine');
    const printed = await cli('init', '--topology', 'stretched', '--print');
    expect(printed.code).toBe(0);
    expect(printed.out.join('\n')).toMatch(/failSite: dc1/);
  });

  it('rejects an unknown topology with exit 2', async () => {
    const r = await cli('init', '--topology', 'mainframe', '--print');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/Invalid values:[\s\S]*mainframe/);
  });
});
