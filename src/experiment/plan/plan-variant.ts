// The scenarios a capacity plan evaluates: one pool of the template, alone (pools share nothing in the
// model, so each is sized on its own), with a server count, a user count and k of its active servers
// failed at one instant and never restored. Built on the raw object, then validated like any file.
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { BOUNDS, signInRateRule } from '../../scenario/bounds.js';
import { MAX_INT32 } from '../../scenario/model-limits.js';
import { scenarioFromObject } from '../../scenario/load.js';
import { LIMITS } from '../../scenario/rules.js';
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
 * Multiplies the template's workload: initialConnected becomes `users` (a stationary start stays so),
 * arrival rates and population scale alike.
 */
function scaleWorkload(d: Obj, users: number, baseUsers: number): void {
  const w = obj(d['workload']);
  const f = users / baseUsers;
  // A stationary start stays stationary: the scaled rate or population sets its users.
  if (w['initialConnected'] !== 'stationary') w['initialConnected'] = users;
  if (typeof w['population'] === 'number') w['population'] = Math.max(users, Math.round(w['population'] * f));
  const a = obj(w['arrivals']);
  if (typeof a['rate'] === 'number') a['rate'] = a['rate'] * f;
  if (Array.isArray(a['profile']))
    a['profile'] = a['profile'].map((pt) => ({ ...obj(pt), rate: Number(obj(pt)['rate']) * f }));
  d['workload'] = w;
}

/** The template's highest sign-in rate, per second (0 without arrivals). */
function peakRatePerS(c: SimConfig): number {
  return Math.max(0, ...(c.workload.arrivals ?? []).map((p) => p.rate));
}

/** The largest u ≥ 0 with ok(u), from a guess near it (ok holds up to some u, then never). */
function largestWithin(ok: (u: number) => boolean, guess: number): number {
  let u = Math.max(0, Math.floor(guess));
  while (u > 0 && !ok(u)) u--;
  while (ok(u + 1)) u++;
  return u;
}

/** What a plan scales that has a bound: the template's figure, the bound and its rule in words. */
interface ScaledFigure {
  /** `sign-in rates` or `closed population`. */
  readonly what: string;
  /** Its largest value in the template; 0 when it has none. */
  readonly value: number;
  readonly valueText: string;
  readonly bound: number;
  readonly rule: string;
  /** The figure at a scale factor, exactly as {@link scaleWorkload} computes it. */
  readonly scaled: (f: number) => number;
}

function scaledFigures(c: SimConfig): ScaledFigure[] {
  const peak = peakRatePerS(c);
  const population = c.workload.population ?? 0;
  const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 3 });
  return [
    {
      what: 'sign-in rates',
      value: peak,
      valueText: `peak of ${n(peak)} per second`,
      bound: BOUNDS.maxSignInRatePerS,
      rule: `a rate is ${signInRateRule()} (assumption)`,
      scaled: (f) => peak * f,
    },
    {
      what: 'closed population',
      value: population,
      valueText: `population of ${n(population)}`,
      bound: MAX_INT32,
      rule: `the simulator counts at most ${MAX_INT32} users`,
      scaled: (f) => Math.round(population * f),
    },
  ];
}

/**
 * The most users a variant's pool may have: {@link buildVariant} multiplies the template's sign-in rates
 * and closed population by users / its initialConnected, and a rate is at most
 * BOUNDS.maxSignInRatePerS, a population at most the int32 the simulator counts in (exactly as scaled
 * and checked). Infinity when the template has neither.
 */
export function maxVariantUsers(c: SimConfig): number {
  const base = c.workload.initialConnected;
  let most = Infinity;
  for (const s of scaledFigures(c)) {
    if (s.value <= 0 || base <= 0) continue;
    const ok = (u: number): boolean => s.scaled(u / base) <= s.bound;
    most = Math.min(most, largestWithin(ok, (s.bound * base) / s.value));
  }
  return most;
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
