// Which active servers of a pool are out of service when, from the scheduled faults and actions: how
// many share the survivors at each failure, when one is back, and the failures that come while an
// earlier one's users still wait. For the cost estimate's failure retries (failure-retries.ts).
import type { FaultAction, SimConfig } from '../../model/config.js';

/** A later failure (or drain) in the pool of an earlier one, `afterS` seconds after it, leaving `down` active servers out. */
export interface LaterOutage {
  readonly afterS: number;
  readonly down: number;
}

/**
 * When the pool of `f`'s server, left with no active server by `f`, has one back, as the model puts it
 * back: the first activation of one of its servers scheduled from `f.at` on, the first restore of an
 * active one, or the administrator's promotion of a standby at the later of `f.at +
 * promoteStandbyAfter` and the first moment a standby is free ({@link standbyFreeAt}: a standby's
 * restore counts from then, not at once); Infinity if none. Safe side where it must guess: an active
 * server whose promotion fell due by `f.at` may have been replaced and, with `onRestore: standby`,
 * rejoin as a standby, counted from `f`'s own promotion on (one owed to another server could take it
 * sooner); an activation a pool already holding its most active servers may refuse counts only
 * through the standbys; the standbys' random faults and the site-latency rule are left out.
 */
export function backInService(config: SimConfig, f: FaultAction): number {
  const pool = config.servers[f.target]?.pool ?? -1;
  const due = f.at + promotionAfterS(config, pool);
  let at = due === Infinity ? Infinity : standbyFreeAt(config, pool, due);
  const list = config.pools[pool]?.servers ?? [];
  const full = list.filter((s) => config.servers[s]?.role === 'active').length >= 4;
  for (const g of config.faults) {
    const role = config.servers[g.target]?.role;
    if (TAKES_OUT[g.kind] !== false || g.at < f.at || config.servers[g.target]?.pool !== pool) continue;
    if (g.kind === 'activate' && (role === 'active' || !full)) at = Math.min(at, g.at);
    else if (g.kind === 'restore' && role === 'active')
      at = Math.min(at, mayRejoinAsStandby(config, g, f.at) ? Math.max(g.at, due) : g.at);
  }
  return at;
}

/**
 * True if active server `g.target`, restored at `g.at`, may rejoin as a standby: `onRestore: standby`
 * and its last failure before `g.at` owed it a promotion by `at` (a standby may have taken its place).
 */
function mayRejoinAsStandby(config: SimConfig, g: FaultAction, at: number): boolean {
  if (config.failover.onRestore !== 'standby') return false;
  let failedAt = -Infinity;
  for (const h of config.faults)
    if (h.kind === 'fail' && h.target === g.target && h.at <= g.at) failedAt = Math.max(failedAt, h.at);
  return failedAt + config.failover.promoteStandbyAfter <= at;
}

/**
 * The first moment from `from` on when a standby of `pool` is free to promote, as the scheduled faults
 * and actions leave it: up (its own failure and its site's restored) and not under maintenance (a
 * `drain` until `activate` or a list naming it); Infinity if none ever is. Its random faults are left out.
 */
export function standbyFreeAt(config: SimConfig, pool: number, from: number): number {
  const standbys = config.pools[pool]?.servers.filter((s) => config.servers[s]?.role === 'standby') ?? [];
  const out = new Uint8Array(config.servers.length);
  const patched = new Uint8Array(config.servers.length);
  const siteDown = new Int32Array(config.sites.length);
  const free = (): boolean =>
    standbys.some(
      (s) => out[s] === 0 && patched[s] === 0 && siteDown[config.servers[s]?.siteIndex ?? -1] === 0,
    );
  const faults = [...config.faults].sort((x, y) => x.at - y.at);
  let i = 0;
  for (let at = from; ; at = (faults[i] as FaultAction).at) {
    for (; i < faults.length && (faults[i] as FaultAction).at <= at; i++)
      apply(faults[i] as FaultAction, out, patched, siteDown);
    if (free()) return at;
    if (i === faults.length) return Infinity;
  }
}

/** Applies `g` to the servers failed (`out`), under maintenance (`patched`) and the sites failed. */
function apply(g: FaultAction, out: Uint8Array, patched: Uint8Array, siteDown: Int32Array): void {
  const t = g.target;
  if (g.kind === 'fail' || g.kind === 'restore') out[t] = g.kind === 'fail' ? 1 : 0;
  else if (g.kind === 'drain' || g.kind === 'activate') patched[t] = g.kind === 'drain' ? 1 : 0;
  else if (g.kind === 'failSite') siteDown[t] = (siteDown[t] as number) + 1;
  else if (g.kind === 'restoreSite') siteDown[t] = Math.max(0, (siteDown[t] as number) - 1);
  else if (g.kind === 'setActive' || (g.kind === 'failback' && g.servers !== null))
    for (const s of g.servers ?? []) patched[s] = 0;
}

/** Seconds after a server of `pool` fails that the administrator promotes a standby: Infinity without one. */
export function promotionAfterS(config: SimConfig, pool: number): number {
  const hasStandby = config.servers.some((s) => s.pool === pool && s.role === 'standby');
  return hasStandby ? config.failover.promoteStandbyAfter : Infinity;
}

