// What a branch may change from its checkpoint's instant T, and what its changes do to the world's
// pending events. Only what acts after T may change: faults and actions after T (added, moved,
// removed), failover and failback settings, the retry policy, sign-in and admission limits, arrival
// rates and profiles (from T on), the durations of steps still pending, and the failure window of
// outages that begin after T. The past (the topology's
// servers, the users on at t = 0, the seed, faults at or before T) is refused, one line naming the
// key and T; so is a change that would re-time a pending event to T or before.
import { UsageError } from '../../errors.js';
import type { CheckpointReplication } from '../../io/checkpoint/checkpoint-header.js';
import type { FaultAction, SimConfig } from '../../model/config.js';
import * as E from '../../model/event-kinds.js';
import { PiecewiseRate } from '../../random/poisson-process.js';
import { parseDuration } from '../../scenario/duration.js';
import { scenarioFromObject } from '../../scenario/load.js';
import type { EventEdits } from '../run/checkpoint.js';
import type { Json } from '../run/replicate.js';
import { applyPoint, pointLabel, type SweepAxis } from '../sweep/sweep-spec.js';

/** The value that removes a fault or action: `--set faults[2]=none`. */
export const REMOVE = 'none';

type Path = readonly (string | number)[];
const LISTS = ['faults', 'actions'];
const isList = (p: Path): boolean => LISTS.includes(String(p[0])) && typeof p[1] === 'number';
const poolKey = (p: Path, keys: readonly string[]): boolean =>
  p[0] === 'topology' &&
  p[1] === 'pools' &&
  typeof p[2] === 'number' &&
  p.length === 4 &&
  keys.includes(String(p[3]));
const dbKey = (p: Path): boolean =>
  p[0] === 'topology' &&
  p[1] === 'pools' &&
  typeof p[2] === 'number' &&
  p[3] === 'database' &&
  p.length === 5 &&
  ['mirrorFailoverTime', 'adminReactionTime', 'witness'].includes(String(p[4]));

/** Why a key may never change in a branch, or null if it may (faults and actions are checked per point). */
function pastKey(p: Path): string | null {
  const head = String(p[0]);
  if (head === 'failover' || head === 'warmup' || head === 'outageWindow' || isList(p)) return null;
  if (head === 'workload' && (p[1] === 'retry' || p[1] === 'arrivals')) return null;
  if (poolKey(p, ['admissionLimitPerServer', 'signInRatePerServer']) || dbKey(p)) return null;
  if (head === 'seed') return "the seed made the world so far; a branch shares the checkpoint's";
  if (head === 'users') return 'users= scales the users on at t = 0, who are in the past';
  if (head === 'workload' && (p[1] === 'initialConnected' || p[1] === 'population'))
    return 'the users on at t = 0 (and the population) are in the past';
  if (head === 'topology') return "the topology's servers, pools and sites are the world's own";
  if (head === 'duration' || head === 'sampleEvery')
    return 'the run keeps its length and sampling: events past its end were never scheduled';
  return 'a branch changes only what acts after its instant: faults and actions after it, failover and failback settings, the retry policy, sign-in and admission limits, arrival rates, durations of pending steps';
}

