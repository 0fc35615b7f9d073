// Student t quantiles and confidence intervals, from the regularized incomplete beta function
// (continued fraction, Numerical Recipes §6.4) inverted by bisection: exact to ~1e-10, no tables.
import { logGamma } from '../random/distributions.js';
import { Welford } from './welford.js';

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

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
