// compare pairs replications by key, through the built CLI on real result folders: replication k of one
// run with replication k of the other when their seeds agree, whatever the order of the rows; a
// replications.csv that disagrees with its own summary.json is refused, naming the replication; runs
// of different seeds get unpaired (Welch) intervals, said in one line; different windows get a warning.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { confidenceInterval, studentTQuantile } from '../../src/stats/student-t.js';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

const scenario = (name: string, rate: number): string => `name: ${name}
seed: 5
duration: 2h
sampleEvery: 10m
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a }, { name: b } ] } ] }
workload: { arrivals: { rate: ${rate} }, session: { dist: exponential, mean: 30m } }
faults: [ { at: 30m, fail: b }, { at: 1h, restore: b } ]
`;

const FIGURE = 'connected.mean';

/** replication number → the figure, read from a run's replications.csv. */
function perReplication(dir: string): Map<number, number> {
  const [head, ...rows] = readFileSync(join(dir, 'replications.csv'), 'utf8').trim().split('\n');
  const col = (head ?? '').split(',').indexOf(FIGURE);
  return new Map(rows.map((r) => [Number(r.split(',')[0]), Number(r.split(',')[col])]));
}

/** compare.csv's row of FIGURE: [difference, lo, hi]. */
function compared(dir: string): number[] {
  const row = readFileSync(join(dir, 'compare.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${FIGURE},`));
  return (row ?? '').split(',').slice(3, 6).map(Number);
}

describe('compare', () => {
  const dir = tempDir();
  const o = (name: string): string => join(dir, name);
  beforeAll(async () => {
    ensureBuilt();
    writeFileSync(o('pa.yaml'), scenario('pa', 0.2));
    writeFileSync(o('pb.yaml'), scenario('pb', 0.25));
    const reps = ['--replications', '4', '--workers', '1', '--quiet'];
    for (const args of [
      ['run', o('pa.yaml'), ...reps, '--out', o('a')],
      ['run', o('pb.yaml'), ...reps, '--out', o('b')],
      ['run', o('pb.yaml'), ...reps, '--seed', '9', '--out', o('c')],
      ['run', o('pb.yaml'), ...reps, '--warmup', '30m', '--out', o('w')],
    ])
      expect(await cli(args)).toEqual({ code: 0, out: '', err: '' });
  }, 180_000);

  it('pairs replication k with replication k by number and seed, whatever the order of the rows', async () => {
    expect(await cli(['compare', o('a'), o('b'), '--out', o('ab'), '--quiet'])).toEqual({
      code: 0,
      out: '',
      err: '',
    });
    const a = perReplication(o('a'));
    const b = perReplication(o('b'));
    const ci = confidenceInterval([0, 1, 2, 3].map((k) => (b.get(k) as number) - (a.get(k) as number)));
    const [, lo, hi] = compared(o('ab'));
    expect(lo).toBeCloseTo(ci.lo, 6);
    expect(hi).toBeCloseTo(ci.hi, 6);
    // The same runs with b's rows in reverse order: the same comparison, byte for byte.
    cpSync(o('b'), o('b-reversed'), { recursive: true });
    const file = join(o('b-reversed'), 'replications.csv');
    const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, `${[head, ...rows.reverse()].join('\n')}\n`);
    expect((await cli(['compare', o('a'), o('b-reversed'), '--out', o('ab2'), '--quiet'])).code).toBe(0);
    expect(readFileSync(join(o('ab2'), 'compare.csv'), 'utf8')).toBe(
      readFileSync(join(o('ab'), 'compare.csv'), 'utf8'),
    );
  });

  it('refuses a replications.csv that disagrees with its summary.json, naming the replication', async () => {
    const damage = async (name: string, edit: (rows: string[]) => string[]): Promise<string> => {
      cpSync(o('b'), o(name), { recursive: true });
      const file = join(o(name), 'replications.csv');
      const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
      writeFileSync(file, `${[head, ...edit(rows)].join('\n')}\n`);
      const r = await cli(['compare', o('a'), o(name), '--out', o(`${name}-cmp`)]);
      expect(r.code).toBe(2);
      return r.err;
    };
    const tail = 'the file disagrees with its summary.json (damaged): run it again\n';
    expect(await damage('truncated', (rows) => rows.slice(0, 3))).toBe(
      `${join(o('truncated'), 'replications.csv')}: replication 3 is missing (of 4); ${tail}`,
    );
    const seedOf1 = readFileSync(join(o('b'), 'replications.csv'), 'utf8')
      .split('\n')[2]
      ?.split(',')[1];
    expect(
      await damage('reseeded', (rows) =>
        rows.map((r, i) => (i === 1 ? r.replace(/^1,\d+,/, '1,12345,') : r)),
      ),
    ).toBe(
      `${join(o('reseeded'), 'replications.csv')}: replication 1 has seed 12345, summary.json ${seedOf1}; ${tail}`,
    );
  });

  it('gives runs of different seeds unpaired (Welch) intervals and says so in one line', async () => {
    const r = await cli(['compare', o('a'), o('c'), '--out', o('ac'), '--quiet']);
    const note =
      'note: pa and pb ran different seeds, so their replications are not paired: the difference intervals are unpaired (Welch), wider than paired ones';
    expect(r).toEqual({ code: 0, out: '', err: `${note}\n` });
    expect(readFileSync(join(o('ac'), 'report.html'), 'utf8')).toContain(`<p class="warn">${note}</p>`);
    const x = [...perReplication(o('a')).values()];
    const y = [...perReplication(o('c')).values()];
    const mean = (v: number[]): number => v.reduce((s, t) => s + t, 0) / v.length;
    const q = (v: number[]): number =>
      v.reduce((s, t) => s + (t - mean(v)) ** 2, 0) / (v.length - 1) / v.length;
    const se2 = q(x) + q(y);
    const df = se2 ** 2 / (q(x) ** 2 / (x.length - 1) + q(y) ** 2 / (y.length - 1));
    const half = studentTQuantile(0.975, df) * Math.sqrt(se2);
    const [, lo, hi] = compared(o('ac'));
    expect(lo).toBeCloseTo(mean(y) - mean(x) - half, 6);
    expect(hi).toBeCloseTo(mean(y) - mean(x) + half, 6);
  });

  it('warns in one line when the runs are measured over different windows', async () => {
    const r = await cli(['compare', o('a'), o('w'), '--out', o('aw'), '--quiet']);
    expect(r).toEqual({
      code: 0,
      out: '',
      err: "warning: the runs' windows (warmup_s to duration_s) differ: pa 0-7200 s, pb 1800-7200 s; their figures are not over the same span of time\n",
    });
  });
});
