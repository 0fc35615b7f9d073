// Min/max downsampling of long timelines to a bounded number of points per series, so a chart of
// 365 days at one row a minute still shows every peak and every dip (an average would hide them).

/** Points kept per series at most: two per bucket (its minimum and its maximum). */
export const DEFAULT_MAX_POINTS = 2000;

/** One downsampled series: times (s) and values, in time order. */
export interface SeriesPoints {
  readonly t: number[];
  readonly v: number[];
}

/** Rows per bucket so that `rows` rows give at most `maxPoints` points per series (2 per bucket). */
export function bucketRowsFor(rows: number, maxPoints = DEFAULT_MAX_POINTS): number {
  return Math.max(1, Math.ceil(rows / Math.max(1, Math.floor(maxPoints / 2))));
}

/**
 * Streams rows `[time, v1, v2, ...]` and keeps, for every series and every bucket of `bucketRows`
 * consecutive rows, the row with the minimum and the row with the maximum (in time order; one point
 * when they coincide). With `bucketRows = 1` every row is kept exactly.
 */
export class MinMaxDownsampler {
  readonly series: SeriesPoints[];
  private readonly minV: Float64Array;
  private readonly minT: Float64Array;
  private readonly maxV: Float64Array;
  private readonly maxT: Float64Array;
  private inBucket = 0;

  /** @param width number of value columns per row (the time column excluded). */
  constructor(
    readonly width: number,
    readonly bucketRows: number,
  ) {
    this.series = Array.from({ length: width }, () => ({ t: [], v: [] }));
    this.minV = new Float64Array(width);
    this.minT = new Float64Array(width);
    this.maxV = new Float64Array(width);
    this.maxT = new Float64Array(width);
  }

  /** Adds one row; `row[0]` is the time, `row[1 + i]` the value of series i. */
  push(row: ArrayLike<number>): void {
    const t = row[0] as number;
    const first = this.inBucket === 0;
    for (let i = 0; i < this.width; i++) {
      const v = row[i + 1] as number;
      if (first || v < (this.minV[i] as number)) {
        this.minV[i] = v;
        this.minT[i] = t;
      }
      if (first || v > (this.maxV[i] as number)) {
        this.maxV[i] = v;
        this.maxT[i] = t;
      }
    }
    if (++this.inBucket === this.bucketRows) this.flush();
  }

  /** Emits the open bucket; call once after the last row. */
  flush(): void {
    if (this.inBucket === 0) return;
    for (let i = 0; i < this.width; i++) {
      const s = this.series[i] as SeriesPoints;
      const a = this.minT[i] as number;
      const b = this.maxT[i] as number;
      const [t1, v1, t2, v2] =
        a <= b ? [a, this.minV[i], b, this.maxV[i]] : [b, this.maxV[i], a, this.minV[i]];
      s.t.push(t1);
      s.v.push(v1 as number);
      if (t2 !== t1) {
        s.t.push(t2);
        s.v.push(v2 as number);
      }
    }
    this.inBucket = 0;
  }
}
