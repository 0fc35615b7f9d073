// The capacity plan's options, evidence rows and evaluator: each candidate scenario runs replications on
// the worker pool, in batches until every target's bounds lie on one side of it (plan-judge.ts), and
// becomes one evidence row.
import type { SimConfig } from '../../model/config.js';
import type { MetricStats } from '../aggregate/aggregate.js';
import type { RunGuard } from '../run/run-guard.js';
import type { KeptDrain } from './plan-actions.js';
import { BATCH, LookLevel } from './plan-interval.js';
import { judge, type Decision } from './plan-judge.js';
import { runFigures, type RunFigures } from './plan-sample.js';
import {
  buildVariant,
  type BuiltVariant,
  type FailureWindow,
  type PlanTemplate,
  type RunSettings,
  type Variant,
} from './plan-variant.js';
import {
  eventsOf,
  replicationConfig,
  timelineHeader,
  type ReplicationResult,
  type ReplicationTask,
} from '../run/replicate.js';
import { runTasks, type ProgressFn } from '../run/task-runner.js';

/** What `plan` is asked: users, targets, failures and how to run the evaluations. */
export interface PlanOptions {
  /** Users to size for (all pools together); null = only the largest-user-count answer. */
  readonly users: number | null;
  /** Target: the worst outage's refused first sign-in attempts / first attempts within its window (plan-sample.ts). */
  readonly maxBlocking: number;
  /** Target: the worst outage's affected users lost (gave up, or not back by its window's end) / those who still wanted service. */
  readonly maxLost: number;
  /** Target: seconds any one server spends above its supported capacity, from the warm-up's end to the run's end. */
  readonly maxOverCapacityS: number;
  /** Target: the slowest outage's seconds until 95% of its affected users are back; null: reported, not judged. */
  readonly maxRehomeS: number | null;
  /** An outage's window's most and its settle (outageWindow); null keeps the template's. */
  readonly windowS: number | null;
  readonly settleS: number | null;
  /** The failed servers are restored this long after the failure; null: never. */
  readonly restoreAfterS: number | null;
  /** Active servers failed at peak (1 = N-1). */
  readonly nMinus: number;
  /** When they fail; null = the template's first server failure, else the peak of a run without one. */
  readonly failAtS: number | null;
  /** Every figure is taken after this warm-up (the scenario's `warmup`); null keeps the template's. */
  readonly warmupS: number | null;
  /** Replications each candidate starts with. */
  readonly replications: number;
  /** At most this many per candidate; still undecided then counts as a miss. */
  readonly maxReplications: number;
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
  /** Supported users per server (1.5 × the template's in the overload row). */
  readonly capacity: number;
  readonly supported: boolean;
  /** Replications run (more while its bounds straddled a target). */
  readonly replications: number;
  readonly blocking: MetricStats;
  readonly lost: MetricStats;
  /** The mean, per run, of the worst outage's affected users who still wanted service: lost's denominator. */
  readonly wanting: number;
  readonly overCapacityS: MetricStats;
  readonly overCapacityAtEnd: number;
  readonly rehomeS: MetricStats;
  /** Runs where 95% of some outage's affected users were not back within its window. */
  readonly notBack: number;
  /** Still straddling a target after maxReplications: undecided, a miss on the conservative side. */
  readonly decision: Decision;
  readonly meets: boolean;
  /** Not simulated: the same as this candidate (`4+1`), whose standbys are all that can be promoted. */
  readonly sameAs: string | null;
}

/**
 * Every candidate runs at least this long after the failure, beyond the over-capacity target, so an
 * over-capacity episode still open at the end has outlasted the target: a miss, never a pass.
 */
export const RUN_PAST_TARGET_S = 3600;

/**
 * How every candidate of a plan runs: the failure window (--window, --settle, else the template's
 * outageWindow), then exactly the window at its most and its settle, or the over-capacity target + 1 h,
 * whichever is longer, after the failure: the template's duration plays no part.
 */
export function planRunSettings(
  t: PlanTemplate,
  o: PlanOptions,
): RunSettings & { readonly window: FailureWindow } {
  const window = {
    maxS: o.windowS ?? t.config.outageWindow.maxS,
    settleS: o.settleS ?? t.config.outageWindow.settleS,
  };
  return {
    runAfterFailS: Math.max(window.maxS + window.settleS, o.maxOverCapacityS + RUN_PAST_TARGET_S),
    warmupS: o.warmupS,
    window,
    restoreAfterS: o.restoreAfterS,
  };
}

/** Runs variants (R replications each, on the worker pool) and records them as evidence. */
export class Evaluator {
  readonly evidence: EvidenceRow[] = [];
  /** Runs finished, their simulated seconds and events, over every evaluation so far. */
  private done = 0;
  private simulatedS = 0;
  private events = 0;
  /** Candidates decided (or stopped at maxReplications) so far. */
  private judged = 0;
  /** The level every look decides at. */
  private readonly level: LookLevel;
  /** The drains some candidate run keeps (BuiltVariant.drains), by server and mode. */
  readonly drains = new Map<string, KeptDrain>();
  /** The active servers of some candidate run that a drain it keeps names (BuiltVariant.activeDrained). */
  readonly activeDrained = new Set<string>();
  /** How every candidate runs: how long after the failure, its warm-up, failure window and restore. */
  readonly settings: RunSettings & { readonly window: FailureWindow };

  /** `guardOf`: the guard of each run of a candidate scenario (planGuard), so one far past its estimate stops the plan. */
  constructor(
    readonly t: PlanTemplate,
    readonly o: PlanOptions,
    private readonly guardOf: (config: SimConfig) => RunGuard,
  ) {
    this.level = new LookLevel(o);
    this.settings = planRunSettings(t, o);
  }

