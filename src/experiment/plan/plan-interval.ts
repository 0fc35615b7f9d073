// The bounds plan decides on, with the run (replication) as the unit: refusals within one run come in
// bursts, so no bound treats pooled attempts as independent trials. What a target counts is zero in
// many runs and large in a few, so the upper bound has two parts: the share of runs with any (a
// Clopper–Pearson bound) times the figure in those runs (on the log scale: right-skewed), each at half
// the level; the lower bound (only a "misses" rests on it) is the log-scale bound over all runs. Every
// look decides at one level, the false-"meets" chance split over all the looks a candidate may have.
import { MetricStats } from '../aggregate/aggregate.js';
import { incompleteBeta } from '../../stats/special-functions.js';
import { studentTQuantile } from '../../stats/student-t.js';

/** The chance, per target, that a candidate at its target is declared to meet it, over all looks. */
export const FALSE_MEETS = 0.025;

/** Replications added to a candidate whose bounds still straddle a target. */
export const BATCH = 5;

/**
 * A candidate with none of what a target counts (no refusal, nobody lost, no second over capacity) in
 * every run meets that target only after this many runs (or the most it may have, if fewer): a zero in
 * few runs says little when refusals come in rare bursts. With 10 runs, a candidate that refuses
 * someone in at least 31% of its runs shows it with probability 1 − 0.69^10 ≥ 97.5%.
 */
export const ZERO_RUNS = 10;

/** How many runs a candidate starts with and may have. */
export interface Schedule {
  readonly replications: number;
  readonly maxReplications: number;
}

/** Looks a candidate may have: its first batch, then one per BATCH up to the most. */
export function looks(s: Schedule): number {
  return 1 + Math.max(0, Math.ceil((s.maxReplications - s.replications) / BATCH));
}

/**
 * The level every look decides at: one-sided FALSE_MEETS split evenly over the looks a candidate may
 * have (Bonferroni: the chance that any look's bound misses is at most FALSE_MEETS, however the looks
 * depend on each other), with the quantiles it needs computed once.
 */
export class LookLevel {
  /** One-sided level of each look. */
  readonly alpha: number;
  /** Runs needed before "none in any run" meets a target (ZERO_RUNS, or the most a candidate may have). */
  readonly zeroRuns: number;
  private readonly quantiles = new Map<string, number>();

  constructor(s: Schedule) {
    this.alpha = FALSE_MEETS / looks(s);
    this.zeroRuns = Math.min(ZERO_RUNS, s.maxReplications);
  }

  /** The (1 − a) quantile of Student's t with `df` degrees of freedom, a = alpha × `share`. */
  t(df: number, share = 1): number {
    return this.memo(`t${df}/${share}`, () => studentTQuantile(1 - this.alpha * share, df));
  }

  /** Clopper–Pearson upper bound at level alpha/2 of a share seen in `k` of `n` runs (1 when k = n). */
  share(k: number, n: number): number {
    if (k >= n) return 1;
    const q = 1 - this.alpha / 2;
    return this.memo(`p${k}/${n}`, () => {
      let [lo, hi] = [k / n, 1];
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        // P(at most k of n | mid) = 1 − I_mid(k + 1, n − k): the bound is where it falls to alpha/2.
        if (incompleteBeta(mid, k + 1, n - k) < q) lo = mid;
        else hi = mid;
      }
      return hi;
    });
  }

  private memo(key: string, f: () => number): number {
    let v = this.quantiles.get(key);
    if (v === undefined) {
      v = f();
      this.quantiles.set(key, v);
    }
    return v;
  }
}

/** Σy / Σx over the chosen runs and its delta-method relative standard error s / (√n · x̄ · R). */
function pooled(y: readonly number[], x: readonly number[]): { r: number; cv: number } {
  const n = y.length;
  const sx = x.reduce((a, b) => a + b, 0);
  const r = y.reduce((a, b) => a + b, 0) / sx;
  if (n < 2 || r === 0) return { r, cv: NaN };
  const s2 = y.reduce((a, v, i) => a + (v - r * (x[i] as number)) ** 2, 0) / (n - 1);
  return { r, cv: Math.sqrt(s2 / n) / (sx / n) / r };
}

/**
 * Bounds of the pooled ratio Σy / Σx over runs (kept within [0, `most`]). Lower: R · exp(−t·cv) over
 * all runs. Upper: the share of runs with any y (Clopper–Pearson) × their pooled ratio's log-scale
 * bound (R₊ · exp(t·cv₊), t with k − 1 degrees of freedom) × their mean x over all runs' mean x, each
 * part at alpha/2; with fewer than 2 such runs it cannot be told how large they run: Infinity. No y in
 * any run: [0, −ln(alpha) / Σx], no event in Σx independent trials, the least a zero can mean (never
 * [0, 0]); no x either: [0, 0], nothing could be refused. One run: its value, no bounds.
 */
export function ratioBounds(
  y: readonly number[],
  x: readonly number[],
  level: LookLevel,
  most = 1,
): MetricStats {
  const n = y.length;
  const sx = x.reduce((a, b) => a + b, 0);
  const per = y.map((v, i) => ((x[i] as number) > 0 ? v / (x[i] as number) : 0));
  const [sd, min, max] = [sampleSd(per), Math.min(...per), Math.max(...per)];
  const all = pooled(y, x);
  const r = sx > 0 ? all.r : 0;
  const stats = (lo: number, hi: number): MetricStats =>
    new MetricStats(n, n, n === 0 ? NaN : r, sd, lo, hi, min, max).clip(0, most);
  if (n < 2) return stats(NaN, NaN);
  if (sx === 0) return stats(0, 0);
  if (r === 0) return stats(0, -Math.log(level.alpha) / sx);
  const some = y.flatMap((v, i) => (v > 0 ? [i] : []));
  const lo = Number.isFinite(all.cv) ? r * Math.exp(-level.t(n - 1) * all.cv) : r;
  if (some.length < 2) return stats(lo, Infinity);
  const plus = pooled(
    some.map((i) => y[i] as number),
    some.map((i) => x[i] as number),
  );
  const xPlus = some.reduce((a, i) => a + (x[i] as number), 0) / some.length;
  const upper = plus.r * Math.exp(level.t(some.length - 1, 0.5) * (plus.cv || 0));
  return stats(lo, level.share(some.length, n) * upper * (xPlus / (sx / n)));
}

/**
 * Bounds of the mean of per-run values ≥ 0 (seconds), as {@link ratioBounds} with every x = 1: the
 * share of runs with any × their mean's log-scale bound. All zero: [0, 0] (a time cannot be shown to be
 * 0 otherwise; ZERO_RUNS guards the decision). One run: its value. Kept within [0, `most`].
 */
export function meanBounds(v: readonly number[], level: LookLevel, most: number): MetricStats {
  const ones = v.map(() => 1);
  const s = ratioBounds(v, ones, level, most);
  return s.mean === 0 && s.n >= 2 ? new MetricStats(s.n, s.of, 0, 0, 0, 0, s.min, s.max) : s;
}

function sampleSd(v: readonly number[]): number {
  const n = v.length;
  if (n < 2) return NaN;
  const m = v.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
}
