import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { erlangB } from '../../src/stats/erlang.js';
import { confidenceInterval } from '../../src/stats/student-t.js';

// Poisson sign-ins at λ = 0.15/s, sessions of mean 100 s (A = 15 erlangs), c = 2 servers × 10 places
// = 20, no retries: an M/G/c/c loss system, whose blocking is Erlang B(20, 15) ≈ 0.0456 whatever the
// session distribution. 20 independent replications of 100,000 s (≈ 15,000 sign-ins each) give a
// 99% Student t interval; the closed form must lie inside it. The interval comes from the
// replications, not from tuning; the seeds are fixed, so the check is deterministic.
const C = 20;
const A = 15;
const REPLICATIONS = 20;

function scenario(seed: number, session: Record<string, unknown>): unknown {
  return {
    name: 'erlang-b',
    seed,
    duration: 100000,
    topology: {
      edition: 'enterprise',
      pools: [{ name: 'p', capacityPerServer: 10, servers: [{ name: 'a' }, { name: 'b' }] }],
    },
    workload: {
      arrivals: { rate: 0.15 },
      session,
      initialConnected: 15,
      retry: { maxAttempts: 0 },
    },
  };
}

function blockingInterval(session: Record<string, unknown>) {
  const values = Array.from({ length: REPLICATIONS }, (_, k) => simulate(scenarioFromObject(scenario(1000 + k, session), 'erlang-b')).signIns.blocking);
  return confidenceInterval(values, 0.99);
}

describe('sign-in blocking against Erlang B', () => {
  const expected = erlangB(C, A);

  it('matches Erlang B with exponential sessions', () => {
    const ci = blockingInterval({ dist: 'exponential', mean: 100 });
    console.log(`Erlang B(${C}, ${A}) = ${expected.toFixed(5)}; exponential sessions: ${ci.mean.toFixed(5)} [${ci.lo.toFixed(5)}, ${ci.hi.toFixed(5)}] (99%)`);
    expect(expected).toBeGreaterThan(ci.lo);
    expect(expected).toBeLessThan(ci.hi);
  });

  it('matches Erlang B with lognormal sessions (insensitivity)', () => {
    const ci = blockingInterval({ dist: 'lognormal', mean: 100, sd: 150 });
    console.log(`Erlang B(${C}, ${A}) = ${expected.toFixed(5)}; lognormal sessions: ${ci.mean.toFixed(5)} [${ci.lo.toFixed(5)}, ${ci.hi.toFixed(5)}] (99%)`);
    expect(expected).toBeGreaterThan(ci.lo);
    expect(expected).toBeLessThan(ci.hi);
  });
});
