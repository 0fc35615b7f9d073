// Across-replication statistics of whole summaries, leaf by leaf, with no list of fields: a number
// becomes mean, sd, 95% Student t interval, min and max, so fields added to the Summary later are
// aggregated too; ratios with their numerator beside them are pooled, and every interval is kept
// within its quantity's range. Values are visited in replication order, so results never depend on finishing order.
import { POOL_ON_MIRROR } from '../../model/database.js';
import { confidenceInterval, studentTQuantile } from '../../stats/student-t.js';
import type { Json } from '../run/replicate.js';

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

/** Fractions (figures in [0, 1]); every other figure pchat-sim aggregates is a count, a time or a size (≥ 0), or a pool's state. */
const FRACTIONS = new Set(['blocking', 'lostFraction', 'availability', 'overCapacityAtEnd']);
/** The highest of `most` for key `k`: 1 for a fraction, the highest pool state for `endState`, else none. */
const mostOf = (k: string): number => (FRACTIONS.has(k) ? 1 : k === 'endState' ? POOL_ON_MIRROR : Infinity);
/** Ratios pooled over replications from the numerator and denominator beside them. */
const POOLED: Record<string, readonly [string, string]> = {
  blocking: ['firstRefused', 'firstAttempts'],
  lostFraction: ['lost', 'wanted'],
};

/** Key `k` of an aggregated object: a pooled ratio where it applies, every interval kept in range. */
function keyStats(
  k: string,
  agg: Aggregate,
  present: readonly { [key: string]: Json }[],
  of: number,
): Aggregate {
  const pool = POOLED[k];
  const num = (v: Json | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  const pooled =
    pool !== undefined &&
    present.every((v) => typeof v[pool[0]] === 'number' && typeof v[pool[1]] === 'number');
  const s =
    pooled && agg instanceof MetricStats
      ? ratioStats(
          present.map((v) => num(v[pool[0]])),
          present.map((v) => num(v[pool[1]])),
          of,
        )
      : agg;
  return s instanceof MetricStats ? s.clip(0, mostOf(k)) : s;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Aggregates one field across replications (`undefined` = the replication lacks it). Numbers → statistics
 * (nulls and missing values left out, counted by `n`); true/false → statistics of 1/0; objects → key by key; lists that differ between
 * replications (e.g. outages) → statistics of their length under `count`; text that differs → `counts`
 * of each value; anything equal in every replication → kept as it is.
 */
export function aggregateValues(values: readonly (Json | undefined)[]): Aggregate {
  const present = values.filter((v): v is Json => v !== undefined && v !== null);
  if (present.length === 0) return null;
  if (present.every((v) => typeof v === 'number')) return statsOf(present, values.length);
  // A yes/no figure (a server over capacity at the end): its mean is the fraction of replications where it held.
  if (present.every((v) => typeof v === 'boolean'))
    return statsOf(
      present.map((v) => (v ? 1 : 0)),
      values.length,
    );
  if (present.every(isObject)) {
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
      out[k] = keyStats(
        k,
        aggregateValues(values.map((v) => (isObject(v) ? v[k] : undefined))),
        present,
        values.length,
      );
    return out;
  }
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

/** The summary's window [from, to] in seconds (the warm-up's end and the run's end), where every figure is taken. */
export interface SummaryWindow {
  readonly from: number;
  readonly to: number;
}

/** The window of a single run's summary.json (the whole of [0, ∞) where it does not say). */
export function summaryWindow(summary: { readonly [key: string]: Json }): SummaryWindow {
  const num = (v: Json | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  return { from: num(summary['warmup_s']) ?? 0, to: num(summary['duration_s']) ?? Infinity };
}

/** Time spans within the window (at most its length): over-capacity time, recovery times, export waits. */
const SPANS = new Set(['secondsOverCapacity', 'recovery_s', 'recovery95_s', 'complianceMaxExportWait_s']);
/** The statistics of the `recovery_s` object that are times (its `count` and `unrecovered` are counts). */
const SPAN_STATS = new Set(['mean', 'p50', 'p95', 'max']);
/** Instants within the window: an outage's or an over-capacity episode's start and end. */
const INSTANTS = new Set(['start', 'end']);

/**
 * Head-counts kept within [0, a bound beside them], by the bound's key: a server's peak and connected and
 * waiting users' peak, mean and end within their `peakBound`; distinct users within `users.bound`.
 */
const BOUNDED: Readonly<Record<string, ReadonlySet<string>>> = {
  peakBound: new Set(['peak', 'mean', 'end']),
  bound: new Set(['initial', 'wanted', 'lost']),
};

/** The most figure `k` of `tree` can be when a bound beside it covers it (Infinity for a null bound). */
function boundFor(tree: { [key: string]: Aggregate }, k: string): number | undefined {
  for (const [b, figures] of Object.entries(BOUNDED)) {
    const bound = tree[b];
    if (figures.has(k) && bound !== undefined) return bound instanceof MetricStats ? bound.max : Infinity;
  }
  return undefined;
}

/**
 * `tree` with every time figure's interval kept within the window: a span within [0, to − from], an
 * instant within [from, to]; and every head-count with a bound beside it (see BOUNDED) within [0, the
 * bound] (the most users there can be in the scenario, the same in every replication; none where it
 * is null). Other intervals are already within their range (see `keyStats`).
 */
export function clipToWindow(tree: Aggregate, w: SummaryWindow, key = ''): Aggregate {
  const length = w.to - w.from;
  if (tree instanceof MetricStats) {
    if (SPANS.has(key)) return tree.clip(0, length);
    return INSTANTS.has(key) ? tree.clip(w.from, w.to) : tree;
  }
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return tree;
  const out: { [key: string]: Aggregate } = {};
  for (const [k, v] of Object.entries(tree)) {
    const span = SPANS.has(key) && v instanceof MetricStats && SPAN_STATS.has(k);
    // A head-count beside its bound (null: none) is never an instant, though one is called `end`.
    const most = v instanceof MetricStats ? boundFor(tree, k) : undefined;
    if (most !== undefined) out[k] = (v as MetricStats).clip(0, most);
    else out[k] = span ? v.clip(0, length) : clipToWindow(v, w, k);
  }
  return out;
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