/** Kinds whose target is a server: true if they take it out of service, false if they put it back. */
const TAKES_OUT: Partial<Readonly<Record<FaultAction['kind'], boolean>>> = {
  fail: true,
  drain: true,
  restore: false,
  activate: false,
};

/** For each scheduled fault, the active servers of its pool out of service (see {@link serversDown}). */
export interface ServersDown {
  /** At its instant, itself and the others of that instant included. */
  readonly at: Int32Array;
  /** Just before its instant: those whose users have gone to the servers still up. */
  readonly before: Int32Array;
  /** Seconds since the first of those `before` went out (0 if none): how long the survivors have been taking their users. */
  readonly sinceS: Float64Array;
}

/**
 * For each of `config.faults` that fails or drains an active server, the active servers of its pool
 * out of service at its instant and just before it (failed or drained, not restored or activated
 * since); 0 for the others. Standby servers activated meanwhile are not counted (safe side).
 */
export function serversDown(config: SimConfig): ServersDown {
  const faults = config.faults;
  const out = new Int32Array(faults.length);
  const before = new Int32Array(faults.length);
  const sinceS = new Float64Array(faults.length);
  const down = new Uint8Array(config.servers.length);
  const downAt = new Float64Array(config.servers.length);
  const poolDown = new Int32Array(config.pools.length);
  const atOf = (i: number): number => (faults[i] as FaultAction).at;
  /** The pool of fault `i`'s server if it is a server fault on an active server, else -1. */
  const poolOf = (i: number): number => {
    const f = faults[i] as FaultAction;
    const server = config.servers[f.target];
    return TAKES_OUT[f.kind] !== undefined && server?.role === 'active' ? server.pool : -1;
  };
  const order = faults.map((_, i) => i).sort((a, b) => atOf(a) - atOf(b));
  for (let g = 0; g < order.length;) {
    // The faults of one instant are applied together: each failure among them sees them all.
    let end = g;
    const start = poolDown.slice();
    for (; end < order.length && atOf(order[end] as number) === atOf(order[g] as number); end++) {
      const i = order[end] as number;
      const pool = poolOf(i);
      const target = (faults[i] as FaultAction).target;
      const takesOut = TAKES_OUT[(faults[i] as FaultAction).kind] === true ? 1 : 0;
      if (pool < 0 || down[target] === takesOut) continue;
      down[target] = takesOut;
      downAt[target] = atOf(i);
      poolDown[pool] = (poolDown[pool] as number) + (takesOut === 1 ? 1 : -1);
    }
    for (; g < end; g++) {
      const i = order[g] as number;
      const pool = poolOf(i);
      if (pool < 0 || TAKES_OUT[(faults[i] as FaultAction).kind] !== true) continue;
      out[i] = poolDown[pool] as number;
      before[i] = start[pool] as number;
      sinceS[i] = atOf(i) - firstOut(config.pools[pool]?.servers ?? [], down, downAt, atOf(i));
    }
  }
  return { at: out, before, sinceS };
}

/** When the first of `servers` out of service (`down`, since `downAt`) went out; `at` if none did before. */
function firstOut(servers: readonly number[], down: Uint8Array, downAt: Float64Array, at: number): number {
  let first = at;
  for (const s of servers) if (down[s] === 1) first = Math.min(first, downAt[s] as number);
  return first;
}

/**
 * The failures and drains of active servers in the pool of fault `i` after it, within the run, with the
 * servers of the pool out at each (`down`, {@link serversDown}'s `at`), in time order: an earlier
 * failure's users still waiting then share fewer survivors with more waves.
 */
export function laterOutages(config: SimConfig, down: Int32Array, i: number): LaterOutage[] {
  const f = config.faults[i];
  const pool = f === undefined ? undefined : config.servers[f.target]?.pool;
  const out: LaterOutage[] = [];
  if (f === undefined || pool === undefined) return out;
  config.faults.forEach((g, j) => {
    const n = down[j] ?? 0;
    if (n > 0 && g.at > f.at && g.at < config.durationS && config.servers[g.target]?.pool === pool)
      out.push({ afterS: g.at - f.at, down: n });
  });
  return out.sort((a, b) => a.afterS - b.afterS);
}

/**
 * True if fault `i` is the first to take a server of its pool out of service, and no random fault
 * strikes the pool: its users are the pool's even share (a server restored or activated comes back
 * empty, and the others keep the users it had).
 */
export function firstOutage(config: SimConfig, i: number): boolean {
  const f = config.faults[i];
  const pool = f === undefined ? undefined : config.servers[f.target]?.pool;
  if (f === undefined || pool === undefined) return false;
  const inPool = (s: number): boolean => config.servers[s]?.pool === pool;
  if (config.randomFaults.some((r) => r.servers.some(inPool))) return false;
  return !config.faults.some((g) => TAKES_OUT[g.kind] === true && g.at < f.at && inPool(g.target));
}
