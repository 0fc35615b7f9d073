// Property: the up-front cost estimate of any valid scenario, odd values included (off-times of a
// millisecond or none, sessions of 0, retries at once or never, back-offs capped at 0 s, tiny sign-in
// rates, empty or huge populations), is a number ≥ 0 in every figure, never NaN; finite unless a
// closed population's users come back at the instant they leave, or retries without end wait 0 s.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCost, type CostEstimate } from '../../src/experiment/run/cost-estimate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { FC_SEED, validScenarioArb } from './scenario-arbitrary.js';

type Obj = Record<string, unknown>;

/** Odd but valid durations of a session or an off-time (seconds). */
const oddSpan = fc.constantFrom<Obj | undefined>(
  undefined,
  { dist: 'fixed', mean: 0.001 },
  { dist: 'exponential', mean: 0.001 },
  { dist: 'uniform', min: 0, max: 0.001 },
  { dist: 'lognormal', mean: 0.001, sd: 0.01 },
  { dist: 'weibull', mean: 1e7, shape: 0.3 },
  { dist: 'fixed', mean: 1e7 },
);

/** Odd but valid retry policies: at once, never, capped at 0 s, steep, or left as generated. */
const oddRetry = fc.constantFrom<Obj | undefined>(
  undefined,
  { maxAttempts: 0 },
  { delay: { dist: 'fixed', mean: 0 }, maxAttempts: 3 },
  { maxDelay: 0, maxAttempts: 5 },
  { backoff: 100, jitter: 0, delay: { dist: 'fixed', mean: 0.001 } },
  { backoff: 1, jitter: 0, delay: { dist: 'fixed', mean: 1e-3 }, maxAttempts: 'unlimited' },
);

const oddness = fc.record({
  session: oddSpan,
  offTime: oddSpan,
  zeroOffTime: fc.boolean(),
  retry: oddRetry,
  population: fc.constantFrom<number | undefined>(undefined, 0, 1, 1_000_000),
  poolRate: fc.constantFrom<number | undefined>(undefined, 1e-6, 1e6),
  longer: fc.constantFrom(1, 1000),
});

/** `doc` (a valid scenario) with the odd values of `o` in it, still valid. */
function odd(doc: Obj, o: typeof oddness extends fc.Arbitrary<infer T> ? T : never): Obj {
  const w = { ...(doc['workload'] as Obj) };
  if (o.session !== undefined) w['session'] = o.session;
  if (o.retry !== undefined) w['retry'] = o.retry;
  if (w['population'] !== undefined) {
    if (o.offTime !== undefined) w['offTime'] = o.offTime;
    if (o.zeroOffTime) w['offTime'] = { dist: 'fixed', mean: 0 };
    if (o.population !== undefined) {
      w['population'] = o.population;
      w['initialConnected'] = Math.min(o.population, w['initialConnected'] as number);
    }
  }
  const topology = doc['topology'] as Obj;
  const pools = (topology['pools'] as Obj[]).map((p) =>
    o.poolRate === undefined ? p : { ...p, signInRatePerPool: o.poolRate },
  );
  return {
    ...doc,
    duration: (doc['duration'] as number) * o.longer,
    sampleEvery: 60 * o.longer,
    topology: { ...topology, pools },
    workload: w,
  };
}

/** The figures of an estimate, named. */
const figures = (e: CostEstimate): [string, number][] => Object.entries(e) as [string, number][];

describe('the up-front cost estimate of odd but valid scenarios', () => {
  it('is a number ≥ 0 in every figure, and finite unless users or retries come back at the same instant', () => {
    fc.assert(
      fc.property(validScenarioArb, oddness, (doc, o) => {
        const config = scenarioFromObject(odd(doc, o), 'odd.yaml');
        const e = estimateCost(config);
        for (const [name, x] of figures(e)) expect(x, name).toBeGreaterThanOrEqual(0);
        const w = config.workload;
        const rests = w.population === null || !(w.offTime?.dist === 'fixed' && w.offTime.mean === 0);
        // Unlimited retries capped at a wait of 0 s are refused by the rules (workload-rules.ts).
        if (rests) for (const [name, x] of figures(e)) expect(Number.isFinite(x), name).toBe(true);
      }),
      { numRuns: 300, seed: FC_SEED },
    );
  });
});