  /** When a candidate's run ends: `failAtS` + what it runs after the failure. */
  runEndS(failAtS: number): number {
    return failAtS + this.settings.runAfterFailS;
  }

  /**
   * Runs each variant's first `replications`, then batches of {@link BATCH} for those still undecided,
   * up to `maxReplications`; replication k of every variant has the same seed (common random numbers).
   * A variant whose `copyOf` is the index of another is not run: its row repeats that one's (same as).
   */
  async evaluate(
    variants: readonly Variant[],
    purpose: EvidenceRow['purpose'],
    copyOf: readonly (number | null)[] = [],
  ): Promise<EvidenceRow[]> {
    const built = variants.map((v) => buildVariant(this.t, v, this.settings));
    const runs: RunFigures[][] = built.map(() => []);
    let open = built.map((_, i) => i).filter((i) => (copyOf[i] ?? null) === null);
    for (const i of open) {
      for (const d of built[i]?.drains ?? []) this.drains.set(`${d.server} ${d.forced}`, d);
      for (const name of built[i]?.activeDrained ?? []) this.activeDrained.add(name);
    }
    for (let batch = this.o.replications; open.length > 0; batch = BATCH) {
      await this.runBatch(built, variants, runs, open, batch);
      const before = open.length;
      open = open.filter((i) => {
        const done = (runs[i] as []).length >= this.o.maxReplications;
        return !done && judge(runs[i] as RunFigures[], this.o, this.level).decision === 'undecided';
      });
      this.judged += before - open.length;
    }
    const rows: EvidenceRow[] = [];
    built.forEach((b, i) => {
      const same = rows[copyOf[i] ?? -1];
      rows.push(
        same === undefined
          ? this.row(b, variants[i] as Variant, runs[i] as RunFigures[], purpose)
          : { ...same, active: b.active, standby: b.standby, sameAs: `${same.active}+${same.standby}` },
      );
    });
    this.evidence.push(...rows);
    return rows;
  }

  /**
   * Runs the next `batch` replications (fewer where the maximum is near) of each open variant, adding
   * each run's figures to its `runs`; replication k of every variant has the same seed.
   */
  private async runBatch(
    built: readonly BuiltVariant[],
    variants: readonly Variant[],
    runs: RunFigures[][],
    open: readonly number[],
    batch: number,
  ): Promise<void> {
    const take = open.map((i) => Math.min(batch, this.o.maxReplications - (runs[i] as []).length));
    const tasks = open.flatMap((i, j) => {
      const config = (built[i] as BuiltVariant).config;
      const guard = this.guardOf(config);
      return Array.from({ length: take[j] as number }, (_, q) => (runs[i] as []).length + q).map((k) => ({
        index: 0,
        config: replicationConfig(config, k),
        timeline: false,
        events: false,
        warmupS: null,
        guard,
      }));
    });
    tasks.forEach((t, n) => (t.index = n));
    const results = await this.run(tasks);
    let at = 0;
    open.forEach((i, j) => {
      (runs[i] as RunFigures[]).push(
        ...results
          .slice(at, at + (take[j] as number))
          .map((r) => runFigures(r, variants[i]?.failAtS ?? 0, variants[i]?.failed ?? 0)),
      );
      at += take[j] as number;
    });
  }

  /** A variant's evidence row, judged on its runs. */
  private row(b: BuiltVariant, v: Variant, runs: RunFigures[], purpose: EvidenceRow['purpose']): EvidenceRow {
    const j = judge(runs, this.o, this.level);
    return {
      purpose,
      pool: b.config.pools[0]?.name ?? '',
      active: b.active,
      standby: b.standby,
      users: v.users,
      failed: v.failed,
      admission: b.admission,
      capacity: b.capacity,
      supported: b.supported,
      replications: runs.length,
      ...j,
      meets: j.decision === 'meets',
      sameAs: null,
    };
  }

  /**
   * Runs tasks on the worker pool. Progress counts every run of the plan so far (the peak's too) and
   * the candidates judged; its total is not known up front, so it reports those instead of a total.
   */
  private async run(tasks: ReplicationTask[]): Promise<ReplicationResult[]> {
    const { done, simulatedS, events, judged } = this;
    const onProgress: ProgressFn = (p) =>
      this.o.onProgress?.({
        done: done + p.done,
        total: done + p.total,
        simulatedS: simulatedS + p.simulatedS,
        events: events + p.events,
        judged,
        ...(p.running === undefined ? {} : { running: p.running }),
      });
    const { results } = await runTasks(tasks, { workers: this.o.workers, onProgress });
    this.done += tasks.length;
    for (const t of tasks) this.simulatedS += t.config.durationS;
    for (const r of results) this.events += eventsOf(r);
    return results;
  }

  /**
   * Time of the most connected users at or after `fromS` (the warm-up's end) in a run of pool `pool`
   * without failures (the first such sample); null when the run ends before `fromS`. The run reports
   * progress as the candidates' runs do, and counts among the plan's runs.
   */
  async peakTime(pool: number, users: number, fromS = 0): Promise<number | null> {
    const b = buildVariant(this.t, { pool, count: null, users, failed: 0, failAtS: 0 });
    const results = await this.run([
      {
        index: 0,
        config: b.config,
        timeline: true,
        events: false,
        warmupS: null,
        guard: this.guardOf(b.config),
      },
    ]);
    const tl = results[0]?.timeline ?? new Float64Array(0);
    const cols = timelineHeader(b.config).length;
    let best = -1;
    for (let r = 0; r * cols < tl.length; r++) {
      if ((tl[r * cols] as number) < fromS) continue;
      if (best < 0 || (tl[r * cols + 1] as number) > (tl[best * cols + 1] as number)) best = r;
    }
    return best < 0 ? null : (tl[best * cols] as number);
  }
}
