import { describe, expect, it } from 'vitest';
import { mser5 } from '../../src/stats/mser.js';

const repeat = (values: readonly number[]): number[] => values.flatMap((v) => [v, v, v, v, v]);

describe('MSER-5', () => {
  it('deletes the batch before a level shift (batch means 0, 10, 10, 10: MSER 75/16, 0, 0)', () => {
    expect(mser5(repeat([0, 10, 10, 10]))).toEqual({ truncate: 5, searched: 3, atEdge: false });
  });

  it('deletes nothing from a constant series', () => {
    expect(mser5(repeat([3, 3, 3, 3, 3, 3]))).toEqual({ truncate: 0, searched: 4, atEdge: false });
  });

  it('says when the minimum is at the end of the first half (a trend: 1, 2, 3, 4 gives 5/16, 2/9, 1/8)', () => {
    expect(mser5(repeat([1, 2, 3, 4]))).toEqual({ truncate: 10, searched: 3, atEdge: true });
  });

  it('averages each batch of five and drops a last partial batch', () => {
    // Batches [0,0,0,0,20] → 4 and [4,4,4,4,4] → 4, [4 × 5] → 4: constant batch means, nothing deleted.
    const series = [0, 0, 0, 0, 20, ...repeat([4, 4]), 99, 99];
    expect(mser5(series)).toEqual({ truncate: 0, searched: 2, atEdge: false });
  });

  it('needs two batches', () => {
    expect(() => mser5(repeat([1]).concat([1, 1, 1, 1]))).toThrow(
      'MSER-5 needs at least 10 observations; received 9',
    );
  });
});
