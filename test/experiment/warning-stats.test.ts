import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateWarnings } from '../../src/experiment/aggregate/warning-stats.js';
import type { Json } from '../../src/experiment/run/replicate.js';
import { esc } from '../../src/io/report/html.js';
import { cli, cliLines } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

/** Two servers of capacity 100 sharing 180 users: a random failure puts all 180 on the survivor. */
const FLAKY = `name: flaky
seed: 3
duration: 6h
sampleEvery: 10m
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 100
      admissionLimitPerServer: 200
      servers: [{ name: a }, { name: b }]
workload:
  initialConnected: 180
  initialSessions: fresh
  session: { dist: fixed, mean: 100h }
  reconnectDelay: { dist: fixed, mean: 30s }
faults:
  - { random: { servers: all, mtbf: { dist: exponential, mean: 8h }, mttr: { dist: exponential, mean: 30m } } }
`;

const admission = {
  code: 'admission-limit-over-30000',
  subject: 'topology.pools[0].admissionLimitPerServer',
  message: 'The scenario sets 35,000 [doc].',
  limit: 30000,
  value: 35000,
};
const over = (subject: string, seconds: number, peak: number, firstAt_s: number, atEnd: boolean) => ({
  code: subject === 'all pools' ? 'all-pools-over-80000' : 'server-over-capacity',
  subject,
  message: 'one run',
  limit: subject === 'all pools' ? 80000 : 20000,
  firstAt_s,
  seconds,
  peak,
  atEnd,
});
const rep = (...warnings: Json[]) => ({ summary: { warnings } });

