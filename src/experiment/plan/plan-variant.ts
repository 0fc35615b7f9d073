// The scenarios a capacity plan evaluates: one pool of the template, alone (pools share nothing in the
// model, so each is sized on its own), with a server count, a user count and k of its active servers
// failed at one instant (restored after a set time, or never), in place of the template's faults; of its
// actions, those plan-actions.ts keeps; its sites as plan-sites.ts leaves them. Built on the raw object,
// then validated like any file.
import { UsageError } from '../../errors.js';
import { NO_ADMISSION_LIMIT, type SimConfig } from '../../model/config.js';
import { DOC_LIMITS } from '../../model/limits.js';
import { scenarioFromObject } from '../../scenario/load.js';
import { LIMITS } from '../../scenario/rules.js';
import { candidateActions, drainsOf, type KeptDrain } from './plan-actions.js';
import { keepKnownSites } from './plan-sites.js';
import { largestWithin, maxScaledUsers, scaledFigures, scaleWorkload } from '../sweep/scale-users.js';
import { expandServers } from '../sweep/server-count.js';

/** The scenario file a plan starts from. */
export interface PlanTemplate {
  readonly file: string;
  readonly data: Record<string, unknown>;
  readonly config: SimConfig;
  /**
   * The planner confirmed the plan's cost up front (--yes), so only memory stops one of its runs
   * (run-guard.ts); absent: not confirmed, a run far past its estimated events stops too.
   */
  readonly confirmed?: boolean;
}

/** One scenario to evaluate. */
export interface Variant {
  /** Pool index in the template. */
  readonly pool: number;
  /** `A` or `A+S` (see server-count.ts); null keeps the template's servers. */
  readonly count: string | null;
  /** Users of this pool at t = 0; arrivals and population scale by the same factor. */
  readonly users: number;
  /** Active servers failed at `failAtS` (the last ones in file order). */
  readonly failed: number;
  readonly failAtS: number;
  /**
   * The survivors allowed up to {@link OVERLOAD_FACTOR} × capacityPerServer: the capacity raised to
   * that, and the admission limit too where the template sets one below it.
   */
  readonly overload?: boolean;
}

/** The overload row's factor: survivors "might be hosting as many as 30,000 users" [doc], 1.5 × 20,000. */
export const OVERLOAD_FACTOR = DOC_LIMITS.worstCaseUsersPerServer / DOC_LIMITS.supportedUsersPerServer;

/** A failure window's most and its settle, seconds (the scenario's outageWindow). */
export interface FailureWindow {
  readonly maxS: number;
  readonly settleS: number;
}

/** How every variant of a plan runs. */
export interface RunSettings {
  /**
   * Each variant runs exactly this long after the failure, whatever the template's duration, so no
   * figure depends on it; 0: the template's duration.
   */
  readonly runAfterFailS: number;
  /** The warm-up every figure is taken after; null keeps the template's. */
  readonly warmupS: number | null;
  /** The failure window (the scenario's outageWindow); null keeps the template's. */
  readonly window: FailureWindow | null;
  /**
   * The failed servers are restored this long after the failure, back in the active list and taking
   * the users above capacity from the others; null: never.
   */
  readonly restoreAfterS: number | null;
}

/** A variant run as the template runs (no minimum length, its own warm-up and window, no restore). */
export const AS_TEMPLATE: RunSettings = {
  runAfterFailS: 0,
  warmupS: null,
  window: null,
  restoreAfterS: null,
};

/**
 * The warm-up every variant of a plan takes: `warmupS` (--warmup), else the template's. The failure a plan
 * makes comes at or after its end: every figure is taken after it, so a failure inside it is never seen.
 */
export function planWarmupS(t: PlanTemplate, warmupS: number | null): number {
  return warmupS ?? t.config.warmupS;
}

/** A variant made concrete. */
export interface BuiltVariant {
  readonly config: SimConfig;
  readonly active: number;
  readonly standby: number;
  readonly admission: number;
  /** Supported users per server (raised by the overload row). */
  readonly capacity: number;
  /** Within the documented limits (≤ 4 active, ≤ 8 servers per pool [doc]). */
  readonly supported: boolean;
  /** The drains this candidate keeps, in file order. */
  readonly drains: readonly KeptDrain[];
  /** Its active servers a drain it keeps names (soft or forced): the failed servers are chosen around them. */
  readonly activeDrained: readonly string[];
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

/**
 * The most users a variant's pool may have: {@link buildVariant} multiplies the template's sign-in rates
 * and closed population by users / its initialConnected, and a rate is at most
 * BOUNDS.maxSignInRatePerS, a population at most the int32 the simulator counts in (exactly as scaled
 * and checked). Infinity when the template has neither.
 */
export function maxVariantUsers(c: SimConfig): number {
  return maxScaledUsers(c);
}

/**
 * `--users` whose scaled sign-in rate or population would pass its bound in some pool is refused
 * before anything runs (else the first variant fails as if the scenario file were wrong, naming a
 * profile entry the planner never wrote). @throws UsageError naming the option, the scaled figure, the
 * bound and the most users.
 */
export function checkPlanUsers(c: SimConfig, users: number): void {
  const cap = maxVariantUsers(c);
  const shares = c.pools.map((p) => p.userShare);
  const fits = (u: number): boolean => shares.every((sh) => Math.round(u * sh) <= cap);
  if (fits(users)) return;
  const most = largestWithin(fits, cap / Math.max(...shares));
  const base = c.workload.initialConnected;
  const f = Math.max(...shares.map((sh) => Math.round(users * sh))) / base;
  const s = scaledFigures(c).find((x) => x.scaled(f) > x.bound) ?? scaledFigures(c)[0];
  if (s === undefined) return;
  const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 3 });
  const unit = s.what === 'sign-in rates' ? ' per second' : ' users';
  throw new UsageError(
    `--users ${users}: the plan multiplies the scenario's ${s.what} by ${n(f)} (--users / its ${base} users on at t = 0), which makes its ${s.valueText} ${n(s.scaled(f))}${unit}; ${s.rule}, so this scenario plans at most ${most} users`,
  );
}

