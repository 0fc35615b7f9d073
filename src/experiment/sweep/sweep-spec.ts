// Sweep axes from `--set key=values`: a key path (`topology.pools[0].servers`) and a list
// (`3,4`, `5m,15m,60m`) or range (`40000..100000:10000`, `1h..4h:1h`); the grid is their product,
// the first axis varying slowest. Points are applied to the raw scenario object before validation.
// `users=N` is not a key: it scales the workload to N users as `plan --users` does (scale-users.ts).
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { parseDuration } from '../../scenario/duration.js';
import type { Json } from '../run/replicate.js';
import { maxScaledUsers, scaledFigures, scaleWorkload } from './scale-users.js';
import { expandServers, SERVER_COUNT } from './server-count.js';

/** Grid points in one sweep, at most (an assumption: beyond this, shard or narrow the grid). */
export const MAX_POINTS = 10_000;

/** One swept key and its values. */
export interface SweepAxis {
  /** The key as typed. */
  readonly key: string;
  readonly path: readonly (string | number)[];
  readonly values: readonly Json[];
  /** A `users` axis: the scenario's users on at t = 0, which it scales from (see {@link bindUsers}). */
  readonly baseUsers?: number;
}

/** The sweep's word for a user count: not a scenario key, it scales the workload. */
export const USERS_AXIS = 'users';

/** Axes a `users` axis cannot be combined with: the keys it scales. */
const SCALED_KEYS = ['workload.initialConnected', 'workload.population', 'workload.arrivals'];

/** Keys that would reach Object.prototype instead of the scenario. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `a.b[0].c` → ['a', 'b', 0, 'c']; undefined if malformed or naming __proto__, constructor or prototype. */
export function parseKeyPath(key: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  for (const part of key.split('.')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/.exec(part);
    if (m === null || FORBIDDEN_KEYS.has(m[1] as string)) return undefined;
    out.push(m[1] as string);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function scalar(text: string): Json {
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function rangeValues(key: string, item: string, m: RegExpExecArray): number[] {
  const num = (t: string | undefined): number | undefined =>
    t === undefined ? undefined : /^-?[\d.]+(e[+-]?\d+)?$/i.test(t) ? Number(t) : parseDuration(t);
  const a = num(m[1]);
  const b = num(m[2]);
  const step = m[3] === undefined ? 1 : num(m[3]);
  const bad = (why: string): never => {
    throw new UsageError(`--set ${key}: ${why}; received "${item}"`);
  };
  if (a === undefined || b === undefined || step === undefined || !Number.isFinite(a + b + step))
    bad('a range is from..to:step with numbers or durations');
  if ((step as number) <= 0 || (b as number) < (a as number)) bad('a range needs step > 0 and to ≥ from');
  const count = Math.floor(((b as number) - (a as number)) / (step as number) + 1e-9) + 1;
  if (count > MAX_POINTS) bad(`a range has at most ${MAX_POINTS} values`);
  return Array.from({ length: count }, (_, i) =>
    Number(((a as number) + i * (step as number)).toPrecision(12)),
  );
}

/** Parses one `--set key=values`. @throws UsageError naming the option, the rule and the value. */
export function parseSet(text: string): SweepAxis {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq).trim();
  const path = parseKeyPath(key);
  const forbidden = key.split(/[.[\]]/).find((part) => FORBIDDEN_KEYS.has(part));
  if (forbidden !== undefined) throw new UsageError(`--set ${key}: "${forbidden}" is not a scenario key`);
  if (eq < 0 || path === undefined)
    throw new UsageError(
      `--set: expected key.path=value,value or key.path=from..to:step; received "${text}"`,
    );
  if (path.includes('profileFile'))
    throw new UsageError(
      `--set ${key}: a sweep cannot set profileFile (the file is read with its scenario file): use one scenario per profile file`,
    );
  const values: Json[] = [];
  for (const raw of text.slice(eq + 1).split(',')) {
    const item = raw.trim();
    if (item === '')
      throw new UsageError(`--set ${key}: expected a value between commas; received "${text.slice(eq + 1)}"`);
    const m = /^(.+?)\.\.(.+?)(?::(.+))?$/.exec(item);
    if (m !== null) values.push(...rangeValues(key, item, m));
    else values.push(scalar(item));
  }
  return { key, path, values };
}

/** Every combination of the axes' values, first axis slowest. @throws UsageError beyond MAX_POINTS. */
export function gridPoints(axes: readonly SweepAxis[]): Json[][] {
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_POINTS)
    throw new UsageError(`--set: a sweep has at most ${MAX_POINTS} grid points; received ${total}`);
  let points: Json[][] = [[]];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => [...p, v]));
  return points;
}

