// The cost estimate of a closed population whose refused users try every attempt at once and go off
// again: short off-times make a start-up storm of refused returns; an off-time of 0 never ends.
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/experiment/run/cost-estimate.js';
import { costProblem } from '../../src/experiment/run/cost-limits.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';

/** 200 users, none on at t = 0, coming back to two servers admitting 10 sign-ins/s each; no retry. */
const storm = (workload: object, duration = '10m'): ReturnType<typeof scenarioFromObject> =>
  scenarioFromObject(
    {
      duration,
      sampleEvery: '5m',
      topology: {
        edition: 'enterprise',
        pools: [{ name: 'p', signInRatePerServer: 10, servers: [{ name: 'a' }, { name: 'b' }] }],
      },
      workload: {
        population: 200,
        session: { dist: 'exponential', mean: '1h' },
        retry: { maxAttempts: 0 },
        ...workload,
      },
    },
    'storm.yaml',
  );

describe("the estimate of a closed population's at-once retries", () => {
  it.each([
    ['no retry, an off-time of 1 ms', storm({ offTime: { dist: 'fixed', mean: 0.001 } })],
    [
      '3 retries at once, an off-time of 1 ms',
      storm({
        offTime: { dist: 'fixed', mean: 0.001 },
        retry: { delay: { dist: 'fixed', mean: 0 }, maxAttempts: 3 },
      }),
    ],
    ['no retry, an exponential off-time of 10 ms', storm({ offTime: { dist: 'exponential', mean: 0.01 } })],
  ] as const)('counts the start-up storm of refused returns, %s: above the run, within 1.3', (_, config) => {
    // 20 seated a second of 200 back at once: the users not on, 100 on average over 10 s, each come back
    // 1,000 times a second, about 1e6 refused returns. The full buckets seat 20 more at t = 0, which the
    // estimate leaves out (safe side): the run's storm is 9 s, not 10, about 1.22 times fewer returns.
    const ratio = estimateCost(config).events / simulate(config).events_processed;
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(1.3);
  });

  it('is unbounded, never NaN, when refused users come back at the same instant: the run never ends', () => {
    const e = estimateCost(storm({ offTime: { dist: 'fixed', mean: 0 } }));
    expect(e.events).toBe(Infinity);
    expect(costProblem(e)).toMatch(
      /an unbounded number of events \(users come back or try again at the instant/,
    );
    // Above the admission limit alike: one server admitting 50 of them, no sign-in rate limit.
    const oneServer = scenarioFromObject(
      {
        duration: '10m',
        topology: {
          edition: 'enterprise',
          pools: [{ name: 'p', admissionLimitPerServer: 50, servers: [{ name: 'a' }] }],
        },
        workload: { population: 200, offTime: { dist: 'fixed', mean: 0 }, retry: { maxAttempts: 0 } },
      },
      'full.yaml',
    );
    expect(estimateCost(oneServer).events).toBe(Infinity);
  });

  it('is finite with an off-time of 0 when the full buckets seat everyone at once and the tokens keep up', () => {
    // 10 users back at t = 0 find 20 tokens; then 10 an hour sign out and come straight back.
    const config = storm({ population: 10, offTime: { dist: 'fixed', mean: 0 } });
    expect(Number.isFinite(estimateCost(config).events)).toBe(true);
    expect(simulate(config).events_processed).toBeGreaterThan(0);
  });
});
