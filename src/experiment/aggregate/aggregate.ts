// Across-replication statistics of whole summaries, leaf by leaf: a number becomes mean, sd, 95% Student
// t interval, min and max; each figure's declaration (model/figures) says whether it is a ratio pooled
// from its numerator and denominator and where its interval is kept. Values are visited in replication
// order, so results never depend on finishing order.
import { figureOf, sibling, type FigureRef } from '../../model/figures/catalogue.js';
import type { Figure } from '../../model/figures/figure.js';
import { confidenceInterval, studentTQuantile } from '../../stats/student-t.js';
import type { Json } from '../run/replicate.js';
import { keepInRange, summaryPlace, summaryWindow, UNDECLARED, type Place } from './figure-range.js';

/** Nine significant digits (as summary.json): stable, and plenty for planning. Non-finite → null. */
export function round9(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(9)) : null;
}

/** Statistics of one numeric metric across replications. */
export class MetricStats {
  constructor(
    /** Replications that reported the metric (others had none, e.g. a null or a missing key). */
    readonly n: number,
    /** Replications in all. */
    readonly of: number,
    readonly mean: number,
    readonly sd: number,
    /** 95% Student t confidence interval of the mean; NaN with fewer than two values. */
    readonly lo: number,
    readonly hi: number,
    readonly min: number,
    readonly max: number,
    /** The interval was cut to the quantity's range (below 0, or above 1 for a fraction). */
    readonly clipped = false,
  ) {}

  /** The same statistics with the interval kept within [lo, hi]. */
  clip(lo: number, hi: number): MetricStats {
    if (!(this.lo < lo || this.hi > hi)) return this;
    const a = Math.min(Math.max(this.lo, lo), hi);
    const b = Math.max(Math.min(this.hi, hi), lo);
    return new MetricStats(this.n, this.of, this.mean, this.sd, a, b, this.min, this.max, true);
  }

  /** summary.json form: `{mean, sd, ci95: [lo, hi], min, max}` (+ `n` when some replications lacked it). */
  toJSON(): Json {
    const out: { [key: string]: Json } = {
      mean: round9(this.mean),
      sd: round9(this.sd),
      ci95: [round9(this.lo), round9(this.hi)],
      min: round9(this.min),
      max: round9(this.max),
    };
    if (this.n < this.of) out['n'] = this.n;
    if (this.clipped) out['clipped'] = true;
    return out;
  }
}

/** An aggregated summary: the summary's own tree shape with statistics at the numeric leaves. */
export type Aggregate = MetricStats | Json | { [key: string]: Aggregate };

/** Mean, sd, 95% CI, min and max of `values` (in the given order), out of `of` replications. */
export function statsOf(values: readonly number[], of = values.length): MetricStats {
  const ci = confidenceInterval(values);
  return new MetricStats(
    ci.n,
    of,
    ci.n === 0 ? NaN : ci.mean,
    ci.sd,
    ci.lo,
    ci.hi,
    ci.n === 0 ? NaN : ci.min,
    ci.max === -Infinity ? NaN : ci.max,
  );
}

/**
 * A ratio pooled over replications: Σ numerator / Σ denominator, with a 95% interval that treats the
 * replications (not the attempts inside them, which are correlated) as the units: the delta method for
 * a ratio estimator, R ± t(n−1) · s / (√n · x̄), s² = Σ (yᵢ − R·xᵢ)² / (n − 1). `sd`, `min`, `max` are
 * those of the per-replication ratios. Replications with no value are left out (counted by `n`).
 */