const at = (t: number): string => `${Number(t.toPrecision(12))} s`;
const show = (v: Json | undefined): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Refuses, before any point is built, a key a branch cannot change. @throws UsageError naming the key and T */
export function checkBranchAxes(axes: readonly SweepAxis[], atS: number): void {
  for (const a of axes) {
    const why = pastKey(a.path);
    if (why !== null) throw new UsageError(`--set ${a.key}: ${why}; the checkpoint is at ${at(atS)}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The scenario object with the point applied: an index past a list's end adds an entry, `none` removes one. */
function pointData(
  base: Record<string, unknown>,
  axes: readonly SweepAxis[],
  values: readonly Json[],
): Record<string, unknown> {
  const data = structuredClone(base);
  for (const a of axes) {
    if (!isList(a.path)) continue;
    const key = String(a.path[0]);
    const list = Array.isArray(data[key]) ? (data[key] as unknown[]) : [];
    while (list.length <= (a.path[1] as number)) list.push({});
    data[key] = list;
  }
  const out = applyPoint(data, axes, values);
  for (const key of LISTS) if (Array.isArray(out[key])) out[key] = out[key].filter((f) => f !== REMOVE);
  return out;
}

/** A fault or action entry's time as the file has it, seconds (undefined for a random fault or none). */
function entryAt(entry: unknown): number | undefined {
  return isRecord(entry) && entry['at'] !== undefined ? parseDuration(entry['at']) : undefined;
}

/** Refuses a point that changes, adds or removes a fault or action at or before T (a pending step's duration aside). */
function checkEntries(
  base: Record<string, unknown>,
  axes: readonly SweepAxis[],
  values: readonly Json[],
  atS: number,
): void {
  axes.forEach((a, i) => {
    if (!isList(a.path)) return;
    const list = base[String(a.path[0])];
    const old = Array.isArray(list) ? (list[a.path[1] as number] as unknown) : undefined;
    const entry = `${String(a.path[0])}[${String(a.path[1])}]`;
    const refuse = (why: string): never => {
      throw new UsageError(`--set ${a.key}=${show(values[i])}: ${why}; the checkpoint is at ${at(atS)}`);
    };
    if (isRecord(old) && old['random'] !== undefined)
      refuse(`${entry} is a random fault, which runs from t = 0`);
    const oldAt = entryAt(old);
    const durationKey = a.path.length === 3 && (a.path[2] === 'duration' || a.path[2] === 'deadline');
    if (oldAt !== undefined && oldAt <= atS && !durationKey)
      refuse(`${entry} is at ${at(oldAt)}, at or before the checkpoint: the past cannot change`);
    if (a.path.length === 3 && a.path[2] === 'at') {
      const to = parseDuration(values[i]);
      if (to !== undefined && to <= atS) refuse(`moves ${entry} to ${at(to)}, at or before the checkpoint`);
    }
  });
}

/** What a branch point is: its label, its scenario object and its configuration. */
export interface BranchPoint {
  readonly label: string;
  readonly data: Record<string, unknown>;
  readonly config: SimConfig;
}

/** The parts of a configuration a branch must leave as they were, as comparable text. */
function frozenPart(c: SimConfig): string {
  return JSON.stringify({
    ...c,
    warnings: null,
    warmupS: null,
    warmupAuto: null,
    failover: null,
    faults: null,
    // An outage keeps the window it began with: a change applies to outages after T.
    outageWindow: null,
    // A stationary start's expected users follow the arrival rate; the users drawn are the world's.
    workload: {
      ...c.workload,
      retry: null,
      arrivals: null,
      initialConnected: c.workload.initialStationary ? null : c.workload.initialConnected,
    },
    pools: c.pools.map((p) => ({
      ...p,
      admissionLimitPerServer: 0,
      signInRatePerServer: 0,
      database: { ...p.database, witness: null, mirrorFailoverTime: 0, adminReactionTime: 0 },
    })),
  });
}

/**
 * Builds and checks one point of a branch grid. @throws ScenarioError for an invalid point (named by
 * file and values), UsageError for a change of the past
 */
export function branchPoint(
  base: {
    readonly scenario: Record<string, unknown>;
    readonly file: string;
    readonly atS: number;
    readonly config: SimConfig;
  },
  axes: readonly SweepAxis[],
  values: readonly Json[],
): BranchPoint {
  const label = pointLabel(base.file, axes, values);
  checkEntries(base.scenario, axes, values, base.atS);
  const data = pointData(base.scenario, axes, values);
  const config = scenarioFromObject(data, label);
  const keys = axes.map((a, i) => `${a.key}=${show(values[i])}`).join(', ');
  const past = (why: string): never => {
    throw new UsageError(`--set ${keys}: ${why}; the checkpoint is at ${at(base.atS)}`);
  };
  if (frozenPart(config) !== frozenPart(base.config)) past('changes what a branch cannot (the past)');
  const pastFaults = (c: SimConfig): string =>
    JSON.stringify(c.faults.filter((f) => f.at <= base.atS).map((f) => ({ ...f, seconds: 0 })));
  if (pastFaults(config) !== pastFaults(base.config))
    past('changes a fault or action at or before the checkpoint');
  const w0 = base.config.warmupS;
  const w1 = config.warmupS;
  const pastW0 = w0 > 0 && w0 <= base.atS;
  if (config.warmupAuto ? pastW0 : w1 !== w0 && (pastW0 || (w1 > 0 && w1 <= base.atS)))
    past(
      `a warm-up at or before the checkpoint cannot change (from ${at(w0)} to ${config.warmupAuto ? 'auto' : at(w1)})`,
    );
  return { label, data, config };
}

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

const mirrorDelay = (c: SimConfig, p: number): number => {
  const db = c.pools[p]?.database;
  return db === undefined ? Infinity : db.witness ? db.mirrorFailoverTime : db.adminReactionTime;
};

const rates = (c: SimConfig, p: number): PiecewiseRate | null => {
  const points = c.workload.arrivals;
  const share = c.pools[p]?.userShare ?? 0;
  return points === null ? null : new PiecewiseRate(points.map((x) => ({ at: x.at, rate: x.rate * share })));
};

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
  const c = to.config;
  const p = rep.pending;
  const changes: EventEdits['changes'][number][] = [];
  const added: [number, number, number, number][] = [];
  const promotions: [number, number][] = [];
  const arrivalsFrom: number[] = [];
  const retime = (
    kind: number,
    a: number,
    b: number,
    time: number,
    origin: number,
    setting: string,
  ): void => {
    if (time <= atS)
      throw new UsageError(
        `${to.label}: ${setting} re-times ${stepName(kind, a, c)} (set off at ${at(origin)}) to ${at(time)}, at or before the checkpoint at ${at(atS)}`,
      );
    changes.push({ kind, a, b, time, newA: a, newB: b });
  };
  const drop = (kind: number, a: number, b: number): void => {
    changes.push({ kind, a, b, time: NaN, newA: a, newB: b });
  };
  const faultKey = (f: FaultAction): string => JSON.stringify(f);
  const future = c.faults.map((f, j) => ({ f, j })).filter((x) => x.f.at > atS);
  const used = new Set<number>();
  const pendingPools = new Set<number>();
  for (const [time, kind, a, b] of p.events) {
    switch (kind) {
      case E.EV_PROMOTE: {
        const after = c.failover.promoteStandbyAfter;
        if (after === from.failover.promoteStandbyAfter) break;
        const down = p.downAt[a] ?? NaN;
        if (after === Infinity) drop(kind, a, b);
        else retime(kind, a, b, down + after, down, 'failover.promoteStandbyAfter');
        break;
      }
      case E.EV_DB_FAILOVER: {
        const d = mirrorDelay(c, a);
        if (d === mirrorDelay(from, a)) break;
        const since = p.dbPendingAt[a] ?? NaN;
        retime(kind, a, b, since + d, since, `topology.pools[${a}].database`);
        break;
      }
      case E.EV_SITE_FAILOVER: {
        const after = c.failover.siteAfter;
        if (after === from.failover.siteAfter) break;
        const since = p.dbPendingAt[a] ?? NaN;
        if (after === Infinity) drop(kind, a, b);
        else retime(kind, a, b, since + after, since, 'failover.site.after');
        break;
      }
      case E.EV_FAILBACK_DONE:
      case E.EV_DRAIN_DEADLINE: {
        const failback = kind === E.EV_FAILBACK_DONE;
        const since = (failback ? p.dbPendingAt[a] : p.drainAt[a]) ?? NaN;
        const was = actionAt(from, failback ? 'failback' : 'drain', a, since);
        const now = actionAt(c, failback ? 'failback' : 'drain', a, since);
        const seconds = (f: FaultAction | undefined): number =>
          f !== undefined && (f.kind === 'failback' || f.kind === 'drain') ? f.seconds : NaN;
        if (now === undefined || seconds(now) === seconds(was)) break;
        retime(
          kind,
          a,
          b,
          since + seconds(now),
          since,
          failback ? 'the failback duration' : 'the drain deadline',
        );
        break;
      }
      case E.EV_FAULT: {
        const old = from.faults[a];
        const match = future.find(
          (x) => !used.has(x.j) && old !== undefined && faultKey(x.f) === faultKey(old),
        );
        if (match === undefined) drop(kind, a, b);
        else {
          used.add(match.j);
          if (match.j !== a) changes.push({ kind, a, b, time, newA: match.j, newB: b });
        }
        break;
      }
      case E.EV_ARRIVAL: {
        pendingPools.add(a);
        const was = rates(from, a);
        const now = rates(c, a);
        if (
          was === null ||
          now === null ||
          JSON.stringify(from.workload.arrivals) === JSON.stringify(c.workload.arrivals)
        )
          break;
        const next = now.timeAfter(atS, was.integral(atS, time));
        if (next <= c.durationS) changes.push({ kind, a, b, time: next, newA: a, newB: b });
        else drop(kind, a, b);
        break;
      }
      case E.EV_WARMUP:
        if (c.warmupS === from.warmupS) break;
        if (c.warmupS > 0) changes.push({ kind, a, b, time: c.warmupS, newA: a, newB: b });
        else drop(kind, a, b);
        break;
      default:
        break;
    }
  }
  for (const x of future) if (!used.has(x.j)) added.push([x.f.at, E.EV_FAULT, x.j, 0]);
  if (from.warmupS === 0 && c.warmupS > atS) added.push([c.warmupS, E.EV_WARMUP, 0, 0]);
  const after = c.failover.promoteStandbyAfter;
  if (from.failover.promoteStandbyAfter === Infinity && after !== Infinity)
    for (const s of p.unpromoted) {
      const down = p.downAt[s] ?? NaN;
      if (down + after <= atS)
        throw new UsageError(
          `${to.label}: failover.promoteStandbyAfter would promote in place of ${c.servers[s]?.name ?? s} (down since ${at(down)}) at ${at(down + after)}, at or before the checkpoint at ${at(atS)}`,
        );
      promotions.push([s, down + after]);
    }
  if (JSON.stringify(from.workload.arrivals) !== JSON.stringify(c.workload.arrivals))
    c.pools.forEach((_, pool) => {
      if (!pendingPools.has(pool)) arrivalsFrom.push(pool);
    });
  return { changes, added, arrivalsFrom, promotions };
}
