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
  /** The slowest outage's seconds until 95% of its affected users are back; null: reported, not judged. */
  readonly maxRehomeS: number | null;
}

/** meets: every bound within its target; misses: one entirely beyond, or over capacity at the end. */
export type Decision = 'meets' | 'misses' | 'undecided';

/** The figures of one candidate over its runs. */
export interface Judgement {
  /** Pooled refused first attempts / first attempts. */
  readonly blocking: MetricStats;
  /** Pooled over the runs, each run's worst outage's users lost / its affected users who still wanted service. */
  readonly lost: MetricStats;
  /** The mean, per run, of the worst outage's affected users who still wanted service (lost's denominator). */
  readonly wanting: number;
  /** Per run, the most seconds any server of the pool spent over capacity. */
  readonly overCapacityS: MetricStats;
  /** Runs that ended with a server still over capacity (the time is cut by the run: a miss). */
  readonly overCapacityAtEnd: number;
  /** Per run, the slowest outage's seconds until 95% of its affected users were back (over the runs where they were). */
  readonly rehomeS: MetricStats;
  /** Runs where 95% of some outage's users were not back within its window (a miss of a --max-rehome target). */
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
  const of = (v: (r: RunFigures) => number): number[] => runs.map(v);
  const windowS = Math.max(...of((r) => r.windowS));
  const back = of((r) => r.rehomeS).filter(Number.isFinite);
  const figures: Omit<Judgement, 'decision'> = {
    blocking: ratioBounds(
      of((r) => r.refused),
      of((r) => r.firstAttempts),
      level,
    ),
    lost: ratioBounds(
      of((r) => r.lost),
      of((r) => r.wanting),
      level,
    ),
    wanting: runs.length === 0 ? 0 : of((r) => r.wanting).reduce((a, b) => a + b, 0) / runs.length,
    overCapacityS: meanBounds(
      of((r) => r.overCapacityS),
      level,
      windowS,
    ),
    overCapacityAtEnd: runs.filter((r) => r.overCapacityAtEnd).length,
    rehomeS: meanBounds(back, level, windowS),
    notBack: runs.length - back.length,
  };
  return { ...figures, decision: decide(figures, runs, t, runs.length >= level.zeroRuns) };
}

/** Meets when every target's bounds lie within it, misses when one lies beyond, else undecided. */
function decide(
  j: Omit<Judgement, 'decision'>,
  runs: readonly RunFigures[],
  t: Targets,
  enough: boolean,
): Decision {
  const none = (k: 'refused' | 'lost' | 'overCapacityS' | 'rehomeS'): boolean =>
    runs.length >= 2 && runs.every((r) => r[k] === 0);
  const sides = [
    side(j.blocking, t.maxBlocking, none('refused'), enough),
    side(j.lost, t.maxLost, none('lost'), enough),
    j.overCapacityAtEnd > 0 ? 1 : side(j.overCapacityS, t.maxOverCapacityS, none('overCapacityS'), enough),
    t.maxRehomeS === null ? -1 : j.notBack > 0 ? 1 : side(j.rehomeS, t.maxRehomeS, none('rehomeS'), enough),
  ];
  if (sides.some((x) => x === 1)) return 'misses';
  return sides.every((x) => x === -1) ? 'meets' : 'undecided';
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
