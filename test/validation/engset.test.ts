import { describe, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { engsetBlocking } from '../../src/stats/erlang.js';
import { expectInside, FAMILY_LEVEL, pick, replicate, TIGHT } from './replicate.js';

// A closed population of N = 40 users on c = 2 servers × 8 places = 16: each user stays signed out
// for an exponential off-time of mean 200 s, then signs in for a session of mean 100 s; a refused
// user does not retry but signs out again for a fresh off-time. That is Engset's finite-source loss
// system with a = 100 / 200 per idle user: the fraction of sign-ins refused is the Engset call
// congestion E(N = 40, c = 16, a = 0.5) ≈ 0.0885. Light: 20 replications of 100,000 s (≈ 13,000
// sign-ins each); tight: 60 of 400,000 s, plus lognormal sessions (Engset, like Erlang B, depends
// on the session distribution only through its mean). 99% Student t intervals over replications.
const N = 40;
const C = 16;
const SESSION_S = 100;
const OFF_S = 200;
const REPLICATIONS = pick(20, 60);
const DURATION_S = pick(100_000, 400_000);
const MAX_RELATIVE_HALF_WIDTH = pick(0.1, 0.03);

function scenario(seed: number, session: Record<string, unknown>): unknown {
  return {
    name: 'engset',
    seed,
    duration: DURATION_S,
    topology: {
      edition: 'enterprise',
      pools: [
        {
          name: 'p',
          capacityPerServer: 8,
          admissionLimitPerServer: 8,
          servers: [{ name: 'a' }, { name: 'b' }],
        },
      ],
    },
    workload: {
      population: N,
      offTime: { dist: 'exponential', mean: OFF_S },
      session,
      // About the stationary number connected (N·a/(1+a) ≈ 13), so the run starts near steady state.
      initialConnected: 13,
      retry: { maxAttempts: 0 },
    },
  };
}

const sessions: [string, Record<string, unknown>][] = [
  ['exponential', { dist: 'exponential', mean: SESSION_S }],
  ...(TIGHT
    ? ([['lognormal (insensitivity)', { dist: 'lognormal', mean: SESSION_S, sd: 150 }]] as [
        string,
        Record<string, unknown>,
      ][])
    : []),
];
const LEVEL = 1 - (1 - FAMILY_LEVEL) / sessions.length;

describe('sign-in blocking of a closed population against Engset', () => {
  const expected = engsetBlocking(N, C, SESSION_S / OFF_S);
  for (const [name, session] of sessions) {
    it(`matches Engset(N = ${N}, c = ${C}, a = ${SESSION_S / OFF_S}) with ${name} sessions`, () => {
      const values = replicate(
        REPLICATIONS,
        (seed) => simulate(scenarioFromObject(scenario(seed, session), 'engset')).signIns.blocking,
      );
      expectInside(`Engset, ${name} sessions`, expected, values, LEVEL, MAX_RELATIVE_HALF_WIDTH * expected);
    });
  }
});
