import { describe, expect, it } from 'vitest';
import {
  aggregateValues,
  flattenStats,
  MetricStats,
  quantileSorted,
} from '../../src/experiment/aggregate/aggregate.js';

describe('aggregateValues', () => {
  it('turns numbers into mean, sd, Student t 95% interval, min and max', () => {
    const s = aggregateValues([1, 2, 3]);
    expect(s).toBeInstanceOf(MetricStats);
    // mean 2, sd 1, t(0.975, 2) = 4.302653: half-width 4.302653 / sqrt(3) = 2.484138.
    expect(JSON.parse(JSON.stringify(s))).toEqual({
      mean: 2,
      sd: 1,
      ci95: [-0.484137712, 4.48413771],
      min: 1,
      max: 3,
    });
  });

  it('turns a yes/no figure into the fraction of replications where it held', () => {
    const s = aggregateValues([true, false, true, true]);
    expect(s).toBeInstanceOf(MetricStats);
    expect((s as MetricStats).mean).toBe(0.75);
    expect((aggregateValues([true, true]) as MetricStats).mean).toBe(1);
  });

  it('aggregates nested objects key by key, keeping the tree and text that never changes', () => {
    const a = aggregateValues([
      { pool: 'p', signIns: { blocking: 0.1 } },
      { pool: 'p', signIns: { blocking: 0.3 } },
    ]) as Record<string, unknown>;
    expect(a['pool']).toBe('p');
    const flat = flattenStats(a as never);
    expect(flat.map(([k]) => k)).toEqual(['signIns.blocking']);
    expect(flat[0]?.[1].mean).toBeCloseTo(0.2, 12);
  });

  it('leaves out nulls and missing keys and says how many replications had the metric', () => {
    const s = JSON.parse(
      JSON.stringify(aggregateValues([{ r: { mean: 10 } }, { r: { mean: null } }, { r: { mean: 20 } }, {}])),
    );
    expect(s.r.mean).toMatchObject({ mean: 15, min: 10, max: 20, n: 2 });
  });

  it('counts text that differs and summarises lists that differ by their length', () => {
    const a = JSON.parse(
      JSON.stringify(
        aggregateValues([
          { role: 'active', outages: [1] },
          { role: 'standby', outages: [1, 2, 3] },
          { role: 'active', outages: [] },
        ]),
      ),
    );
    expect(a.role).toEqual({ counts: { active: 2, standby: 1 } });
    expect(a.outages.count).toMatchObject({ mean: 1.33333333, min: 0, max: 3 });
  });

  it('gives no interval with one replication', () => {
    expect(JSON.parse(JSON.stringify(aggregateValues([5])))).toEqual({
      mean: 5,
      sd: null,
      ci95: [null, null],
      min: 5,
      max: 5,
    });
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    const v = [10, 20, 30, 40, 50];
    expect(quantileSorted(v, 0)).toBe(10);
    expect(quantileSorted(v, 1)).toBe(50);
    expect(quantileSorted(v, 0.05)).toBeCloseTo(12, 12); // h = 4 × 0.05 = 0.2
    expect(quantileSorted(v, 0.95)).toBeCloseTo(48, 12);
    expect(quantileSorted([7], 0.95)).toBe(7);
  });
});
