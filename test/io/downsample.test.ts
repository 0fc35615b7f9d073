import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketRowsFor, MinMaxDownsampler } from '../../src/io/charts/downsample.js';

function run(values: readonly number[], bucketRows: number): { t: number[]; v: number[] } {
  const d = new MinMaxDownsampler(1, bucketRows);
  values.forEach((v, i) => d.push([i * 60, v]));
  d.flush();
  return d.series[0] as { t: number[]; v: number[] };
}

describe('MinMaxDownsampler', () => {
  it('keeps every row when a bucket is one row', () => {
    expect(run([5, 3, 9], 1)).toEqual({ t: [0, 60, 120], v: [5, 3, 9] });
  });

  it('keeps the minimum and the maximum of each bucket in time order', () => {
    // buckets [5,3,9] [1,1,7] [4]
    expect(run([5, 3, 9, 1, 1, 7, 4], 3)).toEqual({ t: [60, 120, 180, 300, 360], v: [3, 9, 1, 7, 4] });
  });

  it('bounds a year at one row a minute to the point budget and keeps a one-minute spike', () => {
    const rows = 365 * 1440 + 1;
    const bucket = bucketRowsFor(rows, 2000);
    const d = new MinMaxDownsampler(2, bucket);
    const row = new Float64Array(3);
    for (let i = 0; i < rows; i++) {
      row[0] = i * 60;
      row[1] = 20000 + (i === 123457 ? 6667 : 0);
      row[2] = i % 2;
      d.push(row);
    }
    d.flush();
    for (const s of d.series) expect(s.t.length).toBeLessThanOrEqual(2000);
    const spike = d.series[0] as { t: number[]; v: number[] };
    expect(Math.max(...spike.v)).toBe(26667);
    expect(spike.t[spike.v.indexOf(26667)]).toBe(123457 * 60);
  });

  it('preserves the extremes, keeps time order and stays within budget (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 2, max: 400 }),
        (values, maxPoints) => {
          const s = run(values, bucketRowsFor(values.length, maxPoints));
          expect(s.t.length).toBeLessThanOrEqual(Math.max(2, maxPoints));
          expect(Math.max(...s.v)).toBe(Math.max(...values));
          expect(Math.min(...s.v)).toBe(Math.min(...values));
          for (let i = 1; i < s.t.length; i++) expect(s.t[i] as number).toBeGreaterThan(s.t[i - 1] as number);
          s.t.forEach((t, i) => expect(values[t / 60]).toBe(s.v[i]));
        },
      ),
      { numRuns: 200 },
    );
  });
});
