import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const FILE = 'scenarios/n-minus-1-absorbed.yaml';
const SETS = [
  '--set',
  'workload.initialConnected=60000..80000:10000',
  '--set',
  'topology.pools[0].admissionLimitPerServer=20000,30000',
];

describe('pchat-sim sweep', () => {
  it('writes one row per grid point with the swept values and every metric as mean and CI', async () => {
    const out = join(tempDir(), 's');
    const r = await cli(
      'sweep',
      FILE,
      ...SETS,
      '--replications',
      '2',
      '--workers',
      '1',
      '--out',
      out,
      '--quiet',
    );
    expect(r).toEqual({ code: 0, out: [], err: [] });
    const rows = readFileSync(join(out, 'sweep.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const head = rows[0] as string[];
    expect(head.slice(0, 3)).toEqual([
      'point',
      'workload.initialConnected',
      'topology.pools[0].admissionLimitPerServer',
    ]);
    expect(head).toContain('signIns.blocking.mean');
    expect(head).toContain('servers.pc1.secondsOverCapacity.ci95_hi');
    expect(rows.map((x) => x.slice(1, 3).join(' '))).toEqual([
      'workload.initialConnected topology.pools[0].admissionLimitPerServer',
      '60000 20000',
      '60000 30000',
      '70000 20000',
      '70000 30000',
      '80000 20000',
      '80000 30000',
    ]);
    const col = (name: string): string[] => rows.slice(1).map((x) => x[head.indexOf(name)] as string);
    // 80,000 users, pc4 fails: admission 20,000 refuses all 20,000 reconnects, 30,000 absorbs them.
    // Blocking counts the users on at t = 0 as first attempts: 70,000 users, 10,000 of pc4's 17,500
    // refused: 10,000 / 87,500; 80,000: 20,000 / 100,000.
    expect(col('signIns.blocking.mean')).toEqual(['0', '0', '0.114285714', '0', '0.2', '0']);
  });

  it('merges sweep shards into exactly the unsharded files, chart included', async () => {
    const dir = tempDir();
    await cli(
      'sweep',
      FILE,
      ...SETS,
      '--replications',
      '2',
      '--workers',
      '1',
      '--out',
      join(dir, 'whole'),
      '--quiet',
    );
    const shards = [0, 1, 2].map((i) => join(dir, `s${i}`));
    for (const [i, s] of shards.entries())
      await cli('sweep', FILE, ...SETS, '--replications', '2', '--shard', `${i}/3`, '--out', s, '--quiet');
    expect((await cli('merge', ...shards, '--out', join(dir, 'merged'), '--quiet')).code).toBe(0);
    expect(readFileSync(join(dir, 'merged', 'sweep.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'whole', 'sweep.csv'), 'utf8'),
    );
    // Every file of the unsharded sweep, chart-sweep.svg included (run.json aside).
    const files = (d: string): string[] =>
      readdirSync(d)
        .filter((f) => f !== 'run.json' && !f.startsWith('.'))
        .sort();
    expect(files(join(dir, 'merged'))).toEqual(files(join(dir, 'whole')));
    expect(files(join(dir, 'whole'))).toContain('chart-sweep.svg');
    for (const f of files(join(dir, 'whole')))
      expect(readFileSync(join(dir, 'merged', f)).equals(readFileSync(join(dir, 'whole', f))), f).toBe(true);
  });

  it('validates every point before running and names the bad one', async () => {
    const out = join(tempDir(), 'bad');
    const r = await cli('sweep', FILE, '--set', 'topology.pools[0].servers=4,5', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(
      `${FILE} [topology.pools[0].servers=5]: topology.pools[0].servers[4].role: a pool has at most 4 active servers; received 5`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to sweep profileFile with one line, before reading the scenario', async () => {
    const out = join(tempDir(), 'profile');
    const r = await cli('sweep', FILE, '--set', 'workload.arrivals.profileFile=a.csv', '--out', out);
    expect(r).toEqual({
      code: 2,
      out: [],
      err: [
        '--set workload.arrivals.profileFile: a sweep cannot set profileFile (the file is read with its scenario file): use one scenario per profile file',
      ],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a rate on arrivals from a profile file with one line naming the file', async () => {
    const out = join(tempDir(), 'rate');
    const r = await cli(
      'sweep',
      'scenarios/monday-measured.yaml',
      '--set',
      'workload.arrivals.rate=5,10',
      '--out',
      out,
    );
    expect(r).toEqual({
      code: 2,
      out: [],
      err: [
        '--set workload.arrivals.rate: the scenario\'s arrivals come from the profile file "monday-signins.csv", not one rate: sweep one scenario per profile file, or a copy of the scenario with arrivals: { rate: ... }',
      ],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a rate on arrivals from a written profile, pointing at its entries', async () => {
    const out = join(tempDir(), 'rate');
    const r = await cli(
      'sweep',
      'scenarios/morning-storm.yaml',
      '--set',
      'workload.arrivals.rate=5',
      '--out',
      out,
    );
    expect(r).toEqual({
      code: 2,
      out: [],
      err: [
        "--set workload.arrivals.rate: the scenario's arrivals are a profile (workload.arrivals.profile), not one rate: sweep a profile entry's rate (workload.arrivals.profile[0].rate=...), or a copy of the scenario with arrivals: { rate: ... }",
      ],
    });
    expect(existsSync(out)).toBe(false);
  });
});

describe('pchat-sim sweep --set users=', () => {
  it('keeps each point at its users: the arrival rate scales with them (Little: rate × session)', async () => {
    const file = join(tempDir(), 'open.yaml');
    // 1 sign-in/s of fixed 1,000 s sessions holds 1,000 users; users=500 halves the rate, 2000 doubles it.
    writeFileSync(
      file,
      'name: open\nseed: 2\nduration: 2h\nsampleEvery: 5m\ntopology:\n  edition: enterprise\n  pools:\n    - name: p\n      servers: [{ name: a }, { name: b }]\nworkload:\n  arrivals: { rate: 1 }\n  session: { dist: fixed, mean: 1000s }\n  initialConnected: 1000\n',
    );
    const out = join(tempDir(), 's');
    const r = await cli(
      'sweep',
      file,
      '--set',
      'users=500,2000',
      '--replications',
      '1',
      '--workers',
      '1',
      '--out',
      out,
      '--quiet',
    );
    expect(r).toEqual({ code: 0, out: [], err: [] });
    const [head, ...rows] = readFileSync(join(out, 'sweep.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(head?.[1]).toBe('users');
    const mean = (row: string[] | undefined): number =>
      Number(row?.[(head ?? []).indexOf('connected.mean.mean')]);
    // Only Poisson noise around the point's users (sd of the count √users; the 2 h mean is smoother).
    expect(Math.abs(mean(rows[0]) - 500)).toBeLessThan(25);
    expect(Math.abs(mean(rows[1]) - 2000)).toBeLessThan(100);
  });
});