/** The overload row's capacity, and admission where the template's is below it (see Variant.overload). */
function overload(pool: Obj, t: PlanTemplate, p: number): void {
  const cfg = t.config.pools[p];
  if (cfg === undefined) return;
  const most = Math.round(cfg.capacityPerServer * OVERLOAD_FACTOR);
  pool['capacityPerServer'] = most;
  if (cfg.admissionLimitPerServer !== NO_ADMISSION_LIMIT && cfg.admissionLimitPerServer < most)
    pool['admissionLimitPerServer'] = most;
}

/**
 * The k failures and, with `restoreAfterS`, their restores. The last k active servers that no kept
 * drain names (`named`) fail, then, if too few, the last named ones: failing a drained server is the
 * milder case (a drain after the failure becomes a no-op; one before it has already closed the server to
 * sign-ins, so the failure cuts fewer users and leaves as many servers taking them). Returns the names
 * of the active servers a drain names.
 */
function failures(
  d: Obj,
  actives: readonly Obj[],
  named: ReadonlySet<string>,
  v: Variant,
  run: RunSettings,
): string[] {
  const order = [
    ...actives.filter((s) => named.has(String(s['name']))),
    ...actives.filter((s) => !named.has(String(s['name']))),
  ];
  const chosen = new Set(order.slice(Math.max(0, order.length - v.failed)));
  const failed = actives.filter((s) => chosen.has(s)).map((s) => s['name']);
  const back = run.restoreAfterS;
  d['faults'] = [
    ...failed.map((name) => ({ at: v.failAtS, fail: name })),
    ...(back === null ? [] : failed.map((name) => ({ at: v.failAtS + back, restore: name }))),
  ];
  if (back !== null) d['failover'] = { ...obj(d['failover']), onRestore: 'active', rebalanceOnRestore: true };
  return actives.map((s) => String(s['name'])).filter((name) => named.has(name));
}

/**
 * Builds and validates a variant, run as `run` says. @throws ScenarioError naming the variant, if the
 * template cannot take it.
 */
export function buildVariant(t: PlanTemplate, v: Variant, run: RunSettings = AS_TEMPLATE): BuiltVariant {
  const d = structuredClone(t.data);
  if (run.warmupS !== null) d['warmup'] = run.warmupS;
  if (run.window !== null) d['outageWindow'] = { max: run.window.maxS, settle: run.window.settleS };
  if (run.runAfterFailS > 0) d['duration'] = v.failAtS + run.runAfterFailS;
  const topology = obj(d['topology']);
  const pools = Array.isArray(topology['pools']) ? topology['pools'] : [];
  const pool: Obj = { ...obj(pools[v.pool]), userShare: 1 };
  topology['pools'] = [pool];
  d['topology'] = topology;
  if (v.count !== null) expandServers(d, 0, v.count);
  if (v.overload === true) overload(pool, t, v.pool);
  scaleWorkload(d, v.users, t.config.workload.initialConnected);
  const servers = (Array.isArray(pool['servers']) ? pool['servers'] : []).map(obj);
  keepKnownSites(topology, pool, servers);
  const actives = servers.filter((s) => s['role'] !== 'standby');
  if (d['actions'] !== undefined) {
    const endS = run.runAfterFailS > 0 ? v.failAtS + run.runAfterFailS : t.config.durationS;
    d['actions'] = candidateActions(d['actions'], new Set(servers.map((s) => String(s['name']))), endS);
  }
  const drains = drainsOf(d['actions']);
  const activeDrained = failures(d, actives, new Set(drains.map((x) => x.server)), v, run);
  const supported = actives.length <= LIMITS.maxActivePerPool && servers.length <= LIMITS.maxServersPerPool;
  const capacity = Number(pool['capacityPerServer'] ?? t.config.pools[v.pool]?.capacityPerServer);
  if (!supported || capacity > DOC_LIMITS.supportedUsersPerServer) d['allowUnsupported'] = true;
  const label = `${t.file} [pool ${String(pool['name'])}, servers ${v.count ?? 'as in the file'}${v.overload === true ? ' overloaded' : ''}, ${v.users} users, ${v.failed} failed]`;
  const config = scenarioFromObject(d, label);
  const p = config.pools[0];
  return {
    config,
    active: actives.length,
    standby: servers.length - actives.length,
    admission: p?.admissionLimitPerServer ?? 0,
    capacity: p?.capacityPerServer ?? 0,
    supported,
    drains,
    activeDrained,
  };
}
