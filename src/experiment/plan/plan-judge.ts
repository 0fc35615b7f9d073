// A plan candidate judged on its replications: each target figure as a pooled estimate with a 95%
// interval, and a decision only when every interval lies on one side of its target.
import { ratioStats, statsOf, type MetricStats } from '../aggregate/aggregate.js';
import type { Json, ReplicationResult } from '../run/replicate.js';

/** The targets a candidate is judged against. */
export interface Targets {
  readonly maxBlocking: number;
  readonly maxLost: number;
  readonly maxOverCapacityS: number;
}

/** meets: every interval within its target; misses: one entirely beyond, or over capacity at the end. */
export type Decision = 'meets' | 'misses' | 'undecided';

/** The figures of one candidate over its replications. */
export interface Judgement {
  /** Pooled refused first attempts / first attempts. */
  readonly blocking: MetricStats;
  /** Pooled users lost / users who wanted service. */
  readonly lost: MetricStats;
  /** Per replication, the most seconds any server of the pool spent over capacity. */
  readonly overCapacityS: MetricStats;
  /** Replications that ended with a server still over capacity (the time is cut by the run: a miss). */
  readonly overCapacityAtEnd: number;
  readonly decision: Decision;
}

function section(r: ReplicationResult, name: string): { [key: string]: Json } {
  const s = r.summary[name];
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? s : {};
}

function num(v: Json | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function servers(r: ReplicationResult): { [key: string]: Json }[] {
  return Object.values(section(r, 'servers')).filter(
    (s): s is { [key: string]: Json } => typeof s === 'object' && s !== null && !Array.isArray(s),
  );
}

/** The longest window the figures are taken over (duration − warm-up): no server is over capacity longer. */
function windowS(results: readonly ReplicationResult[]): number {
  const w = results.map((r) => (num(r.summary['duration_s']) ?? NaN) - (num(r.summary['warmup_s']) ?? 0));
  return w.length > 0 && w.every(Number.isFinite) ? Math.max(...w) : Infinity;
}

/** Where an interval lies against a target: -1 within it, 1 beyond it, 0 straddling. One run: its value. */
function side(s: MetricStats, target: number): number {
  if (s.n < 2 || !Number.isFinite(s.hi)) return s.mean <= target ? -1 : 1;
  return s.hi <= target ? -1 : s.lo > target ? 1 : 0;
}

/** Judges a candidate on its replications so far. */
export function judge(results: readonly ReplicationResult[], t: Targets): Judgement {
  const signIns = results.map((r) => section(r, 'signIns'));
  const users = results.map((r) => section(r, 'users'));
  const blocking = ratioStats(
    signIns.map((s) => num(s['firstRefused'])),
    signIns.map((s) => num(s['firstAttempts'])),
  ).clip(0, 1);
  const lost = ratioStats(
    users.map((s) => num(s['lost'])),
    users.map((s) => num(s['wanted'])),
  ).clip(0, 1);
  const overCapacityS = statsOf(
    results.map((r) => Math.max(0, ...servers(r).map((s) => num(s['secondsOverCapacity']) ?? NaN))),
  ).clip(0, windowS(results));
  const overCapacityAtEnd = results.filter((r) =>
    servers(r).some((s) => s['overCapacityAtEnd'] === true),
  ).length;
  const sides = [
    side(blocking, t.maxBlocking),
    side(lost, t.maxLost),
    overCapacityAtEnd > 0 ? 1 : side(overCapacityS, t.maxOverCapacityS),
  ];
  const decision: Decision = sides.some((x) => x === 1)
    ? 'misses'
    : sides.every((x) => x === -1)
      ? 'meets'
      : 'undecided';
  return { blocking, lost, overCapacityS, overCapacityAtEnd, decision };
}
