import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { TruncatedCount } from '../../src/random/stationary-count.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { engsetBlocking, erlangB } from '../../src/stats/erlang.js';
import { expectInside, FAMILY_LEVEL, pick, replicate } from './replicate.js';

// Short runs that start in steady state: blocking of an M/G/20/20 loss system (λ = 0.15/s, mean
// session 100 s, A = 15 erlangs, 2 servers × 10 places, no retries) must be Erlang B(20, 15) in
// expectation however short the run, when the users on at t = 0 are drawn from the stationary
// distribution (`initialConnected: stationary`), or when an empty start is followed by a warm-up that
// every summary figure leaves out. Two checks: 99% overall (Bonferroni), intervals from replications.
const C = 20;
const A = 15;
const LEVEL = 1 - (1 - FAMILY_LEVEL) / 2;

function scenario(seed: number, extra: Record<string, unknown>, initial: unknown): unknown {
  return {
    name: 'steady',
    seed,
    topology: {
      edition: 'enterprise',
      pools: [
        {
          name: 'p',
          capacityPerServer: 10,
          admissionLimitPerServer: 10,
          servers: [{ name: 'a' }, { name: 'b' }],
        },
      ],
    },
    workload: {
      arrivals: { rate: 0.15 },
      session: { dist: 'lognormal', mean: 100, sd: 150 },
      initialConnected: initial,
      retry: { maxAttempts: 0 },
    },
    ...extra,
  };
}

const blocking = (doc: unknown): number => simulate(scenarioFromObject(doc, 'steady')).signIns.blocking;

describe('steady-state starts against Erlang B', () => {
  it('draws the users on at t = 0 from Poisson(A) truncated at C, whose mean is the carried load', () => {
    const d = TruncatedCount.poisson(A, C);
    expect(d.mean).toBeCloseTo(A * (1 - erlangB(C, A)), 9);
    // Engset: 30 sources, session / off-time 1, 20 places: the carried load is a(N − mean) … checked
    // through the time-congestion identity mean = Σ n p(n) and blocking below.
    const e = TruncatedCount.engset(30, 1, 20);
    expect(e.mean).toBeGreaterThan(14);
    expect(e.mean).toBeLessThan(20);
    expect(engsetBlocking(30, 20, 1)).toBeGreaterThan(0);
  });

  it(`gives Erlang B(${C}, ${A}) on short runs with a stationary start`, () => {
    const values = replicate(pick(800, 4000), (seed) =>
      blocking(scenario(seed, { duration: 2000 }, 'stationary')),
    );
    expectInside('stationary start, 2,000 s runs', erlangB(C, A), values, LEVEL, 0.1 * erlangB(C, A));
  });

  it(`gives Erlang B(${C}, ${A}) after an empty start with a warm-up`, () => {
    const values = replicate(pick(300, 1500), (seed) =>
      blocking(scenario(seed, { duration: 5000, warmup: 1000 }, 0)),
    );
    expectInside('empty start, 1,000 s warm-up', erlangB(C, A), values, LEVEL, 0.1 * erlangB(C, A));
  });
});
