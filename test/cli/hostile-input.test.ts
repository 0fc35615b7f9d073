// Valid-looking input that used to give broken output or an internal error: damaged or hostile shards
// for merge, a shard count beyond the tasks, --set keys reaching Object.prototype or list entries the
// scenario does not have. Each is one usage line (exit 2) and nothing written.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const SMALL = 'scenarios/standard-collocated.yaml';

describe('merge of damaged or hostile shards', () => {
  const root = tempDir();
  const shard = (i: number): string => join(root, `s${i}`);
  beforeAll(async () => {
    for (const i of [0, 1]) {
      const r = await cli(
        'run',
        SMALL,
        '--replications',
        '2',
        '--shard',
        `${i}/2`,
        '--out',
        shard(i),
        '--quiet',
      );
      expect(r).toEqual({ code: 0, out: [], err: [] });
    }
  }, 120_000);

  /** Copies shard 0 and 1, damages the copy of 0, merges; returns the result and the output folder. */
  async function mergeDamaged(damage: (dir: string, partial: Record<string, unknown>) => unknown) {
    const dir = tempDir();
    cpSync(shard(0), join(dir, 's0'), { recursive: true });
    cpSync(shard(1), join(dir, 's1'), { recursive: true });
    const p = join(dir, 's0', 'partial.json');
    const changed = damage(join(dir, 's0'), JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>);
    if (changed !== undefined) writeFileSync(p, JSON.stringify(changed));
    const r = await cli('merge', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'm'));
    return { r, dir };
  }

  const cases: [string, (dir: string, p: Record<string, unknown>) => unknown, RegExp][] = [
    ['a missing timelines.f64', (dir) => rmSync(join(dir, 'timelines.f64')), /timelines\.f64: missing/],
    ['partial.json holding null', () => null, /expected a pchat-sim-partial object; received null/],
    ['partial.json without results', (_, p) => ({ ...p, results: undefined }), /partial\.json: results: /],
    [
      'a scenario named ../../x',
      (_, p) => ({ ...p, meta: { ...(p['meta'] as object), scenario: '../../x' } }),
      /partial\.json: meta\.scenario: expected a scenario name/,
    ],
    [
      'a shard count of 1e20',
      (_, p) => ({ ...p, shard: { index: 0, count: 1e20 } }),
      /partial\.json: shard\.count: /,
    ],
  ];
  for (const [what, damage, message] of cases)
    it(`refuses ${what} with one line, writing nothing`, async () => {
      const { r, dir } = await mergeDamaged(damage);
      expect(r.code, r.err.join('\n')).toBe(2);
      expect(r.err[0]).toMatch(message);
      expect(readdirSync(dir).sort()).toEqual(['s0', 's1']);
    });

  it('refuses --shard n beyond the tasks before running', async () => {
    const dir = tempDir();
    const r = await cli(
      'run',
      SMALL,
      '--replications',
      '2',
      '--shard',
      '0/100000000000000000000',
      '--out',
      join(dir, 'o'),
    );
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^--shard: n is at most the experiment's 2 tasks/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('sweep --set keys', () => {
  it('refuses __proto__, constructor and prototype, and leaves Object.prototype alone', async () => {
    for (const key of ['__proto__.edition', 'workload.constructor.x', 'topology.prototype']) {
      const r = await cli('sweep', SMALL, '--set', `${key}=1,2`, '--out', join(tempDir(), 'o'));
      expect(r.code).toBe(2);
      expect(r.err[0]).toMatch(/is not a scenario key$/);
    }
    expect(({} as Record<string, unknown>)['edition']).toBeUndefined();
  });

  it('refuses a list entry the scenario does not have', async () => {
    const r = await cli(
      'sweep',
      SMALL,
      '--set',
      'topology.pools[5].admissionLimitPerServer=1,2',
      '--out',
      join(tempDir(), 'o'),
    );
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(
      "--set topology.pools[5].admissionLimitPerServer: the scenario's topology.pools has 1 entry; received index 5",
    );
  });
});
