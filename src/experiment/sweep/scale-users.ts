// A workload scaled to a user count, as `plan --users` and `sweep --set users=` do: the users on at
// t = 0 become N, and the sign-in rates (a profile or a measured profile file included) and the closed
// population are multiplied by the same factor, so the load stays at N rather than drifting back.
import type { SimConfig } from '../../model/config.js';
import { BOUNDS, signInRateRule } from '../../scenario/bounds.js';
import { MAX_INT32 } from '../../scenario/model-limits.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

/**
 * Multiplies the workload of the raw scenario `d` (mutated) by `users / baseUsers`: initialConnected
 * becomes `users` (a stationary start stays so: the scaled rate or population sets its users), arrival
 * rates and the population scale alike (a population never below `users`).
 */
export function scaleWorkload(d: Obj, users: number, baseUsers: number): void {
  const w = obj(d['workload']);
  const f = users / baseUsers;
  if (w['initialConnected'] !== 'stationary') w['initialConnected'] = users;
  if (typeof w['population'] === 'number') w['population'] = Math.max(users, Math.round(w['population'] * f));
  const a = obj(w['arrivals']);
  if (typeof a['rate'] === 'number') a['rate'] = a['rate'] * f;
  if (Array.isArray(a['profile']))
    a['profile'] = a['profile'].map((pt) => ({ ...obj(pt), rate: Number(obj(pt)['rate']) * f }));
  d['workload'] = w;
}

/** The largest u ≥ 0 with ok(u), from a guess near it (ok holds up to some u, then never). */
export function largestWithin(ok: (u: number) => boolean, guess: number): number {
  let u = Math.max(0, Math.floor(guess));
  while (u > 0 && !ok(u)) u--;
  while (ok(u + 1)) u++;
  return u;
}

/** What scaling multiplies that has a bound: the template's figure, the bound and its rule in words. */
export interface ScaledFigure {
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

/** The scaled figures of `c` that have a bound. */
export function scaledFigures(c: SimConfig): ScaledFigure[] {
  const peak = Math.max(0, ...(c.workload.arrivals ?? []).map((p) => p.rate));
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
 * The most users `c` may be scaled to: its sign-in rates and closed population are multiplied by
 * users / its initialConnected, and a rate is at most BOUNDS.maxSignInRatePerS, a population at most
 * the int32 the simulator counts in (exactly as scaled and checked). Infinity when it has neither.
 */
export function maxScaledUsers(c: SimConfig): number {
  const base = c.workload.initialConnected;
  let most = Infinity;
  for (const s of scaledFigures(c)) {
    if (s.value <= 0 || base <= 0) continue;
    const ok = (u: number): boolean => s.scaled(u / base) <= s.bound;
    most = Math.min(most, largestWithin(ok, (s.bound * base) / s.value));
  }
  return most;
}
