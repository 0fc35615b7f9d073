import { describe, expect, it } from 'vitest';
import { engsetBlocking, erlangB } from '../../src/stats/erlang.js';
import { confidenceInterval, studentTQuantile } from '../../src/stats/student-t.js';
import { Welford } from '../../src/stats/welford.js';

describe('statistics', () => {
  it('matches published Student t quantiles', () => {
    // Two-sided 95% critical values: df 1 → 12.706, 4 → 2.776, 9 → 2.262, 29 → 2.045, 99 → 1.984.
    for (const [df, t] of [
      [1, 12.7062],
      [4, 2.7764],
      [9, 2.2622],
      [29, 2.0452],
      [99, 1.9842],
    ] as const) {
      expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    }
    expect(studentTQuantile(0.995, 9)).toBeCloseTo(3.2498, 3);
  });

  it('computes mean and sample variance in one pass', () => {
    const w = new Welford();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) w.add(x);
    expect(w.mean).toBe(5);
    expect(w.variance).toBeCloseTo(32 / 7, 12);
    expect([w.min, w.max]).toEqual([2, 9]);
  });

  it('builds a t interval around the mean', () => {
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.hi - ci.mean).toBeCloseTo(2.7764 * Math.sqrt(2.5 / 5), 3);
  });

  it('matches Erlang B table values', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    expect(erlangB(10, 5)).toBeCloseTo(0.018384, 5);
    expect(erlangB(20, 15)).toBeCloseTo(0.04556, 4);
  });

  it('computes Engset blocking, approaching Erlang B for many sources', () => {
    // 2 sources, 1 place, a = 1: an attempt finds the other source busy with probability a/(1+a).
    expect(engsetBlocking(2, 1, 1)).toBeCloseTo(0.5, 12);
    expect(engsetBlocking(100000, 10, 5 / 100000)).toBeCloseTo(erlangB(10, 5), 4);
    expect(engsetBlocking(5, 5, 1)).toBe(0);
  });
});
