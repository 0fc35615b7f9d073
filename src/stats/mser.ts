// MSER-5 (White 1997; as recommended by Hoad, Robinson and Davies 2010): the warm-up truncation point
// of an output series that minimises the marginal standard error of the mean of what is left.

/** Observations per batch: MSER-5 works on means of 5 consecutive observations. */
export const MSER_BATCH = 5;

/** Where MSER-5 truncates a series. */
export interface MserResult {
  /** Observations to delete from the start: a multiple of {@link MSER_BATCH}. */
  readonly truncate: number;
  /** Batches searched: truncation points 0..searched − 1 batches. */
  readonly searched: number;
  /** The minimum is at the last point searched: the series may not have reached steady state. */
  readonly atEdge: boolean;
}

/**
 * MSER-5 on `series[0..n)`: batch means Z₁..Z_k of 5 observations (a last partial batch dropped), and
 * for each truncation of d batches, MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (k − d)², Z̄_d the mean of the
 * batches kept; the smallest MSER(d) over d = 0..⌊k/2⌋ (the first half only: near the end MSER
 * follows the noise of the few batches left) wins, the earliest on a tie.
 * @throws RangeError with fewer than 2 batches (10 observations).
 */
export function mser5(series: ArrayLike<number>, n = series.length): MserResult {
  const k = Math.floor(n / MSER_BATCH);
  if (k < 2) throw new RangeError(`MSER-5 needs at least ${2 * MSER_BATCH} observations; received ${n}`);
  const z = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < MSER_BATCH; i++) s += series[j * MSER_BATCH + i] as number;
    z[j] = s / MSER_BATCH;
  }
  const last = Math.floor(k / 2);
  // Suffix sums from the end, so each MSER(d) is O(1): Σ(z − z̄)² = Σz² − (Σz)²/m, centred on z's
  // overall mean first so the subtraction does not cancel.
  let centre = 0;
  for (let j = 0; j < k; j++) centre += z[j] as number;
  centre /= k;
  let sum = 0;
  let sumSq = 0;
  const mser = new Float64Array(last + 1);
  for (let j = k - 1; j >= 0; j--) {
    const y = (z[j] as number) - centre;
    sum += y;
    sumSq += y * y;
    if (j <= last) {
      const m = k - j;
      mser[j] = Math.max(0, sumSq - (sum * sum) / m) / (m * m);
    }
  }
  let best = 0;
  for (let d = 1; d <= last; d++) if ((mser[d] as number) < (mser[best] as number)) best = d;
  return { truncate: best * MSER_BATCH, searched: last + 1, atEdge: best === last && last > 0 };
}
