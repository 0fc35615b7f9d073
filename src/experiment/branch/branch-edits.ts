// What a branch's changes do to one replication's pending events at its checkpoint's instant T: steps
// re-timed from when they were set off, faults after T kept, moved, dropped or added, the next arrival
// re-drawn through the new rate, the warm-up moved, promotions scheduled where there were none.
import { UsageError } from '../../errors.js';
import type { CheckpointReplication, PendingInfo } from '../../io/checkpoint/checkpoint-header.js';
import type { FaultAction, SimConfig } from '../../model/config.js';
import * as E from '../../model/event-kinds.js';
import { PiecewiseRate } from '../../random/poisson-process.js';
import type { EventEdits } from '../run/checkpoint.js';
import type { BranchPoint } from './branch-changes.js';

const at = (t: number): string => `${Number(t.toPrecision(12))} s`;

/** The name of a pending step, for a refusal. */
function stepName(kind: number, a: number, c: SimConfig): string {
  const server = c.servers[a]?.name ?? `server ${a}`;
  const pool = c.pools[a]?.name ?? `pool ${a}`;
  switch (kind) {
    case E.EV_PROMOTE:
      return `the promotion for failed server ${server}`;
    case E.EV_DB_FAILOVER:
      return `the mirror failover of pool ${pool}'s database`;
    case E.EV_SITE_FAILOVER:
      return `the site failover of pool ${pool}`;
    case E.EV_FAILBACK_DONE:
      return `the end of pool ${pool}'s failback`;
    case E.EV_DRAIN_DEADLINE:
      return `the drain deadline of ${server}`;
    default:
      return `event kind ${kind}`;
  }
}

/** The action (drain or failback of `target` at `atS`) a pending step came from, in `c`'s list. */
function actionAt(
  c: SimConfig,
  kind: 'drain' | 'failback',
  target: number,
  atS: number,
): FaultAction | undefined {
  return c.faults.find((f) => f.kind === kind && f.target === target && f.at === atS);
}

/** How long a drain's deadline or a failback takes (NaN: no such action). */
const actionSeconds = (f: FaultAction | undefined): number =>
  f !== undefined && (f.kind === 'failback' || f.kind === 'drain') ? f.seconds : NaN;

const mirrorDelay = (c: SimConfig, p: number): number => {
  const db = c.pools[p]?.database;
  return db === undefined ? Infinity : db.witness ? db.mirrorFailoverTime : db.adminReactionTime;
};

const rates = (c: SimConfig, p: number): PiecewiseRate | null => {
  const points = c.workload.arrivals;
  const share = c.pools[p]?.userShare ?? 0;
  return points === null ? null : new PiecewiseRate(points.map((x) => ({ at: x.at, rate: x.rate * share })));
};

const sameArrivals = (a: SimConfig, b: SimConfig): boolean =>
  JSON.stringify(a.workload.arrivals) === JSON.stringify(b.workload.arrivals);

type Change = EventEdits['changes'][number];

/** Collects the edits of one replication, pending event by pending event. */
class EditCollector {
  readonly changes: Change[] = [];
  readonly added: [number, number, number, number][] = [];
  private readonly c: SimConfig;
  /** The faults after T, with their index in the point's list; `used` once a pending fault is theirs. */
  private readonly future: { readonly f: FaultAction; readonly j: number }[];
  private readonly used = new Set<number>();
  /** Pools with an arrival pending. */
  readonly pendingPools = new Set<number>();

  constructor(
    private readonly from: SimConfig,
    private readonly to: BranchPoint,
    private readonly atS: number,
    private readonly p: PendingInfo,
  ) {
    this.c = to.config;
    this.future = this.c.faults.map((f, j) => ({ f, j })).filter((x) => x.f.at > atS);
  }

  /** The edit of one pending event, if the point changes it. */
  event(time: number, kind: number, a: number, b: number): void {
    switch (kind) {
      case E.EV_PROMOTE:
        return this.promotion(a, b);
      case E.EV_DB_FAILOVER:
        return this.mirrorFailover(a, b);
      case E.EV_SITE_FAILOVER:
        return this.siteFailover(a, b);
      case E.EV_FAILBACK_DONE:
      case E.EV_DRAIN_DEADLINE:
        return this.actionEnd(kind, a, b);
      case E.EV_FAULT:
        return this.fault(time, a, b);
      case E.EV_ARRIVAL:
        return this.arrival(time, a, b);
      case E.EV_WARMUP:
        return this.warmup(a, b);
      default:
        return;
    }
  }

  /** The faults after T that no pending fault was, scheduled anew; a warm-up where there was none. */
  finish(): void {
    for (const x of this.future) if (!this.used.has(x.j)) this.added.push([x.f.at, E.EV_FAULT, x.j, 0]);
    if (this.from.warmupS === 0 && this.c.warmupS > this.atS)
      this.added.push([this.c.warmupS, E.EV_WARMUP, 0, 0]);
  }

  /** A step set off at `origin` now due at `time`. @throws UsageError when that is at or before T */
  private retime(kind: number, a: number, b: number, time: number, origin: number, setting: string): void {
    if (time <= this.atS)
      throw new UsageError(
        `${this.to.label}: ${setting} re-times ${stepName(kind, a, this.c)} (set off at ${at(origin)}) to ${at(time)}, at or before the checkpoint at ${at(this.atS)}`,
      );
    this.changes.push({ kind, a, b, time, newA: a, newB: b });
  }

