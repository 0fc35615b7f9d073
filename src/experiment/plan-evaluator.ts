// The capacity plan's options, evidence rows and evaluator: each candidate scenario runs R replications
// on the worker pool and becomes one evidence row (blocking and worst seconds over capacity, as mean and
// 95% CI); a row meets the targets when the upper end of each interval does.
import { statsOf, type MetricStats } from './aggregate.js';
import { buildVariant, type PlanTemplate, type Variant } from './plan-variant.js';
import { replicationTasks, timelineHeader, type Json, type ReplicationResult } from './replicate.js';
import { runTasks, type ProgressFn } from './task-runner.js';

/** Admission per server that models the documented overload after a failure: "as many as 30,000 users" [doc]. */
export const OVERLOAD_ADMISSION = 30000;

/** What `plan` is asked: users, targets, failures and how to run the evaluations. */
export interface PlanOptions {
  /** Users to size for (all pools together); null = only the largest-user-count answer. */
  readonly users: number | null;
  /** Target: refused first sign-in attempts / first attempts. */
  readonly maxBlocking: number;
  /** Target: users who gave up or left while locked out / users who wanted service (users.lostFraction). */
  readonly maxLost: number;
  /** Target: seconds any one server spends above its supported capacity (20,000 [doc]). */
  readonly maxOverCapacityS: number;
  /** Active servers failed at peak (1 = N-1). */
  readonly nMinus: number;
  /** When they fail; null = the template's first server failure, else the peak of a run without one. */
  readonly failAtS: number | null;
  readonly replications: number;
  readonly workers: number;
  /** Users step of the largest-user-count search; null = a power of ten near 1% of the pool's admission. */
  readonly resolution: number | null;
  readonly onProgress?: ProgressFn;
}

/** One evaluated scenario. */
export interface EvidenceRow {
  readonly purpose: 'size' | 'beyond limits' | 'overload' | 'largest';
  readonly pool: string;
  readonly active: number;
  readonly standby: number;
  readonly users: number;
  readonly failed: number;
  readonly admission: number;
  readonly supported: boolean;
  readonly blocking: MetricStats;
  /** users.lostFraction per replication. */
  readonly lost: MetricStats;
  /** Per replication, the most seconds any server of the pool spent over capacity. */
  readonly overCapacityS: MetricStats;
  /** Replications that ended with a server still over capacity (the time is cut by the run: a miss). */
  readonly overCapacityAtEnd: number;
  readonly meets: boolean;
}

/** The value a target is checked against: the CI's upper end (the mean with one replication). */
export function upper(s: MetricStats): number {
  return s.n >= 2 && Number.isFinite(s.hi) ? s.hi : s.mean;
}

function num(v: Json | undefined): number {
  return typeof v === 'number' ? v : NaN;
}

/** The number at `section.key` of a run's summary, NaN if absent. */
function figure(r: ReplicationResult, section: string, key: string): number {
  const s = r.summary[section];
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? num(s[key]) : NaN;
}

/** True if some server of the run was still over capacity at its end. */
function overAtEnd(r: ReplicationResult): boolean {
  const servers = r.summary['servers'];
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) return false;
  return Object.values(servers).some(
    (s) => typeof s === 'object' && s !== null && !Array.isArray(s) && s['overCapacityAtEnd'] === true,
  );
}

/**
 * Every candidate runs at least this long after the failure, beyond the over-capacity target, so an
 * over-capacity episode still open at the end has outlasted the target: a miss, never a pass.
 */
export const RUN_PAST_TARGET_S = 3600;

/** The most seconds any server spent over capacity in one run. */
function worstOverCapacity(r: ReplicationResult): number {
  const servers = r.summary['servers'];
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) return NaN;
  return Math.max(
    0,
    ...Object.values(servers).map((s) =>
      typeof s === 'object' && s !== null && !Array.isArray(s) ? num(s['secondsOverCapacity']) : NaN,
    ),
  );
}

/** Runs variants (R replications each, on the worker pool) and records them as evidence. */
export class Evaluator {
  readonly evidence: EvidenceRow[] = [];
  private done = 0;
  private total = 0;

  constructor(
    readonly t: PlanTemplate,
    readonly o: PlanOptions,
  ) {}

  async evaluate(variants: readonly Variant[], purpose: EvidenceRow['purpose']): Promise<EvidenceRow[]> {
    const r = this.o.replications;
    const after = this.o.maxOverCapacityS + RUN_PAST_TARGET_S;
    const built = variants.map((v) => buildVariant(this.t, v, after));
    const tasks = replicationTasks(
      built.map((b) => b.config),
      r,
      { timeline: false, events: false, warmupS: null },
    );
    const offset = this.done;
    this.total += tasks.length;
    const total = this.total;
    const onProgress: ProgressFn = (p) => this.o.onProgress?.({ ...p, done: offset + p.done, total });
    const { results } = await runTasks(tasks, { workers: this.o.workers, onProgress });
    this.done += tasks.length;
    const rows = built.map((b, i): EvidenceRow => {
      const mine = results.slice(i * r, (i + 1) * r);
      const blocking = statsOf(mine.map((x) => figure(x, 'signIns', 'blocking')));
      const lost = statsOf(mine.map((x) => figure(x, 'users', 'lostFraction')));
      const overCapacityS = statsOf(mine.map(worstOverCapacity));
      const overCapacityAtEnd = mine.filter(overAtEnd).length;
      const v = variants[i] as Variant;
      const meets =
        overCapacityAtEnd === 0 &&
        upper(blocking) <= this.o.maxBlocking &&
        upper(lost) <= this.o.maxLost &&
        upper(overCapacityS) <= this.o.maxOverCapacityS;
      return {
        purpose,
        pool: b.config.pools[0]?.name ?? '',
        active: b.active,
        standby: b.standby,
        users: v.users,
        failed: v.failed,
        admission: b.admission,
        supported: b.supported,
        blocking,
        lost,
        overCapacityS,
        overCapacityAtEnd,
        meets,
      };
    });
    this.evidence.push(...rows);
    return rows;
  }

  /** Time of the most connected users in a run of pool `pool` without failures (the first such sample). */
  async peakTime(pool: number, users: number): Promise<number> {
    const b = buildVariant(this.t, { pool, count: null, users, failed: 0, failAtS: 0, admission: null });
    const { results } = await runTasks(
      [{ index: 0, config: b.config, timeline: true, events: false, warmupS: null }],
      { workers: 1 },
    );
    const tl = results[0]?.timeline ?? new Float64Array(0);
    const cols = timelineHeader(b.config).length;
    let best = 0;
    for (let r = 0; r * cols < tl.length; r++)
      if ((tl[r * cols + 1] as number) > (tl[best * cols + 1] as number)) best = r;
    return tl[best * cols] ?? 0;
  }
}
