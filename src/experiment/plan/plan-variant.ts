// The scenarios a capacity plan evaluates: one pool of the template, alone (pools share nothing in the
// model, so each is sized on its own), with a server count, a user count and k of its active servers
// failed at one instant and never restored. Built on the raw object, then validated like any file.
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { scenarioFromObject } from '../../scenario/load.js';
import { LIMITS } from '../../scenario/rules.js';
import { largestWithin, maxScaledUsers, scaledFigures, scaleWorkload } from '../sweep/scale-users.js';
import { expandServers } from '../sweep/server-count.js';

/** The scenario file a plan starts from. */
export interface PlanTemplate {
  readonly file: string;
  readonly data: Record<string, unknown>;
  readonly config: SimConfig;
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
  /** Admission limit per server instead of the template's; null keeps it. */
  readonly admission: number | null;
}

/** A variant made concrete. */
export interface BuiltVariant {
  readonly config: SimConfig;
  readonly active: number;
  readonly standby: number;
  readonly admission: number;
  /** Within the documented limits (≤ 4 active, ≤ 8 servers per pool [doc]). */
  readonly supported: boolean;
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

/**
 * Builds and validates a variant; with `runAfterFailS`, it runs at least that long after the failure
 * instant (longer than the template if need be). @throws ScenarioError naming the variant, if the
 * template cannot take it.
 */
export function buildVariant(
  t: PlanTemplate,
  v: Variant,
  runAfterFailS = 0,
  warmupS: number | null = null,
): BuiltVariant {
  const d = structuredClone(t.data);
  if (warmupS !== null) d['warmup'] = warmupS;
  if (v.failAtS + runAfterFailS > t.config.durationS) d['duration'] = v.failAtS + runAfterFailS;
  const topology = obj(d['topology']);
  const pools = Array.isArray(topology['pools']) ? topology['pools'] : [];
  const pool: Obj = { ...obj(pools[v.pool]), userShare: 1 };
  topology['pools'] = [pool];
  d['topology'] = topology;
  if (v.count !== null) expandServers(d, 0, v.count);
  if (v.admission !== null) pool['admissionLimitPerServer'] = v.admission;
  const baseUsers = t.config.workload.initialConnected;
  scaleWorkload(d, v.users, baseUsers);
  const servers = (Array.isArray(pool['servers']) ? pool['servers'] : []).map(obj);
  const actives = servers.filter((s) => s['role'] !== 'standby');
  d['faults'] = actives
    .slice(Math.max(0, actives.length - v.failed))
    .map((s) => ({ at: v.failAtS, fail: s['name'] }));
  const supported = actives.length <= LIMITS.maxActivePerPool && servers.length <= LIMITS.maxServersPerPool;
  if (!supported) d['allowUnsupported'] = true;
  const label = `${t.file} [pool ${String(pool['name'])}, servers ${v.count ?? 'as in the file'}, ${v.users} users, ${v.failed} failed]`;
  const config = scenarioFromObject(d, label);
  const p = config.pools[0];
  return {
    config,
    active: actives.length,
    standby: servers.length - actives.length,
    admission: p?.admissionLimitPerServer ?? 0,
    supported,
  };
}