describe('warnings across replications', () => {
  const agg = aggregateWarnings([
    rep(admission, over('pc1', 100, 21000, 10, false)),
    rep(admission, over('all pools', 50, 90000, 5, true)),
    rep(admission, over('pc1', 300, 23000, 20, true)),
  ]) as { [k: string]: Json }[];

  it('lists each code and subject once, scenario warnings first, with the replications that had it', () => {
    expect(agg.map((w) => [w['code'], w['subject'], w['occurred'], w['of']])).toEqual([
      ['admission-limit-over-30000', 'topology.pools[0].admissionLimitPerServer', 3, 3],
      ['all-pools-over-80000', 'all pools', 1, 3],
      ['server-over-capacity', 'pc1', 2, 3],
    ]);
    expect(agg[0]).toEqual({ ...admission, occurred: 3, of: 3 });
  });

  it('takes the time above over every replication (0 where it was not) and the peak where it was', () => {
    const pc1 = agg[2] as { [k: string]: { [k: string]: Json } };
    // seconds 100, 0, 300: mean 133.33, sd 152.75, t(0.975, 2) = 4.303 → ±379.5, cut at 0.
    expect(pc1['seconds']).toMatchObject({ mean: 133.333333, min: 0, max: 300, clipped: true });
    expect(pc1['seconds']?.['ci95']).toEqual([0, expect.closeTo(512.8, 1)]);
    expect(pc1['peak']).toMatchObject({ mean: 22000, min: 21000, max: 23000, n: 2 });
    expect(pc1['firstAt_s']).toMatchObject({ mean: 15, n: 2 });
    expect(pc1['atEnd']).toMatchObject({ mean: 0.333333333 });
    expect(agg[2]?.['message']).toBe(
      'Server pc1 held more than the 20,000 concurrent users a server supports [doc] in 2 of 3 replications: for 2m13s per replication on average (0 in a replication where it was not; 95% interval 0s to 8m33s), peak 22,000 users on average where it was; still above it at the end of 1 of them.',
    );
  });

  it("keeps a server's peak above 30,000 within its peakBound, as its peak above its capacity", () => {
    // Peaks of 30,004, 30,005, 30,002 on a server that can hold 30,005 users: t(2) interval
    // 30,003.67 ± 3.79 would reach from 29,999.9 (kept above the limit) to 30,007.5.
    const above = (peak: number) => ({
      summary: {
        servers: { a: { peakBound: 30005 } },
        warnings: [{ ...over('a', 100, peak, 10, false), code: 'server-over-30000', limit: 30000 }] as Json[],
      },
    });
    const [w] = aggregateWarnings([above(30004), above(30005), above(30002)]) as {
      [k: string]: { [k: string]: Json };
    }[];
    expect(w?.['peak']).toMatchObject({ mean: 30003.6667, max: 30005, clipped: true });
    expect(w?.['peak']?.['ci95']).toEqual([30000, 30005]);
  });

  it('is empty when no replication passed a limit', () => {
    expect(aggregateWarnings([rep(), rep()])).toEqual([]);
  });

  it('reaches summary.json, the terminal and the report of a replicated run, and merges from shards to the byte', async () => {
    const dir = tempDir();
    const file = join(dir, 'flaky.yaml');
    writeFileSync(file, FLAKY);
    const whole = join(dir, 'whole');
    const r = await cliLines('run', file, '--replications', '4', '--workers', '1', '--out', whole);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8'));
    expect(summary.metrics.warnings).toBeUndefined();
    // Replications differ: a limit passed in some of them only is listed with how many.
    expect(
      summary.warnings.map((w: { [k: string]: Json }) => [w['subject'], w['occurred'], w['of']]),
    ).toEqual([
      ['a', 3, 4],
      ['b', 1, 4],
    ]);
    const messages: string[] = summary.warnings.map((w: { message: string }) => w.message);
    for (const m of messages) expect(r.lines.join('\n')).toContain(`\nwarning: ${m}`);
    const html = readFileSync(join(whole, 'report.html'), 'utf8');
    const block = /<section id="warnings">(.*?)<\/section>/s.exec(html)?.[1] ?? '';
    expect([...block.matchAll(/<p class="warn">([^<]*)<\/p>/g)].map((m) => m[1])).toEqual(messages.map(esc));
    const shards = [0, 1].map((i) => join(dir, `shard-${i}`));
    for (const [i, out] of shards.entries())
      expect(
        (await cli('run', file, '--replications', '4', '--shard', `${i}/2`, '--out', out, '--quiet')).code,
      ).toBe(0);
    const merged = join(dir, 'merged');
    expect((await cli('merge', ...shards, '--out', merged, '--quiet')).code).toBe(0);
    expect(readFileSync(join(merged, 'summary.json'), 'utf8')).toBe(
      readFileSync(join(whole, 'summary.json'), 'utf8'),
    );
    // compare: the seconds above a limit, 0 for a run that never passed it, paired by seed.
    const roomy = join(dir, 'roomy.yaml');
    writeFileSync(
      roomy,
      FLAKY.replace('name: flaky', 'name: roomy').replace('capacityPerServer: 100', 'capacityPerServer: 200'),
    );
    const other = join(dir, 'roomy');
    expect((await cli('run', roomy, '--replications', '4', '--out', other, '--quiet')).code).toBe(0);
    const cmp = join(dir, 'cmp');
    expect((await cli('compare', whole, other, '--out', cmp, '--quiet')).code).toBe(0);
    const row = readFileSync(join(cmp, 'compare.csv'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('warnings.server-over-capacity.a.seconds,'));
    const mean = summary.warnings[0].seconds.mean as number;
    expect(row?.split(',').slice(1, 4).map(Number)).toEqual([mean, 0, -mean]);
  });

  it('gives sweep.csv the seconds above each limit per point, 0 where none of its replications passed it', async () => {
    const dir = tempDir();
    const file = join(dir, 'flaky.yaml');
    writeFileSync(file, FLAKY);
    const out = join(dir, 'sweep');
    const set = ['--set', 'topology.pools[0].capacityPerServer=100,200'];
    expect((await cli('sweep', file, ...set, '--replications', '4', '--out', out, '--quiet')).code).toBe(0);
    const [head, ...rows] = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    const col = (head ?? '').split(',').indexOf('warnings.server-over-capacity.a.seconds.mean');
    expect(col).toBeGreaterThan(0);
    // Point 0 is the scenario as run above (same replication seeds): a above 100 in 3 of 4.
    const whole = join(dir, 'whole');
    expect((await cli('run', file, '--replications', '4', '--out', whole, '--quiet')).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8'));
    const values = rows.map((r) =>
      r
        .split(',')
        .slice(col, col + 3)
        .map(Number),
    );
    expect(values[0]?.[0]).toBe(summary.warnings[0].seconds.mean);
    expect(values[0]?.[0]).toBeGreaterThan(0);
    expect(values[1]).toEqual([0, 0, 0]);
  });
});
