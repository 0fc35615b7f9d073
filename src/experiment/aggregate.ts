// Across-replication statistics of whole summaries, leaf by leaf, with no list of fields: a number
// becomes mean, sd, 95% Student t interval, min and max, so fields added to the Summary later are
// aggregated too. Values are visited in replication order, so results never depend on finishing order.
import { confidenceInterval } from '../stats/student-t.js';
import type { Json } from './replicate.js';

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
  ) {}

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
    for (const k of keys) out[k] = aggregateValues(values.map((v) => (isObject(v) ? v[k] : undefined)));
    return out;
  }
  const texts = present.map((v) => JSON.stringify(v));
  if (present.length === values.length && texts.every((t) => t === texts[0])) return present[0] as Json;
  if (present.every(Array.isArray))
    return {
      count: statsOf(
        present.map((a) => a.length),
        values.length,
      ),
    };
  const counts: { [value: string]: Json } = {};
  for (const v of present) {
    const key = typeof v === 'string' ? v : JSON.stringify(v);
    counts[key] = ((counts[key] as number | undefined) ?? 0) + 1;
  }
  return { counts };
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
