import { describe, expect, it } from 'vitest';
import {
  LookLevel,
  looks,
  meanBounds,
  ratioBounds,
  ZERO_RUNS,
} from '../../src/experiment/plan/plan-interval.js';
import { decideSequentially, judge } from '../../src/experiment/plan/plan-judge.js';
import type { RunFigures } from '../../src/experiment/plan/plan-sample.js';
import { studentTQuantile } from '../../src/stats/student-t.js';

const LEVEL = new LookLevel({ replications: 5, maxReplications: 50 });

describe('plan bounds', () => {
  it('splits 2.5% over the looks a candidate may have', () => {
    expect(looks({ replications: 5, maxReplications: 50 })).toBe(10);
    expect(looks({ replications: 1, maxReplications: 1 })).toBe(1);
    expect(looks({ replications: 2, maxReplications: 7 })).toBe(2);
    expect(LEVEL.alpha).toBeCloseTo(0.0025, 12);
  });

  it('bounds the share of runs with any by Clopper–Pearson: none in n runs gives 1 − (alpha/2)^(1/n)', () => {
    expect(LEVEL.share(0, 10)).toBeCloseTo(1 - 0.00125 ** 0.1, 9);
    expect(LEVEL.share(10, 10)).toBe(1);
  });

  it('never bounds a zero by [0, 0]: no refusal in 10 runs of 2,000 first attempts is below −ln(alpha) / 20,000', () => {
    const s = ratioBounds(Array(10).fill(0), Array(10).fill(2000), LEVEL);
    expect([s.mean, s.lo]).toEqual([0, 0]);
    expect(s.hi).toBeCloseTo(-Math.log(0.0025) / 20000, 12);
    // Nothing attempted, nothing refused.
    expect(ratioBounds([0, 0], [0, 0], LEVEL).hi).toBe(0);
  });

  it('bounds a zero-inflated ratio by the share of runs with any times their own ratio', () => {
    // 2 of 4 runs refused 10 and 30 of 1,000: R = 40/4,000 = 1%. Among them R₊ = 2%, per-run residuals
    // −10 and +10, s² = 200, cv₊ = √(200/2) / 1,000 / 0.02 = 0.5.
    const s = ratioBounds([0, 10, 0, 30], [1000, 1000, 1000, 1000], LEVEL);
    const upper = LEVEL.share(2, 4) * 0.02 * Math.exp(studentTQuantile(1 - 0.00125, 1) * 0.5);
    expect(s.mean).toBeCloseTo(0.01, 12);
    expect(s.hi).toBeCloseTo(Math.min(1, upper), 12);
    // One run with refusals cannot tell how large they run: no upper bound.
    expect(ratioBounds([0, 10, 0, 0], [1000, 1000, 1000, 1000], LEVEL).hi).toBe(1);
  });

  it('gives identical runs their value as both bounds, and one run no bounds', () => {
    const s = ratioBounds([5, 5, 5], [100, 100, 100], LEVEL);
    expect([s.lo, s.mean, s.hi]).toEqual([0.05, 0.05, 0.05]);
    expect(Number.isNaN(ratioBounds([5], [100], LEVEL).hi)).toBe(true);
    expect(meanBounds([0, 0, 0], LEVEL, 3600).hi).toBe(0);
    expect(meanBounds([600, 600], LEVEL, 3600).lo).toBe(600);
  });
});

const run = (refused: number, over = 0): RunFigures => ({
  refused,
  firstAttempts: 1000,
  lost: 0,
  wanting: 1000,
  overCapacityS: over,
  overCapacityAtEnd: false,
  rehomeS: 60,
  windowS: 7200,
});
const TARGETS = { maxBlocking: 0.001, maxLost: 0.001, maxOverCapacityS: 0, maxRehomeS: null };

describe('plan decisions', () => {
  it(`meets on runs with none only after ${ZERO_RUNS} runs, and a 0 target then too`, () => {
    const schedule = { replications: 5, maxReplications: 50 };
    expect(judge(Array(5).fill(run(0)), TARGETS, LEVEL).decision).toBe('undecided');
    expect(judge(Array(10).fill(run(0)), TARGETS, LEVEL).decision).toBe('meets');
    const d = decideSequentially(() => run(0), TARGETS, schedule);
    expect([d.decision, d.runs]).toEqual(['meets', 10]);
    // Any time over capacity with a 0 s target misses at once.
    expect(decideSequentially(() => run(0, 1), TARGETS, schedule)).toMatchObject({
      decision: 'misses',
      runs: 5,
    });
  });

  it('reports 95% back on every row and judges it only with --max-rehome; not back within the window misses', () => {
    const runs = Array(10).fill(run(0)) as RunFigures[];
    const j = judge(runs, TARGETS, LEVEL);
    expect([j.decision, j.rehomeS.mean, j.notBack]).toEqual(['meets', 60, 0]);
    expect(judge(runs, { ...TARGETS, maxRehomeS: 120 }, LEVEL).decision).toBe('meets');
    expect(judge(runs, { ...TARGETS, maxRehomeS: 30 }, LEVEL).decision).toBe('misses');
    const late = [...runs.slice(1), { ...run(0), rehomeS: Infinity }];
    expect(judge(late, TARGETS, LEVEL)).toMatchObject({ decision: 'meets', notBack: 1 });
    expect(judge(late, { ...TARGETS, maxRehomeS: 3600 }, LEVEL).decision).toBe('misses');
  });

  it('adds batches while a bound straddles, up to the most, then stays undecided', () => {
    // Every other run refuses 1 of 1,000 (0.05% on average): its upper bound stays above a 0.05% target.
    let k = 0;
    const d = decideSequentially(
      () => run(k++ % 2),
      { ...TARGETS, maxBlocking: 0.0005 },
      { replications: 5, maxReplications: 20 },
    );
    expect([d.decision, d.runs]).toEqual(['undecided', 20]);
  });
});
