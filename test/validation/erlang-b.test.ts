import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { erlangB } from '../../src/stats/erlang.js';
import { expectInside, FAMILY_LEVEL, pick, replicate, TIGHT } from './replicate.js';

// Poisson sign-ins at λ = 0.15/s, sessions of mean 100 s (A = 15 erlangs), c = 2 servers × 10 places
// = 20, no retries: an M/G/c/c loss system, whose blocking is Erlang B(20, 15) ≈ 0.0456 whatever the
// session distribution and whichever server a sign-in is sent to (every policy only refuses when all
// places are taken). Light: 20 replications of 100,000 s (≈ 15,000 sign-ins each); tight: 60 of
// 400,000 s, every balancing policy and a third session distribution. The interval comes from the
// replications (Student t, 99% for the file's checks together: Bonferroni), not from tuning; the
// seeds are fixed.
const C = 20;
const A = 15;
const REPLICATIONS = pick(20, 60);
const DURATION_S = pick(100_000, 400_000);
/** The interval must be narrower than this fraction of the closed form, or the check proves little. */
const MAX_RELATIVE_HALF_WIDTH = pick(0.1, 0.03);

function scenario(seed: number, session: Record<string, unknown>, balancing: string): unknown {
  return {
    name: 'erlang-b',
    seed,
    duration: DURATION_S,
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
      session,
      initialConnected: 15,
      balancing,
      retry: { maxAttempts: 0 },
    },
  };
}

const sessions: [string, Record<string, unknown>][] = [
  ['exponential', { dist: 'exponential', mean: 100 }],
  ['lognormal (insensitivity)', { dist: 'lognormal', mean: 100, sd: 150 }],
  ...(TIGHT
    ? ([['weibull shape 0.7 (insensitivity)', { dist: 'weibull', mean: 100, shape: 0.7 }]] as [
        string,
        Record<string, unknown>,
      ][])
    : []),
];
const policies = TIGHT
  ? ['least-connections', 'round-robin', 'random', 'power-of-two-choices']
  : ['least-connections'];
const LEVEL = 1 - (1 - FAMILY_LEVEL) / sessions.length;

describe('sign-in blocking against Erlang B', () => {
  const expected = erlangB(C, A);
  for (const [name, session] of sessions) {
    it(`matches Erlang B(${C}, ${A}) with ${name} sessions, under ${policies.join(', ')}`, () => {
      const byPolicy = policies.map((balancing) =>
        replicate(
          REPLICATIONS,
          (seed) =>
            simulate(scenarioFromObject(scenario(seed, session, balancing), 'erlang-b')).signIns.blocking,
        ),
      );
      // Same seeds, so the same sign-ins and sessions: only placement differs, and the number of
      // users connected (all that decides a refusal) does not depend on it. Equal, not just close.
      for (const values of byPolicy) expect(values).toEqual(byPolicy[0]);
      expectInside(
        `Erlang B, ${name}`,
        expected,
        byPolicy[0] ?? [],
        LEVEL,
        MAX_RELATIVE_HALF_WIDTH * expected,
      );
    });
  }
});
