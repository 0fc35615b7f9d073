import { describe, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { expectInside, FAMILY_LEVEL, pick, replicate } from './replicate.js';

// Little's law L = λ W for the connected users: the time-average number connected equals the rate of
// accepted sign-ins times the mean session (every accepted sign-in starts one whole session). Poisson
// sign-ins at 0.2/s against 2 servers × 10 places with 100 s lognormal sessions (sd 150 s): about
// half the attempts are refused and retried (exponential 30 s, up to 3 retries), so accepted ≠ offered.
// Per replication, D = L̂ − λ̂·E[S] with L̂ = summary.connected.mean, λ̂ = accepted / duration and
// E[S] = 100 s, the configured mean (the closed-form part). The run starts empty, so the sessions cut
// by the end bias D by about −L·E[S²]/(2E[S])/T = −0.027 (light) / −0.0027 (tight), well inside the
// intervals. Light: 20 replications of 100,000 s; tight: 60 of 1,000,000 s. 99% Student t.
const SESSION_S = 100;
const REPLICATIONS = pick(20, 60);
const DURATION_S = pick(100_000, 1_000_000);
const MAX_HALF_WIDTH = pick(0.3, 0.05);

function scenario(seed: number): unknown {
  return {
    name: 'little',
    seed,
    duration: DURATION_S,
    topology: {
      edition: 'enterprise',
      pools: [{ name: 'p', capacityPerServer: 10, servers: [{ name: 'a' }, { name: 'b' }] }],
    },
    workload: {
      arrivals: { rate: 0.2 },
      session: { dist: 'lognormal', mean: SESSION_S, sd: 150 },
      retry: { delay: { dist: 'exponential', mean: 30 }, backoff: 1, maxAttempts: 3 },
    },
  };
}

describe("connected users against Little's law", () => {
  it('has a time-average of connected users equal to accepted sign-ins per second × mean session', () => {
    let sumL = 0;
    let sumLambdaW = 0;
    let refused = 0;
    const d = replicate(REPLICATIONS, (seed) => {
      const s = simulate(scenarioFromObject(scenario(seed), 'little'));
      const lambdaW = (s.signIns.accepted / s.duration_s) * SESSION_S;
      sumL += s.connected.mean;
      sumLambdaW += lambdaW;
      refused += s.signIns.denied / s.signIns.attempts;
      return s.connected.mean - lambdaW;
    });
    console.log(
      `Little: L̂ = ${(sumL / REPLICATIONS).toFixed(4)} connected on average, λ̂·E[S] = ${(sumLambdaW / REPLICATIONS).toFixed(4)}, ` +
        `${((100 * refused) / REPLICATIONS).toFixed(1)}% of attempts refused`,
    );
    expectInside('Little, L̂ − λ̂·E[S]', 0, d, FAMILY_LEVEL, MAX_HALF_WIDTH);
  });
});
