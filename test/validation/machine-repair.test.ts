import { beforeAll, describe, expect, it } from 'vitest';
import { ChatWorld } from '../../src/model/chat-world.js';
import { summarise } from '../../src/model/summary.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { expectInside, FAMILY_LEVEL, pick, replicate } from './replicate.js';

// Four servers and no users, each failing after an exponential up-time of mean 1000 s (MTBF) and
// repaired after an exponential 250 s (MTTR), independently (one random stream per server). Each
// server is up a fraction MTBF / (MTBF + MTTR) = 0.8 of the time, and the number of servers up is
// Binomial(4, 0.8) at a random instant. The estimate of each is time-weighted exactly: the world is
// stepped event by event and the state held between events is integrated. 9 comparisons (4 servers'
// availability, 5 probabilities) share a 99% family level (Bonferroni). Light: 20 replications of
// 200,000 s (≈ 160 failures per server); tight: 60 of 2,000,000 s.
const SERVERS = 4;
const MTBF_S = 1000;
const MTTR_S = 250;
const P_UP = MTBF_S / (MTBF_S + MTTR_S);
const REPLICATIONS = pick(20, 60);
const DURATION_S = pick(200_000, 2_000_000);
const LEVEL = 1 - (1 - FAMILY_LEVEL) / (SERVERS + SERVERS + 1);
const MAX_HALF_WIDTH = pick(0.03, 0.006);

function scenario(seed: number): unknown {
  return {
    name: 'machine-repair',
    seed,
    duration: DURATION_S,
    topology: {
      edition: 'enterprise',
      pools: [{ name: 'p', servers: Array.from({ length: SERVERS }, (_, i) => ({ name: `s${i}` })) }],
    },
    faults: [
      {
        random: {
          servers: 'all',
          mtbf: { dist: 'exponential', mean: MTBF_S },
          mttr: { dist: 'exponential', mean: MTTR_S },
        },
      },
    ],
  };
}

interface Replication {
  /** summary.servers[name].availability, per server. */
  availability: number[];
  /** Fraction of the run with k servers up, k = 0..SERVERS. */
  upFraction: number[];
}

function run(seed: number): Replication {
  const world = new ChatWorld(scenarioFromObject(scenario(seed), 'machine-repair'));
  world.start();
  const timeWithUp = new Float64Array(SERVERS + 1);
  let t = 0;
  while (t < DURATION_S) {
    const next = Math.min(world.sim.peek(), DURATION_S);
    let up = 0;
    for (let s = 0; s < world.servers.n; s++) if (world.servers.down[s] === 0) up++;
    timeWithUp[up] = (timeWithUp[up] as number) + (next - t);
    world.advanceTo(next);
    t = next;
  }
  world.finish();
  const summary = summarise(world);
  return {
    availability: Array.from({ length: SERVERS }, (_, i) => summary.servers[`s${i}`]?.availability ?? NaN),
    upFraction: Array.from(timeWithUp, (x) => x / DURATION_S),
  };
}

function binomial(n: number, k: number, p: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c * p ** k * (1 - p) ** (n - k);
}

describe('servers failing and repaired at random, against the machine-repair closed forms', () => {
  let reps: Replication[] = [];
  beforeAll(() => {
    reps = replicate(REPLICATIONS, run);
  });

  it('integrates the whole run (the fractions of time sum to 1)', () => {
    for (const r of reps) expect(r.upFraction.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it(`gives each server an availability of MTBF / (MTBF + MTTR) = ${P_UP}`, () => {
    for (let s = 0; s < SERVERS; s++) {
      expectInside(
        `availability of s${s}`,
        P_UP,
        reps.map((r) => r.availability[s] as number),
        LEVEL,
        MAX_HALF_WIDTH,
      );
    }
  });

  it(`spends Binomial(${SERVERS}, ${P_UP}) of the time with k servers up`, () => {
    for (let k = 0; k <= SERVERS; k++) {
      expectInside(
        `P(${k} servers up)`,
        binomial(SERVERS, k, P_UP),
        reps.map((r) => r.upFraction[k] as number),
        LEVEL,
        MAX_HALF_WIDTH,
      );
    }
  });
});
