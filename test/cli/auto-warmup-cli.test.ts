// `warmup: auto` and `--warmup auto` through the commands: what run and sweep report, and what they
// and plan refuse, each in one line with exit 2 and nothing written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

/**
 * A loss system from empty (2 × 20 places, 36 erlangs), 1,000 s sampled every 10 s, written to a file:
 * `extra` lines appended, then `edit` applied to the text.
 */
function lossFile(extra = '', edit = (text: string): string => text): string {
  const file = join(tempDir(), 'loss.yaml');
  writeFileSync(
    file,
    edit(`name: loss
duration: 1000
sampleEvery: 10
topology: { edition: enterprise, pools: [ { name: p, admissionLimitPerServer: 20, servers: [ { name: a }, { name: b } ] } ] }
workload: { arrivals: { rate: 0.36 }, session: { dist: exponential, mean: 100 }, retry: { maxAttempts: 0 } }
${extra}`),
  );
  return file;
}

describe('warmup auto on the command line', () => {
  it('run --warmup auto finds the warm-up, says so, and takes every figure after it', async () => {
    const out = join(tempDir(), 'o');
    // One replication's series is noisy: a run twice as long leaves MSER-5 room.
    const r = await cli(
      'run',
      lossFile('', (t) => t.replace('duration: 1000', 'duration: 2000')),
      '--warmup',
      'auto',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { warmup_s: number };
    expect(summary.warmup_s).toBeGreaterThan(0);
    expect(r.out).toContain(
      `loss: warm-up ${summary.warmup_s} s, found by MSER-5 on a pilot pass (searched 0 to 1000 s)`,
    );
  });

  it('warns when the minimum is at the end of the range searched: the run is too short', async () => {
    // Sessions of about 28 hours over a 1,000 s run, with room for all: connected users only climb.
    const file = lossFile('warmup: auto\n', (t) =>
      t.replace('mean: 100 }', 'mean: 100000 }').replace('Server: 20,', 'Server: 20000,'),
    );
    const r = await cli('run', file, '--out', join(tempDir(), 'o'), '--quiet');
    expect(r).toEqual({
      code: 0,
      out: [],
      err: [
        "warning: loss: warmup auto: MSER-5's minimum is at the end of the range searched (500 s of 0 to 500 s): run too short to reach steady state",
      ],
    });
  });

  it('refuses a first scheduled fault that leaves too little before it, naming the key or the option', async () => {
    const file = lossFile('faults: [ { at: 100, fail: a } ]\n');
    const rule =
      'auto needs at least 20 timeline samples (4 batches of 5) to search for steady state before the first scheduled fault or action (at 100 s): lower sampleEvery or schedule the first fault later; received 10';
    const out = join(tempDir(), 'o');
    expect(await cli('run', file, '--warmup', 'auto', '--out', out)).toEqual({
      code: 2,
      out: [],
      err: [`--warmup: ${rule}`],
    });
    const keyed = lossFile('warmup: auto\nfaults: [ { at: 100, fail: a } ]\n');
    expect(await cli('run', keyed, '--replications', '2', '--out', out)).toEqual({
      code: 2,
      out: [],
      err: [`${keyed}: warmup: ${rule}`],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('plan refuses --warmup auto and a template with warmup: auto', async () => {
    const why =
      'plan judges the window after the failure it makes, not a steady state, so a warm-up found by auto is refused: give a duration (e.g. 1h) or none; received auto';
    const out = join(tempDir(), 'o');
    const file = lossFile('', (t) => t.replace('retry', 'initialConnected: 30, retry'));
    expect(await cli('plan', file, '--warmup', 'auto', '--out', out)).toEqual({
      code: 2,
      out: [],
      err: [`--warmup: ${why}`],
    });
    const keyed = lossFile('warmup: auto\n', (t) => t.replace('retry', 'initialConnected: 30, retry'));
    expect(await cli('plan', keyed, '--out', out)).toEqual({
      code: 2,
      out: [],
      err: [`${keyed}: warmup: ${why}`],
    });
    expect(existsSync(out)).toBe(false);
  });

  it('sweep --warmup auto finds each point its own warm-up', async () => {
    const out = join(tempDir(), 'o');
    const r = await cli(
      'sweep',
      lossFile(),
      '--set',
      'topology.pools[0].admissionLimitPerServer=20,40',
      '--replications',
      '2',
      '--warmup',
      'auto',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const [header, ...rows] = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    const col = (header ?? '').split(',').indexOf('warmup_s.mean');
    const found = rows.map((row) => Number(row.split(',')[col]));
    expect(found.every((d) => d > 0)).toBe(true);
    found.forEach((d, p) =>
      expect(r.out).toContain(
        `loss [topology.pools[0].admissionLimitPerServer=${p === 0 ? 20 : 40}]: warm-up ${d} s, found by MSER-5 on a pilot pass (searched 0 to 500 s)`,
      ),
    );
    expect(header).toContain('steadyState.connected.mean');
  });

  it('shards of run --replications --warmup auto find the same warm-up and merge into the unsharded files', async () => {
    const file = lossFile();
    const dir = tempDir();
    const common = ['--replications', '3', '--warmup', 'auto', '--workers', '1', '--quiet'];
    expect((await cli('run', file, ...common, '--out', join(dir, 'all'))).code).toBe(0);
    for (const i of [0, 1])
      expect((await cli('run', file, ...common, '--shard', `${i}/2`, '--out', join(dir, `s${i}`))).code).toBe(
        0,
      );
    expect(
      (await cli('merge', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'merged'), '--quiet')).code,
    ).toBe(0);
    for (const f of ['summary.json', 'timeline.csv', 'replications.csv'])
      expect(readFileSync(join(dir, 'merged', f), 'utf8'), f).toBe(readFileSync(join(dir, 'all', f), 'utf8'));
  });
});