export function ratioStats(
  numerators: readonly (number | undefined)[],
  denominators: readonly (number | undefined)[],
  of = numerators.length,
): MetricStats {
  const y: number[] = [];
  const x: number[] = [];
  numerators.forEach((v, i) => {
    const d = denominators[i];
    if (typeof v === 'number' && typeof d === 'number') [y[y.length], x[x.length]] = [v, d];
  });
  const n = y.length;
  const sx = x.reduce((a, b) => a + b, 0);
  const r = sx > 0 ? y.reduce((a, b) => a + b, 0) / sx : 0;
  const per = statsOf(y.map((v, i) => ((x[i] as number) > 0 ? v / (x[i] as number) : 0)));
  let lo = NaN;
  let hi = NaN;
  if (n >= 2 && sx > 0) {
    const s2 = y.reduce((a, v, i) => a + (v - r * (x[i] as number)) ** 2, 0) / (n - 1);
    const half = (studentTQuantile(0.975, n - 1) * Math.sqrt(s2 / n)) / (sx / n);
    [lo, hi] = [r - half, r + half];
  }
  return new MetricStats(n, of, n === 0 ? NaN : r, per.sd, lo, hi, per.min, per.max);
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Aggregates one field across replications (`undefined` = the replication lacks it). Numbers → statistics
 * (nulls and missing values left out, counted by `n`); true/false → statistics of 1/0; objects → key by key; lists that differ between
 * replications (e.g. outages) → statistics of their length under `count`; text that differs → `counts`
 * of each value; anything equal in every replication → kept as it is. `at` says which figure the values
 * are (their path in summary.json) and the summary's window: each figure's interval is kept within the
 * range its declaration gives (model/figures), a ratio pooled from its numerator and denominator.
 */
export function aggregateValues(values: readonly (Json | undefined)[], at: Place = UNDECLARED): Aggregate {
  const present = values.filter((v): v is Json => v !== undefined && v !== null);
  if (present.length === 0) return null;
  if (present.every((v) => typeof v === 'number')) return statsOf(present, values.length);
  // A yes/no figure (a server over capacity at the end): its mean is the fraction of replications where it held.
  if (present.every((v) => typeof v === 'boolean'))
    return statsOf(
      present.map((v) => (v ? 1 : 0)),
      values.length,
    );
  if (present.every(isObject)) return aggregateObjects(values, present, at);
  const texts = present.map((v) => JSON.stringify(v));
  if (present.length === values.length && texts.every((t) => t === texts[0])) return present[0] as Json;
  if (present.every(Array.isArray))
    return {
      count: statsOf(
        present.map((a) => a.length),
        values.length,
      ).clip(0, Infinity),
    };
  const counts: { [value: string]: Json } = {};
  for (const v of present) {
    const key = typeof v === 'string' ? v : JSON.stringify(v);
    counts[key] = ((counts[key] as number | undefined) ?? 0) + 1;
  }
  return { counts };
}

/**
 * A declared ratio (`signIns.blocking`) pooled over whole summaries from the numerator and denominator
 * its declaration names (see {@link ratioStats}), its interval kept within [0, 1].
 */
export function pooledRatio(ref: FigureRef, summaries: readonly unknown[]): MetricStats {
  const pool = ref.figure.pooled;
  if (pool === undefined) throw new Error(`${ref.path}: not a pooled ratio`);
  const [num, den] = pool.map((k) => sibling(ref, k));
  const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return ratioStats(
    summaries.map((s) => n(num?.at(s))),
    summaries.map((s) => n(den?.at(s))),
  ).clip(0, 1);
}

/** Whole summaries of one scenario's replications, in replication order, over the first one's window. */
export function aggregateSummaries(summaries: readonly { [key: string]: Json }[]): Aggregate {
  return aggregateValues(summaries, summaryPlace(summaryWindow(summaries[0] ?? {})));
}

/** Objects key by key (keys in first-seen order); then each figure pooled and kept within its range. */
function aggregateObjects(
  values: readonly (Json | undefined)[],
  present: readonly { [key: string]: Json }[],
  at: Place,
): Aggregate {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const v of present) {
    for (const k of Object.keys(v)) {
      if (!seen.has(k)) keys.push(k);
      seen.add(k);
    }
  }
  const out: { [key: string]: Aggregate } = {};
  for (const k of keys)
    out[k] = aggregateValues(
      values.map((v) => (isObject(v) ? v[k] : undefined)),
      at.path === null ? at : { path: [...at.path, k], window: at.window },
    );
  if (at.path === null) return out;
  for (const k of keys) {
    const figure = figureOf([...at.path, k]);
    const s = out[k];
    if (figure === undefined || !(s instanceof MetricStats)) continue;
    const bound = figure.boundBy === undefined ? undefined : out[figure.boundBy];
    // A bound is the same in every replication; null is none.
    const most = bound instanceof MetricStats ? bound.max : Infinity;
    out[k] = keepInRange(pooledStats(figure, s, present, values.length), figure, at.window, most);
  }
  return out;
}

/** A ratio whose numerator and denominator every replication has: pooled (see ratioStats); else `s`. */
function pooledStats(
  figure: Figure,
  s: MetricStats,
  present: readonly { [key: string]: Json }[],
  of: number,
): MetricStats {
  const pool = figure.pooled;
  if (pool === undefined) return s;
  const [num, den] = pool;
  if (!present.every((v) => typeof v[num] === 'number' && typeof v[den] === 'number')) return s;
  const n = (v: Json | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  return ratioStats(
    present.map((v) => n(v[num])),
    present.map((v) => n(v[den])),
    of,
  );
}

/** Every MetricStats in an aggregate, with its dotted path (`signIns.blocking`), in tree order. */
export function flattenStats(tree: Aggregate, prefix = ''): [string, MetricStats][] {
  if (tree instanceof MetricStats) return [[prefix, tree]];
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return [];
  const out: [string, MetricStats][] = [];
  for (const [k, v] of Object.entries(tree))
    out.push(...flattenStats(v, prefix === '' ? k : `${prefix}.${k}`));
  return out;
}

/** The p-quantile (0..1) of ascending `sorted` values by linear interpolation (Hyndman & Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, n - 1)] as number;
  return a + (h - lo) * (b - a);
}
