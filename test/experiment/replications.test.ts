import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { outagesByOrder } from '../../src/experiment/replications/finish-run.js';
import { replicationPlan } from '../../src/experiment/replications/replications.js';
import { replicationSeed, runReplication } from '../../src/experiment/run/replicate.js';
import { runTasks } from '../../src/experiment/run/task-runner.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { runConfig, tempDir } from '../helpers.js';

/** Small but busy: churn, random failures and promotions, so replications differ in every file. */
const SCENARIO = `name: churny
seed: 5
duration: 6h
sampleEvery: 10m
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 300
      servers: [{ name: a }, { name: b }, { name: c }, { name: s, role: standby }]
workload:
  arrivals: { rate: 0.1 }
  session: { dist: exponential, mean: 1h }
  initialConnected: 360
faults:
  - { random: { servers: all, mtbf: { dist: exponential, mean: 4h }, mttr: { dist: exponential, mean: 30m } } }
failover: { promoteStandbyAfter: 10m }
`;

function scenarioFile(): string {
  const path = join(tempDir(), 'churny.yaml');
  writeFileSync(path, SCENARIO);
  return path;
}

const FILES = ['summary.json', 'timeline.csv', 'timeline-bands.csv', 'events.csv'];

function sameBytes(a: string, b: string, files: readonly string[]): void {
  for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
}

/** Every file of the unsharded run, report and charts included, is in `b` with the same bytes (run.json aside). */
function sameFolder(a: string, b: string): void {
  const files = (d: string): string[] =>
    readdirSync(d)
      .filter((f) => f !== 'run.json' && !f.startsWith('.'))
      .sort();
  expect(files(b)).toEqual(files(a));
  sameBytes(a, b, files(a));
}