/**
 * {@link gridPoints} one at a time, first axis slowest: a grid is never held whole.
 * @throws UsageError beyond MAX_POINTS
 */
export function* eachGridPoint(axes: readonly SweepAxis[]): Generator<Json[]> {
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_POINTS)
    throw new UsageError(`--set: a sweep has at most ${MAX_POINTS} grid points; received ${total}`);
  for (let k = 0; k < total; k++) {
    const point: Json[] = [];
    let rest = k;
    for (let i = axes.length - 1; i >= 0; i--) {
      const values = (axes[i] as SweepAxis).values;
      point[i] = values[rest % values.length] as Json;
      rest = Math.floor(rest / values.length);
    }
    yield point;
  }
}

function isRecord(v: unknown): v is Record<string | number, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Sets `value` at `path` in `data` (mutating it), creating missing objects and arrays on the way. */
export function setAt(
  data: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
): void {
  let at: Record<string | number, unknown> = data;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string | number;
    if (!isRecord(at[k])) at[k] = typeof path[i + 1] === 'number' ? [] : {};
    at = at[k] as Record<string | number, unknown>;
  }
  at[path[path.length - 1] as string | number] = value;
}

/**
 * A copy of `data` with the point's values set; a count at `topology.pools[i].servers` becomes a server
 * list; a `users` axis scales the workload first (so the other axes apply to the scaled scenario).
 */
export function applyPoint(
  data: Record<string, unknown>,
  axes: readonly SweepAxis[],
  values: readonly Json[],
): Record<string, unknown> {
  const out = structuredClone(data);
  for (const axis of axes) checkIndices(data, axis);
  axes.forEach((axis, i) => {
    if (axis.key === USERS_AXIS) scaleWorkload(out, Number(values[i]), usersBase(axis));
  });
  axes.forEach((axis, i) => {
    const v = values[i] as Json;
    const p = axis.path;
    const isServers =
      p.length === 4 &&
      p[0] === 'topology' &&
      p[1] === 'pools' &&
      typeof p[2] === 'number' &&
      p[3] === 'servers';
    if (axis.key === USERS_AXIS) return;
    if (isServers && (typeof v === 'number' || typeof v === 'string') && SERVER_COUNT.test(String(v))) {
      expandServers(out, p[2] as number, String(v));
    } else {
      setAt(out, p, v);
    }
  });
  return out;
}

function usersBase(axis: SweepAxis): number {
  if (axis.baseUsers === undefined)
    throw new UsageError(`--set ${axis.key}: the scenario's users on at t = 0 are not known (bindUsers)`);
  return axis.baseUsers;
}

/**
 * Checks a `users` axis against the scenario and gives it the users it scales from (the others are
 * returned as they are): whole numbers from 1, a scenario with users on at t = 0, no axis of a key it
 * scales, and no value that would scale a sign-in rate or closed population past its bound.
 * @throws UsageError naming the option, the rule and the value
 */
