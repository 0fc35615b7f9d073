// The 95% interval of a figure's difference between two compared runs, from their replications.csv:
// paired by replication number when they share their seeds (common random numbers), else Welch's.
import type { ComparedRun } from '../../io/report/compare-table.js';
import { confidenceInterval, studentTQuantile } from '../../stats/student-t.js';
import { round9 } from '../aggregate/aggregate.js';

/**
 * The replications paired between two runs: every replication number of one run has a row in the other
 * with the same seed (common random numbers; replication k's seed depends only on the scenario seed
 * and k, so a run of 8 pairs with the first 8 of a run of 16). @returns how many pair (k = 0 to n − 1),
 * or 0 when the runs are not paired (a single run, no replications.csv, different seeds)
 */
export function pairedReplications(a: ComparedRun, b: ComparedRun): number {
  if (a.perReplication === null || b.perReplication === null) return 0;
  const n = Math.min(a.seeds.length, b.seeds.length);
  if (n < 2) return 0;
  for (let k = 0; k < n; k++) if (a.seeds[k] !== b.seeds[k]) return 0;
  return n;
}

/** True when both runs are replicated (with replications.csv) but not paired: their intervals are Welch's. */
export function unpaired(a: ComparedRun, b: ComparedRun): boolean {
  return (
    a.perReplication !== null &&
    b.perReplication !== null &&
    a.seeds.length >= 2 &&
    b.seeds.length >= 2 &&
    pairedReplications(a, b) === 0
  );
}

type Interval = { lo: number | null; hi: number | null };
const NONE: Interval = { lo: null, hi: null };

/** Student t interval of the differences of replication k of `b` and of `a`, k < n. */
function pairedInterval(a: ComparedRun, b: ComparedRun, figure: string, n: number): Interval {
  const xs = a.perReplication?.get(figure);
  const ys = b.perReplication?.get(figure);
  if (xs === undefined || ys === undefined) return NONE;
  const d: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = xs[k];
    const y = ys[k];
    if (x !== null && x !== undefined && y !== null && y !== undefined) d.push(y - x);
  }
  if (d.length < 2) return NONE;
  const ci = confidenceInterval(d);
  return { lo: round9(ci.lo), hi: round9(ci.hi) };
}

/**
 * Welch's interval of mean(b) − mean(a) from each run's replications (unequal variances, Welch–
 * Satterthwaite degrees of freedom): for runs whose replications do not pair.
 */
function welchInterval(a: ComparedRun, b: ComparedRun, figure: string): Interval {
  const xs = (a.perReplication?.get(figure) ?? []).filter((v): v is number => v !== null);
  const ys = (b.perReplication?.get(figure) ?? []).filter((v): v is number => v !== null);
  if (xs.length < 2 || ys.length < 2) return NONE;
  const stats = (v: number[]): { mean: number; q: number } => {
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const varS = v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1);
    return { mean, q: varS / v.length };
  };
  const x = stats(xs);
  const y = stats(ys);
  const d = y.mean - x.mean;
  const se2 = x.q + y.q;
  if (!(se2 > 0)) return { lo: round9(d), hi: round9(d) };
  const df = (se2 * se2) / ((x.q * x.q) / (xs.length - 1) + (y.q * y.q) / (ys.length - 1));
  const half = studentTQuantile(0.975, df) * Math.sqrt(se2);
  return { lo: round9(d - half), hi: round9(d + half) };
}

/** The interval of run `b` against the first run `a` for one figure, and which kind it is. */
export function differenceInterval(
  a: ComparedRun,
  b: ComparedRun,
  figure: string,
): Interval & { interval: 'paired' | 'unpaired' | null } {
  const n = pairedReplications(a, b);
  if (n > 0) return { ...pairedInterval(a, b, figure, n), interval: 'paired' };
  if (unpaired(a, b)) return { ...welchInterval(a, b, figure), interval: 'unpaired' };
  return { ...NONE, interval: null };
}
