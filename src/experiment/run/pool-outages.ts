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
 * When the pool of `f`'s server has a server back after `f`: the first restore or activation of one of
 * its servers scheduled from `f.at` on, or the administrator's promotion of a standby
 * (`failover.promoteStandbyAfter`); Infinity if none.
 */
export function backInService(config: SimConfig, f: FaultAction): number {
  const pool = config.servers[f.target]?.pool ?? -1;
  let at = f.at + promotionAfterS(config, pool);
  for (const g of config.faults)
    if (TAKES_OUT[g.kind] === false && g.at >= f.at && config.servers[g.target]?.pool === pool)
      at = Math.min(at, g.at);
  return at;
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
