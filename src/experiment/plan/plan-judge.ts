// A plan candidate judged on its runs so far: each target's figure with the bounds the decision uses
// (plan-interval.ts), and a decision only when every bound lies on one side of its target. The same
// judgement drives the evaluator and the coverage check of npm run validate.
import type { MetricStats } from '../aggregate/aggregate.js';
import { BATCH, LookLevel, meanBounds, ratioBounds, type Schedule } from './plan-interval.js';
import type { RunFigures } from './plan-sample.js';

/** The targets a candidate is judged against. */
export interface Targets {
  readonly maxBlocking: number;
  readonly maxLost: number;
  readonly maxOverCapacityS: number;
  /** Seconds until 95% of the affected users are back; null: reported, not judged. */
  readonly maxRehomeS: number | null;
}

/** meets: every bound within its target; misses: one entirely beyond, or over capacity at the end. */
export type Decision = 'meets' | 'misses' | 'undecided';

/** The figures of one candidate over its runs. */
export interface Judgement {
  /** Pooled refused first attempts / first attempts. */
  readonly blocking: MetricStats;
  /** Pooled users lost / affected users who still wanted service. */
  readonly lost: MetricStats;
  /** The mean, per run, of the affected users who still wanted service (lost's denominator). */
  readonly wanting: number;
  /** Per run, the most seconds any server of the pool spent over capacity. */
  readonly overCapacityS: MetricStats;
  /** Runs that ended with a server still over capacity (the time is cut by the run: a miss). */
  readonly overCapacityAtEnd: number;
  /** Per run, seconds until 95% of the affected users were back (over the runs where they were). */
  readonly rehomeS: MetricStats;
  /** Runs where 95% were not back within the failure window (a miss of a --max-rehome target). */
  readonly notBack: number;
  readonly decision: Decision;
}

/**
 * Where bounds lie against a target: -1 within it, 1 beyond it, 0 straddling. One run: its value.
 * None in any run (`none`): within only after ZERO_RUNS runs (or all it may have), and a target of 0
 * is then met too (none in any run is all a 0 target can ask).
 */
function side(s: MetricStats, target: number, none: boolean, enough: boolean): number {
  if (none) return enough && (target === 0 || s.hi <= target) ? -1 : 0;
  if (s.n < 2) return s.mean <= target ? -1 : 1;
  return s.hi <= target ? -1 : s.lo > target ? 1 : 0;
}

/** Judges a candidate on its runs so far, at the level of its schedule's looks. */
export function judge(runs: readonly RunFigures[], t: Targets, level: LookLevel): Judgement {
  const enough = runs.length >= level.zeroRuns;
  const none = (v: (r: RunFigures) => number): boolean => runs.length >= 2 && runs.every((r) => v(r) === 0);
  const of = (v: (r: RunFigures) => number): number[] => runs.map(v);
  const blocking = ratioBounds(
    of((r) => r.refused),
    of((r) => r.firstAttempts),
    level,
  );
  const lost = ratioBounds(
    of((r) => r.lost),
    of((r) => r.wanting),
    level,
  );
  const windowS = Math.max(...of((r) => r.windowS));
  const overCapacityS = meanBounds(
    of((r) => r.overCapacityS),
    level,
    windowS,
  );
  const overCapacityAtEnd = runs.filter((r) => r.overCapacityAtEnd).length;
  const back = of((r) => r.rehomeS).filter(Number.isFinite);
  const rehomeS = meanBounds(back, level, windowS);
  const notBack = runs.length - back.length;
  const sides = [
    side(
      blocking,
      t.maxBlocking,
      none((r) => r.refused),
      enough,
    ),
    side(
      lost,
      t.maxLost,
      none((r) => r.lost),
      enough,
    ),
    overCapacityAtEnd > 0
      ? 1
      : side(
          overCapacityS,
          t.maxOverCapacityS,
          none((r) => r.overCapacityS),
          enough,
        ),
    t.maxRehomeS === null
      ? -1
      : notBack > 0
        ? 1
        : side(
            rehomeS,
            t.maxRehomeS,
            none((r) => r.rehomeS),
            enough,
          ),
  ];
  const decision: Decision = sides.some((x) => x === 1)
    ? 'misses'
    : sides.every((x) => x === -1)
      ? 'meets'
      : 'undecided';
  const wanting = runs.length === 0 ? 0 : of((r) => r.wanting).reduce((a, b) => a + b, 0) / runs.length;
  return { blocking, lost, wanting, overCapacityS, overCapacityAtEnd, rehomeS, notBack, decision };
}

/** Runs a candidate has after `n` at its next look, or null when `n` is its last. */
export function nextLook(n: number, schedule: Schedule): number | null {
  return n >= schedule.maxReplications ? null : Math.min(schedule.maxReplications, n + BATCH);
}

/**
 * One candidate through the whole sequential procedure: its first runs, then a batch at a time while
 * undecided, up to the maximum. `draw(k)` gives run k. What the evaluator does for many candidates at
 * once, for one (the coverage check resamples runs through it).
 */
export function decideSequentially(
  draw: (k: number) => RunFigures,
  t: Targets,
  schedule: Schedule,
  level = new LookLevel(schedule),
): Judgement & { readonly runs: number } {
  const runs: RunFigures[] = [];
  for (let n: number | null = schedule.replications; ;) {
    while (runs.length < n) runs.push(draw(runs.length));
    const j = judge(runs, t, level);
    n = j.decision === 'undecided' ? nextLook(runs.length, schedule) : null;
    if (n === null) return { ...j, runs: runs.length };
  }
}
