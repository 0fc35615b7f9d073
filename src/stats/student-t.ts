// Student t quantiles and confidence intervals, from the regularized incomplete beta function
// (special-functions.ts) inverted by bisection: exact to ~1e-10, no tables.
import { incompleteBeta } from './special-functions.js';
import { Welford } from './welford.js';

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1). */
export function studentTQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Interval {
  n: number;
  mean: number;
  sd: number;
  lo: number;
  hi: number;
  min: number;
  max: number;
}

/** Mean with a two-sided Student t confidence interval at `level` (default 95%). */
export function confidenceInterval(values: readonly number[], level = 0.95): Interval {
  const w = new Welford();
  for (const v of values) w.add(v);
  const half = w.n < 2 ? NaN : studentTQuantile(1 - (1 - level) / 2, w.n - 1) * (w.sd / Math.sqrt(w.n));
  return {
    n: w.n,
    mean: w.mean,
    sd: w.n < 2 ? NaN : w.sd,
    lo: w.mean - half,
    hi: w.mean + half,
    min: w.min,
    max: w.max,
  };
}