  private drop(kind: number, a: number, b: number): void {
    this.changes.push({ kind, a, b, time: NaN, newA: a, newB: b });
  }

  private promotion(a: number, b: number): void {
    const after = this.c.failover.promoteStandbyAfter;
    if (after === this.from.failover.promoteStandbyAfter) return;
    const down = this.p.downAt[a] ?? NaN;
    if (after === Infinity) this.drop(E.EV_PROMOTE, a, b);
    else this.retime(E.EV_PROMOTE, a, b, down + after, down, 'failover.promoteStandbyAfter');
  }

  private mirrorFailover(a: number, b: number): void {
    const d = mirrorDelay(this.c, a);
    if (d === mirrorDelay(this.from, a)) return;
    const since = this.p.dbPendingAt[a] ?? NaN;
    this.retime(E.EV_DB_FAILOVER, a, b, since + d, since, `topology.pools[${a}].database`);
  }

  private siteFailover(a: number, b: number): void {
    const after = this.c.failover.siteAfter;
    if (after === this.from.failover.siteAfter) return;
    const since = this.p.dbPendingAt[a] ?? NaN;
    if (after === Infinity) this.drop(E.EV_SITE_FAILOVER, a, b);
    else this.retime(E.EV_SITE_FAILOVER, a, b, since + after, since, 'failover.site.after');
  }

  /** The end of a failback, or a drain's deadline: re-timed when its action's duration changed. */
  private actionEnd(kind: number, a: number, b: number): void {
    const failback = kind === E.EV_FAILBACK_DONE;
    const since = (failback ? this.p.dbPendingAt[a] : this.p.drainAt[a]) ?? NaN;
    const was = actionAt(this.from, failback ? 'failback' : 'drain', a, since);
    const now = actionAt(this.c, failback ? 'failback' : 'drain', a, since);
    if (now === undefined || actionSeconds(now) === actionSeconds(was)) return;
    const setting = failback ? 'the failback duration' : 'the drain deadline';
    this.retime(kind, a, b, since + actionSeconds(now), since, setting);
  }

  /** A pending fault: kept as the same fault after T in the point's list (moved to its index), else dropped. */
  private fault(time: number, a: number, b: number): void {
    const old = this.from.faults[a];
    const key = JSON.stringify(old);
    const match = this.future.find(
      (x) => !this.used.has(x.j) && old !== undefined && JSON.stringify(x.f) === key,
    );
    if (match === undefined) return this.drop(E.EV_FAULT, a, b);
    this.used.add(match.j);
    if (match.j !== a) this.changes.push({ kind: E.EV_FAULT, a, b, time, newA: match.j, newB: b });
  }

  /** The next arrival, by the same time change through the new rate (dropped past the run's end). */
  private arrival(time: number, a: number, b: number): void {
    this.pendingPools.add(a);
    const was = rates(this.from, a);
    const now = rates(this.c, a);
    if (was === null || now === null || sameArrivals(this.from, this.c)) return;
    const next = now.timeAfter(this.atS, was.integral(this.atS, time));
    if (next <= this.c.durationS)
      this.changes.push({ kind: E.EV_ARRIVAL, a, b, time: next, newA: a, newB: b });
    else this.drop(E.EV_ARRIVAL, a, b);
  }

  private warmup(a: number, b: number): void {
    if (this.c.warmupS === this.from.warmupS) return;
    if (this.c.warmupS > 0)
      this.changes.push({ kind: E.EV_WARMUP, a, b, time: this.c.warmupS, newA: a, newB: b });
    else this.drop(E.EV_WARMUP, a, b);
  }
}

/**
 * Promotions for the failed servers that had none, when the point now promotes.
 * @throws UsageError when one would fall at T or before
 */
function newPromotions(from: SimConfig, to: BranchPoint, atS: number, p: PendingInfo): [number, number][] {
  const c = to.config;
  const after = c.failover.promoteStandbyAfter;
  if (from.failover.promoteStandbyAfter !== Infinity || after === Infinity) return [];
  return p.unpromoted.map((s): [number, number] => {
    const down = p.downAt[s] ?? NaN;
    if (down + after <= atS)
      throw new UsageError(
        `${to.label}: failover.promoteStandbyAfter would promote in place of ${c.servers[s]?.name ?? s} (down since ${at(down)}) at ${at(down + after)}, at or before the checkpoint at ${at(atS)}`,
      );
    return [s, down + after];
  });
}

/**
 * The edits point `to` makes to one replication's pending events (`rep`, from the checkpoint of
 * `from` at `atS`): steps re-timed from when they were set off, faults after T kept, moved, dropped or
 * added, the next arrival re-drawn through the new rate by the same time change, the warm-up moved.
 * @throws UsageError when a step would move to T or before, naming it
 */
export function branchEdits(
  from: SimConfig,
  to: BranchPoint,
  atS: number,
  rep: CheckpointReplication,
): EventEdits {
  const edits = new EditCollector(from, to, atS, rep.pending);
  for (const [time, kind, a, b] of rep.pending.events) edits.event(time, kind, a, b);
  edits.finish();
  const promotions = newPromotions(from, to, atS, rep.pending);
  const arrivalsFrom = sameArrivals(from, to.config)
    ? []
    : to.config.pools.map((_, pool) => pool).filter((pool) => !edits.pendingPools.has(pool));
  return { changes: edits.changes, added: edits.added, arrivalsFrom, promotions };
}