describe('replications', () => {
  it('gives replication k the same seed and results whatever the number of replications', async () => {
    const config = scenarioFromObject((await import('yaml')).parse(SCENARIO), 'inline.yaml');
    const three = await runTasks(replicationPlan(config, 3, null).tasks, { workers: 1 });
    const five = await runTasks(replicationPlan(config, 5, null).tasks, { workers: 1 });
    expect(five.results.slice(0, 3).map((r) => r.summary)).toEqual(three.results.map((r) => r.summary));
    expect(new Set(five.results.map((r) => r.summary['seed'])).size).toBe(5);
    expect(replicationSeed(5, 0)).toBe(5);
    expect(replicationSeed(5, 3)).toBe(replicationSeed(5, 3));
  });

  it('aggregates outages by order of occurrence, counting the replications that had each', () => {
    const result = (index: number, outages: object[]) => ({
      index,
      summary: { outages: outages as never },
      steady: null,
      events: [],
      timeline: null,
    });
    const o = (start: number, usersLost: number) => ({ start, cause: 'server pc1 failure', usersLost });
    const byOrder = JSON.parse(
      JSON.stringify(
        outagesByOrder([result(0, [o(100, 2), o(500, 4)]), result(1, [o(200, 6)]), result(2, [])]),
      ),
    ) as { start: { mean: number; n?: number }; usersLost: { mean: number }; cause: unknown }[];
    expect(byOrder).toHaveLength(2);
    expect(byOrder[0]?.start).toMatchObject({ mean: 150, n: 2 });
    expect(byOrder[0]?.usersLost.mean).toBe(4);
    expect(byOrder[0]?.cause).toEqual({ counts: { 'server pc1 failure': 2 } });
    expect(byOrder[1]?.start).toMatchObject({ mean: 500, n: 1 });
  });

  it('makes replication 0 the plain run, to the byte', async () => {
    const config = scenarioFromObject((await import('yaml')).parse(SCENARIO), 'inline.yaml');
    const plain = await runConfig(config);
    const rep = runReplication({ index: 0, config, timeline: true, events: true, warmupS: null });
    expect(`${JSON.stringify(rep.summary, null, 2)}\n`).toBe(plain.summaryJson);
  });

  it('writes statistics, per-time means and bands, events with their replication, and a steady-state section', async () => {
    const file = scenarioFile();
    const out = join(tempDir(), 'r');
    const r = await cli(
      'run',
      file,
      '--replications',
      '4',
      '--workers',
      '1',
      '--warmup',
      '1h',
      '--out',
      out,
      '--quiet',
    );
    expect(r).toEqual({ code: 0, out: [], err: [] });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({
      scenario: 'churny',
      seed: 5,
      replications: 4,
      confidence: 0.95,
      warmup_s: 3600,
    });
    expect(summary.seeds).toHaveLength(4);
    expect(Object.keys(summary.metrics.connected.mean)).toEqual(['mean', 'sd', 'ci95', 'min', 'max']);
    expect(summary.metrics.servers.a.peak.max).toBeGreaterThanOrEqual(summary.metrics.servers.a.peak.min);
    expect(summary.steadyState.connected.mean).toBeGreaterThan(0);
    const means = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
    const bands = readFileSync(join(out, 'timeline-bands.csv'), 'utf8').trim().split('\n');
    expect(means[0]).toBe('time_s,connected,waiting,denied,active_servers,a,b,c,s,p_state');
    expect(bands[0]).toMatch(/^time_s,connected_p5,connected_p95,waiting_p5,waiting_p95,/);
    expect(means).toHaveLength(6 * 6 + 2);
    for (let i = 1; i < means.length; i++) {
      const m = Number(means[i]?.split(',')[1]);
      const [, p5, p95] = (bands[i] ?? '').split(',').map(Number);
      expect(p5).toBeLessThanOrEqual(m);
      expect(m).toBeLessThanOrEqual(p95 as number);
    }
    expect(readFileSync(join(out, 'events.csv'), 'utf8')).toMatch(
      /^time_s,event,server,detail,replication\n/,
    );
  });

  it("takes the warm-up from the scenario's key as from --warmup, and leaves running totals out of steadyState", async () => {
    const path = join(tempDir(), 'churny.yaml');
    writeFileSync(path, `${SCENARIO}warmup: 1h\n`);
    const out = join(tempDir(), 'r');
    expect(await cli('run', path, '--replications', '2', '--workers', '1', '--out', out, '--quiet')).toEqual({
      code: 0,
      out: [],
      err: [],
    });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.warmup_s).toBe(3600);
    expect(Object.keys(summary.steadyState)).toEqual([
      'connected',
      'waiting',
      'active_servers',
      'a',
      'b',
      'c',
      's',
      'p_state',
    ]);
  });

  it('merges 3 shards into exactly the unsharded files', async () => {
    const file = scenarioFile();
    const dir = tempDir();
    const whole = join(dir, 'whole');
    expect(
      (
        await cli(
          'run',
          file,
          '--replications',
          '5',
          '--workers',
          '1',
          '--warmup',
          '30m',
          '--out',
          whole,
          '--quiet',
        )
      ).code,
    ).toBe(0);
    const shards = [0, 1, 2].map((i) => join(dir, `shard-${i}`));
    for (const [i, s] of shards.entries()) {
      expect(
        (
          await cli(
            'run',
            file,
            '--replications',
            '5',
            '--warmup',
            '30m',
            '--shard',
            `${i}/3`,
            '--out',
            s,
            '--quiet',
          )
        ).code,
      ).toBe(0);
    }
    const merged = join(dir, 'merged');
    // Shards in any order.
    expect(
      await cli(
        'merge',
        shards[2] as string,
        shards[0] as string,
        shards[1] as string,
        '--out',
        merged,
        '--quiet',
      ),
    ).toEqual({ code: 0, out: [], err: [] });
    sameBytes(whole, merged, FILES);
    sameFolder(whole, merged);
    expect(readdirSync(merged)).toEqual(
      expect.arrayContaining(['report.html', 'chart-bands.svg', 'chart-servers.svg']),
    );
  });

  it('refuses to merge an incomplete or mixed set of shards, exit 2, one line', async () => {
    const file = scenarioFile();
    const dir = tempDir();
    const s0 = join(dir, 's0');
    const s1 = join(dir, 's1');
    const other = join(dir, 'other');
    await cli('run', file, '--replications', '2', '--shard', '0/2', '--out', s0, '--quiet');
    await cli('run', file, '--replications', '2', '--shard', '1/2', '--out', s1, '--quiet');
    await cli('run', file, '--replications', '2', '--shard', '1/2', '--seed', '6', '--out', other, '--quiet');
    expect(await cli('merge', s0, '--out', join(dir, 'm1'))).toEqual({
      code: 2,
      out: [],
      err: ['merge: missing shard 1/2'],
    });
    const mixed = await cli('merge', s0, other, '--out', join(dir, 'm2'));
    expect(mixed.code).toBe(2);
    expect(mixed.err[0]).toBe(
      `${other}: a shard of another experiment than ${s0} (scenario, seed, replications or sweep differ)`,
    );
    expect((await cli('merge', s0, s1, s1, '--out', join(dir, 'm3'))).err[0]).toMatch(
      /shard 1\/2 is also in/,
    );
    expect((await cli('merge', join(dir, 'nothing'), '--out', join(dir, 'm4'))).code).toBe(2);
  });

  it('rejects bad experiment options with one line and writes nothing', async () => {
    const file = scenarioFile();
    const out = join(tempDir(), 'x');
    expect((await cli('run', file, '--replications', '0', '--out', out)).err[0]).toBe(
      '--replications: expected an integer from 1 to 1000000; received "0"',
    );
    expect((await cli('run', file, '--replications', '2', '--shard', '3/3', '--out', out)).err[0]).toBe(
      '--shard: expected i/n with n ≥ 1 and 0 ≤ i < n (i counts from 0); received "3/3"',
    );
    // --warmup sets the scenario's warmup key, checked like it.
    expect((await cli('run', file, '--replications', '2', '--warmup', '7h', '--out', out)).err[0]).toBe(
      `${file}: warmup: the warm-up is at least 0 s and shorter than the run (duration 21600s); received 25200s`,
    );
    expect((await cli('run', file, '--replications', '2', '--warmup', 'soon', '--out', out)).code).toBe(2);
    const big = await cli('run', file, '--replications', '100000', '--duration', '30d', '--out', out);
    expect(big.code).toBe(2);
    expect(big.err[0]).toMatch(
      /churny\.yaml: these 100000 runs are expected to need about [\d.]+e\d+ events/,
    );
    const bands = await cli(
      'run',
      file,
      '--replications',
      '100000',
      '--duration',
      '30d',
      '--yes',
      '--out',
      out,
    );
    expect(bands.code).toBe(2);
    expect(bands.err[0]).toMatch(
      /^--replications: 100000 replications × 4321 timeline rows × 10 columns need \d+ MiB/,
    );
    expect(() => readFileSync(join(out, 'summary.json'))).toThrow();
  });
});
