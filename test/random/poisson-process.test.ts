// PiecewiseRate: exact time-change arrivals on hand-computed cases, counts per period and per
// segment within 4 Poisson standard errors (4·√expected), and no arrival in a rate-0 segment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/errors.js';
import { PiecewiseRate, type RatePoint } from '../../src/random/poisson-process.js';
import { Rng } from '../../src/random/rng.js';

/** A stream whose nextOpen() always returns exp(−e), so each arrival uses Exp(1) draw e. */
class FixedExpRng extends Rng {
  constructor(private readonly e: number) {
    super('unused');
  }
  override nextOpen(): number {
    return Math.exp(-this.e);
  }
}

/** Counts arrivals in [0, horizon) per segment of `segments` (sorted starts within the period). */
function countArrivals(p: PiecewiseRate, rng: Rng, horizon: number, segments: readonly number[]): number[] {
  const counts = segments.map(() => 0);
  let t = p.nextArrival(0, rng);
  while (t < horizon) {
    if (!(p.rateAt(t) > 0)) expect.fail(`arrival at ${t} falls in a rate-0 segment`);
    const tau = t % p.periodS;
    let s = segments.length - 1;
    while ((segments[s] as number) > tau) s--;
    counts[s] = (counts[s] as number) + 1;
    t = p.nextArrival(t, rng);
  }
  return counts;
}

function expectPoissonCount(count: number, expected: number): void {
  expect(Math.abs(count - expected)).toBeLessThan(4 * Math.sqrt(expected));
}

describe('PiecewiseRate', () => {
  // Period 40 s: rate 0 on [0,10), 1/s on [10,20), 0 on [20,30), 2/s on [30,40): 30 per period.
  const profile: RatePoint[] = [
    { at: 0, rate: 0 },
    { at: 10, rate: 1 },
    { at: 20, rate: 0 },
    { at: 30, rate: 2 },
  ];

  it('inverts the integrated rate exactly, skipping rate-0 segments', () => {
    const p = new PiecewiseRate(profile, 40);
    expect(p.nextArrival(5, new FixedExpRng(4))).toBeCloseTo(14, 12);
    expect(p.nextArrival(5, new FixedExpRng(15))).toBeCloseTo(32.5, 12);
    expect(p.nextArrival(25, new FixedExpRng(1))).toBeCloseTo(30.5, 12);
  });

  it('skips whole periods when the draw exceeds a period’s integral', () => {
    // From 5: 30 to reach 40, then 60 for two whole periods to 120, then 10 + 2.5·2 to 152.5.
    const p = new PiecewiseRate(profile, 40);
    expect(p.nextArrival(5, new FixedExpRng(105))).toBeCloseTo(152.5, 10);
    expect(p.nextArrival(1e6 + 5, new FixedExpRng(105))).toBeCloseTo(1e6 + 152.5, 6);
  });

  it('reports the rate in force and the mean rate', () => {
    const p = new PiecewiseRate(profile, 40);
    expect([p.rateAt(0), p.rateAt(10), p.rateAt(19.9), p.rateAt(35), p.rateAt(-5), p.rateAt(415)]).toEqual([
      0, 1, 1, 2, 2, 1,
    ]);
    expect(p.meanRatePerS).toBe(30 / 40);
    expect(p.periodS).toBe(40);
  });

  it('wraps the last rate around to time 0 when the first point is after 0', () => {
    const p = new PiecewiseRate([
      { at: 8 * 3600, rate: 0.02 },
      { at: 18 * 3600, rate: 0.005 },
    ]);
    expect(p.periodS).toBe(86_400);
    expect([p.rateAt(0), p.rateAt(8 * 3600), p.rateAt(86_399)]).toEqual([0.005, 0.02, 0.005]);
    expect(p.meanRatePerS).toBeCloseTo((0.005 * 14 * 3600 + 0.02 * 10 * 3600) / 86_400, 15);
  });

  it('produces ∫rate arrivals over many periods, per segment, within 4 standard errors', () => {
    const p = new PiecewiseRate(profile, 40);
    const periods = 7_000; // 210,000 expected arrivals
    const counts = countArrivals(p, new Rng('count'), periods * 40, [0, 10, 20, 30]);
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expectPoissonCount(counts[1] as number, periods * 10);
    expectPoissonCount(counts[3] as number, periods * 20);
  });

  it('produces the expected daily count with a wrapped profile', () => {
    const p = new PiecewiseRate([
      { at: 8 * 3600, rate: 0.02 },
      { at: 18 * 3600, rate: 0.005 },
    ]);
    const days = 200; // 972 expected per day: 194,400 in all
    const counts = countArrivals(p, new Rng('daily'), days * 86_400, [0, 8 * 3600, 18 * 3600]);
    expectPoissonCount(counts[0] as number, days * 0.005 * 8 * 3600);
    expectPoissonCount(counts[1] as number, days * 0.02 * 10 * 3600);
    expectPoissonCount(counts[2] as number, days * 0.005 * 6 * 3600);
  });

  it('has mean interarrival 1/rate at a constant rate (within 4·σ/√n, n = 200,000)', () => {
    const rate = 2.5;
    const p = new PiecewiseRate([{ at: 0, rate }]);
    const rng = new Rng('constant');
    const n = 200_000;
    let t = 0;
    for (let i = 0; i < n; i++) t = p.nextArrival(t, rng);
    expect(Math.abs(t / n - 1 / rate)).toBeLessThan((4 * (1 / rate)) / Math.sqrt(n));
  });

  it('never places an arrival before now or in a rate-0 segment', () => {
    const profileArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 6 })
      .chain((ats) =>
        fc.tuple(
          fc.constant([...ats].sort((a, b) => a - b)),
          fc.array(fc.constantFrom(0, 0, 1e-4, 0.3, 7), { minLength: ats.length, maxLength: ats.length }),
        ),
      );
    fc.assert(
      fc.property(
        profileArb,
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.string(),
        ([ats, rates], now, seed) => {
          const p = new PiecewiseRate(
            ats.map((at, i) => ({ at, rate: rates[i] as number })),
            100,
          );
          const rng = new Rng(seed);
          let t = now;
          for (let i = 0; i < 20; i++) {
            const next = p.nextArrival(t, rng);
            if (p.meanRatePerS === 0) {
              expect(next).toBe(Infinity);
              return;
            }
            expect(next).toBeGreaterThanOrEqual(t);
            expect(p.rateAt(next)).toBeGreaterThan(0);
            t = next;
          }
        },
      ),
    );
  });

  it('returns Infinity when the rate is 0 everywhere', () => {
    const p = new PiecewiseRate([
      { at: 0, rate: 0 },
      { at: 100, rate: 0 },
    ]);
    expect(p.nextArrival(0, new Rng('zero'))).toBe(Infinity);
    expect(p.meanRatePerS).toBe(0);
  });

  it('throws EngineError on malformed points or period', () => {
    const bad: [RatePoint[], number][] = [
      [[], 100],
      [[{ at: 0, rate: 1 }], 0],
      [[{ at: 0, rate: -1 }], 100],
      [[{ at: 0, rate: NaN }], 100],
      [[{ at: 100, rate: 1 }], 100],
      [
        [
          { at: 10, rate: 1 },
          { at: 10, rate: 2 },
        ],
        100,
      ],
      [
        [
          { at: 20, rate: 1 },
          { at: 10, rate: 2 },
        ],
        100,
      ],
    ];
    for (const [points, period] of bad) expect(() => new PiecewiseRate(points, period)).toThrow(EngineError);
  });
});