export function bindUsers(axes: readonly SweepAxis[], config: SimConfig): SweepAxis[] {
  return axes.map((axis) => {
    if (axis.key !== USERS_AXIS) return axis;
    const clash = axes.find((a) => SCALED_KEYS.some((k) => a.key === k || a.key.startsWith(`${k}.`)));
    if (clash !== undefined)
      throw new UsageError(
        `--set users: it scales workload.initialConnected, arrivals and population; sweep users or ${clash.key}, not both`,
      );
    const base = config.workload.initialConnected;
    if (base <= 0)
      throw new UsageError(
        `--set users: scales the workload from workload.initialConnected, the users at t = 0; the scenario has 0`,
      );
    const bad = axis.values.find((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 1);
    if (bad !== undefined)
      throw new UsageError(`--set users: expected whole numbers of users from 1; received ${label(bad)}`);
    const cap = maxScaledUsers(config);
    const over = axis.values.find((v) => (v as number) > cap);
    if (over !== undefined)
      throw new UsageError(`--set users=${label(over)}: ${tooFar(config, over as number, cap)}`);
    return { ...axis, baseUsers: base };
  });
}

/** Why scaling `config` to `users` passes a bound (users > cap), in words. */
function tooFar(config: SimConfig, users: number, cap: number): string {
  const base = config.workload.initialConnected;
  const f = users / base;
  const s = scaledFigures(config).find((x) => x.scaled(f) > x.bound);
  const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 3 });
  if (s === undefined) return `this scenario scales to at most ${cap} users`;
  const unit = s.what === 'sign-in rates' ? ' per second' : ' users';
  return `the sweep multiplies the scenario's ${s.what} by ${n(f)} (users / its ${base} users on at t = 0), which makes its ${s.valueText} ${n(s.scaled(f))}${unit}; ${s.rule}, so this scenario sweeps at most ${cap} users`;
}

/**
 * An axis may create keys but not list entries: `pools[5]` of a one-pool scenario would change nothing
 * the model reads. @throws UsageError naming the axis, the list and its length
 */
function checkIndices(data: Record<string, unknown>, axis: SweepAxis): void {
  let at: unknown = data;
  for (let i = 0; i < axis.path.length; i++) {
    const k = axis.path[i] as string | number;
    if (typeof k === 'number') {
      const n = Array.isArray(at) ? at.length : 0;
      if (k >= n) {
        const list = axis.path.slice(0, i).join('.');
        throw new UsageError(
          `--set ${axis.key}: the scenario's ${list} has ${n} entr${n === 1 ? 'y' : 'ies'}; received index ${k}`,
        );
      }
    }
    if (!isRecord(at)) return;
    at = at[k];
  }
}

/**
 * `workload.arrivals.rate` beside the scenario's `profile` would be two sources of arrivals, which the
 * scenario rules refuse in words about the file; replacing the profile (a measured one included)
 * unasked would sweep a different workload. So it is refused up front, saying what to sweep instead.
 * `profileFile` is the file's name as written (null for a profile written in the scenario).
 * @throws UsageError naming the option and the scenario's arrivals
 */
export function checkArrivalAxes(
  data: Record<string, unknown>,
  axes: readonly SweepAxis[],
  profileFile: string | null,
): void {
  const w = data['workload'];
  const arrivals = isRecord(w) ? w['arrivals'] : undefined;
  if (!isRecord(arrivals) || arrivals['profile'] === undefined) return;
  const axis = axes.find((a) => a.path[0] === 'workload' && a.path[1] === 'arrivals' && a.path[2] === 'rate');
  if (axis === undefined) return;
  const what =
    profileFile === null
      ? "the scenario's arrivals are a profile (workload.arrivals.profile), not one rate: sweep a profile entry's rate (workload.arrivals.profile[0].rate=...)"
      : `the scenario's arrivals come from the profile file ${JSON.stringify(profileFile)}, not one rate: sweep one scenario per profile file`;
  throw new UsageError(`--set ${axis.key}: ${what}, or a copy of the scenario with arrivals: { rate: ... }`);
}

/** `file [key=value, ...]`: names the point in a ScenarioError, so a bad point says which it is. */
export function pointLabel(file: string, axes: readonly SweepAxis[], values: readonly Json[]): string {
  return `${file} [${axes.map((a, i) => `${a.key}=${label(values[i])}`).join(', ')}]`;
}

function label(v: Json | undefined): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
