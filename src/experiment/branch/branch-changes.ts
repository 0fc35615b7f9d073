// What a branch may change from its checkpoint's instant T: only what acts after T (faults and actions
// after it, failover and failback settings, the retry policy, limits, arrival rates, durations of pending
// steps, the failure window of later outages). The past is refused, one line naming the key and T.
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { parseDuration } from '../../scenario/duration.js';
import { scenarioFromObject } from '../../scenario/load.js';
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
