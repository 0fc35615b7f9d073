// plan's promise, measured: a candidate whose true figure equals its target is declared to meet it at
// most 2.5% of the time per target. A bank of replications of a skewed template (refusals zero in many
// runs and bursty in the rest) is simulated once; plan decisions are then resampled from it through the
// whole sequential procedure (first batch, then batches of 5 up to 50), each target alone at the bank's
// own figure (the worst case), and the share of false "meets" must stay within 2.5% + a Monte Carlo
// margin. A zero-inflated case (most runs with none) is checked the same way, and the documented limit
// (bursts in few runs) measured. `npm run validate` only (vitest.config.ts leaves it out of npm test).
import { describe, expect, it } from 'vitest';
import { buildVariant, type PlanTemplate } from '../../src/experiment/plan/plan-variant.js';
import { decideSequentially, type Targets } from '../../src/experiment/plan/plan-judge.js';
import { runFigures, type RunFigures } from '../../src/experiment/plan/plan-sample.js';
import { replicationConfig, type ReplicationResult } from '../../src/experiment/run/replicate.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import { Rng } from '../../src/random/rng.js';
import { scenarioFromObject } from '../../src/scenario/load.js';

/** Replications in each bank, and resampled plan decisions per target. */
const BANK = 2000;
const DECISIONS = 4000;
/** 2.5% promised, plus 3 binomial standard errors of 4,000 decisions at 2.5% (0.74%), rounded up. */
const MOST_FALSE_MEETS = 0.03;
const SCHEDULE = { replications: 5, maxReplications: 50 };
const FAIL_AT_S = 3600;

/**
 * The issue's diluted template at a tenth of its size: 4 active servers of 200 + 1 standby promoted
 * 15 minutes after pc4 fails, 600 users. The failed server's 150 reconnect into the survivors' 150
 * free places, so whether anyone is refused, and how many, is decided by the arrivals in between.
 */
function template(users: number, capacity: number): PlanTemplate {
  const data = {
    name: 'skewed',
    seed: 17,
    duration: '2h',
    sampleEvery: '30m',
    outageWindow: { max: '1h' },
    topology: {
      edition: 'enterprise',
      pools: [
        {
          name: 'p',
          capacityPerServer: capacity,
          admissionLimitPerServer: 200,
          servers: [
            { name: 'pc1' },
            { name: 'pc2' },
            { name: 'pc3' },
            { name: 'pc4' },
            { name: 'pc5', role: 'standby' },
          ],
        },
      ],
    },
    workload: {
      arrivals: { rate: users / 7200 },
      session: { dist: 'exponential', mean: '2h' },
      initialConnected: users,
      reconnectDelay: { dist: 'exponential', mean: '30s' },
    },
    faults: [{ at: '1h', fail: 'pc4' }],
    failover: { promoteStandbyAfter: '15m' },
  };
  return { file: 'skewed.yaml', data, config: scenarioFromObject(data, 'skewed.yaml') };
}

/** BANK replications of the candidate 4 active + 1 standby with pc4 failed, run as plan runs it. */
function bank(t: PlanTemplate): RunFigures[] {
  const v = {
    pool: 0,
    count: '4+1',
    users: t.config.workload.initialConnected,
    failed: 1,
    failAtS: FAIL_AT_S,
  };
  const run = {
    runAfterFailS: 4500,
    warmupS: null,
    window: { maxS: 3600, settleS: 900 },
    restoreAfterS: null,
  };
  const config = buildVariant(t, v, run).config;
  return Array.from({ length: BANK }, (_, k) => {
    const summary = JSON.parse(
      JSON.stringify(simulate(replicationConfig(config, k))),
    ) as ReplicationResult['summary'];
    // The at-the-end rule only ever adds misses: left out, the bounds alone are measured.
    return { ...runFigures({ summary } as ReplicationResult, FAIL_AT_S, 1), overCapacityAtEnd: false };
  });
}

