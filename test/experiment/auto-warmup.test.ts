// warmup: auto: the pilot pass, MSER-5 on its replication-averaged connected users, and the runs that
// follow with the warm-up found (the same runs: a warm-up changes what is counted, not what happens).
import { describe, expect, it } from 'vitest';
import { findWarmups, pilotSamples, withWarmup } from '../../src/experiment/run/auto-warmup.js';
import { estimateCost } from '../../src/experiment/run/cost-estimate.js';
import { replicationTasks, runReplication } from '../../src/experiment/run/replicate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { mser5 } from '../../src/stats/mser.js';

/** A loss system from empty: 2 × 20 places, 36 erlangs offered, no retries; samples every 10 s. */
function lossSystem(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'loss',
    seed: 7,
    duration: 1000,
    sampleEvery: 10,
    warmup: 'auto',
    topology: {
      edition: 'enterprise',
      pools: [{ name: 'p', admissionLimitPerServer: 20, servers: [{ name: 'a' }, { name: 'b' }] }],
    },
    workload: {
      arrivals: { rate: 0.36 },
      session: { dist: 'exponential', mean: 100 },
      retry: { maxAttempts: 0 },
    },
    ...extra,
  };
}

const load = (doc: unknown) => scenarioFromObject(doc, 'loss.yaml');

describe('warmup: auto', () => {
  it('records every sample of a run without scheduled faults, and only those before the first one', () => {
    expect(pilotSamples(load(lossSystem()), 'w')).toBe(101);
    // Samples at 0, 10, ..., 290 come before the failure at 300 s (the one at 300 counts it).
    const faulty = load(
      lossSystem({
        faults: [
          { at: 500, restore: 'a' },
          { at: 300, fail: 'a' },
        ],
      }),
    );
    expect(pilotSamples(faulty, 'w')).toBe(30);
  });

  it('refuses, in one line, a run whose first scheduled fault leaves fewer than 20 samples before it', () => {
    const early = load(lossSystem({ faults: [{ at: 150, fail: 'a' }] }));
    expect(() => pilotSamples(early, 'loss.yaml: warmup')).toThrow(
      'loss.yaml: warmup: auto needs at least 20 timeline samples (4 batches of 5) to search for steady state before the first scheduled fault or action (at 150 s): lower sampleEvery or schedule the first fault later; received 15',
    );
  });

  it('takes MSER-5 of the replication-averaged connected users, and its truncation sample as the warm-up', async () => {
    const config = load(lossSystem());
    const [found] = await findWarmups([config], 3, { workers: 1, where: 'w', confirmed: false });
    // The same three replications run to their end, their timelines read independently.
    const tasks = replicationTasks([withWarmup(config, 0)], 3, {
      timeline: true,
      events: false,
      warmupS: null,
    });
    const timelines = tasks.map((t) => runReplication(t).timeline as Float64Array);
    const cols = timelines[0]!.length / 101;
    const mean = Array.from(
      { length: 101 },
      (_, k) => timelines.reduce((a, t) => a + t[k * cols + 1]!, 0) / 3,
    );
    const m = mser5(mean);
    expect(found).toEqual({ warmupS: m.truncate * 10, searchedToS: 500, atEdge: m.atEdge, samples: 101 });
    expect(found?.warmupS).toBeGreaterThan(0);
  });

  it('changes no run: the run with the warm-up found has the timeline and events of the run without one', async () => {
    const config = load(lossSystem());
    const [found] = await findWarmups([config], 1, { workers: 1, where: 'w', confirmed: false });
    const run = (warmupS: number) =>
      runReplication(
        replicationTasks([withWarmup(config, warmupS)], 1, {
          timeline: true,
          events: true,
          warmupS: null,
        })[0]!,
      );
    const plain = run(0);
    const warmed = run(found?.warmupS ?? NaN);
    expect(warmed.timeline).toEqual(plain.timeline);
    expect(warmed.events).toEqual(plain.events);
    expect(warmed.summary['warmup_s']).toBe(found?.warmupS);
    expect(warmed.summary['signIns']).not.toEqual(plain.summary['signIns']);
  });

  it('leaves nothing to chance: a config whose warm-up was not found refuses to run', () => {
    const config = load(lossSystem());
    expect(config.warmupS).toBeNaN();
    expect(() =>
      runReplication(replicationTasks([config], 1, { timeline: false, events: false, warmupS: null })[0]!),
    ).toThrow('warmup auto must be found (a pilot run) before the run starts');
  });

  it('counts both passes in the cost estimate', () => {
    const auto = estimateCost(load(lossSystem()));
    const fixed = estimateCost(load(lossSystem({ warmup: 300 })));
    expect(auto.events).toBe(2 * fixed.events);
    expect(auto.outputBytes).toBe(fixed.outputBytes);
  });
});