const LENIENT: Targets = { maxBlocking: 1, maxLost: 1, maxOverCapacityS: Infinity, maxRehomeS: null };
const sum = (runs: readonly RunFigures[], f: (r: RunFigures) => number): number =>
  runs.reduce((a, r) => a + f(r), 0);

/** The share of DECISIONS resampled decisions that declare "meets" with `targets`. */
function falseMeets(runs: readonly RunFigures[], targets: Targets, seed: string): number {
  const rng = new Rng(seed);
  let meets = 0;
  for (let d = 0; d < DECISIONS; d++) {
    const j = decideSequentially(
      () => runs[Math.floor(rng.next() * runs.length)] as RunFigures,
      targets,
      SCHEDULE,
    );
    if (j.decision === 'meets') meets++;
  }
  return meets / DECISIONS;
}

describe('plan keeps its promise: at most 2.5% false "meets" per target at the worst case', () => {
  it(`on a skewed template: ${BANK} replications, ${DECISIONS} resampled decisions per target`, () => {
    const runs = bank(template(600, 190));
    const withRefusals = runs.filter((r) => r.refused > 0).length;
    const truth = {
      blocking: sum(runs, (r) => r.refused) / sum(runs, (r) => r.firstAttempts),
      overCapacityS: sum(runs, (r) => r.overCapacityS) / runs.length,
    };
    // Skewed: refusals in some runs, not all, and the time over capacity right-skewed too.
    expect(withRefusals).toBeGreaterThan(BANK * 0.05);
    expect(withRefusals).toBeLessThan(BANK * 0.95);
    const blocking = falseMeets(runs, { ...LENIENT, maxBlocking: truth.blocking }, 'coverage-blocking');
    const over = falseMeets(runs, { ...LENIENT, maxOverCapacityS: truth.overCapacityS }, 'coverage-over');
    console.log(
      `plan coverage, skewed: refusals in ${withRefusals} of ${BANK} runs, blocking ${truth.blocking}: false meets ${blocking}; time over capacity ${truth.overCapacityS} s: false meets ${over}`,
    );
    expect(blocking).toBeLessThanOrEqual(MOST_FALSE_MEETS);
    expect(over).toBeLessThanOrEqual(MOST_FALSE_MEETS);
  }, 600_000);

  it('on a zero-inflated one: refusals in under half the runs, none in the rest', () => {
    const runs = bank(template(590, 200));
    const withRefusals = runs.filter((r) => r.refused > 0).length;
    const truth = sum(runs, (r) => r.refused) / sum(runs, (r) => r.firstAttempts);
    expect(withRefusals).toBeGreaterThan(BANK * 0.2);
    expect(withRefusals).toBeLessThan(BANK * 0.5);
    const blocking = falseMeets(runs, { ...LENIENT, maxBlocking: truth }, 'coverage-zero');
    console.log(
      `plan coverage, zero-inflated: refusals in ${withRefusals} of ${BANK} runs, blocking ${truth}: false meets ${blocking}`,
    );
    expect(blocking).toBeLessThanOrEqual(MOST_FALSE_MEETS);
  }, 600_000);

  it('does not keep it for rare bursts: refusals in about 1 run in 20 (the documented limit)', () => {
    // None in 10 runs meets; with refusals in a share p of runs that happens (1 − p)^10 of the time,
    // so the promise needs p above about 30%. Measured here so that a better rule shows.
    const runs = bank(template(560, 200));
    const withRefusals = runs.filter((r) => r.refused > 0).length;
    const truth = sum(runs, (r) => r.refused) / sum(runs, (r) => r.firstAttempts);
    const blocking = falseMeets(runs, { ...LENIENT, maxBlocking: truth }, 'coverage-rare');
    console.log(
      `plan coverage, rare bursts: refusals in ${withRefusals} of ${BANK} runs, blocking ${truth}: false meets ${blocking}`,
    );
    expect(withRefusals).toBeLessThan(BANK * 0.1);
    expect(blocking).toBeGreaterThan(MOST_FALSE_MEETS);
  }, 600_000);
});
