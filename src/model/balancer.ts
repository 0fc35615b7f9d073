// Chooses the server for one sign-in among a pool's active, healthy servers with room and a
// free sign-in token. Which server a sign-in lands on is not documented [param]; least-connections
// (the docs' example splits load evenly) is the default.
import type { Rng } from '../random/rng.js';
import type { StateIn, StateOut } from '../state-io.js';
import type { Balancing, SimConfig } from './config.js';
import type { ServerTable } from './server-table.js';

const LEAST = 0;
const ROUND_ROBIN = 1;
const RANDOM = 2;
const TWO_CHOICES = 3;
const POLICY: Readonly<Record<Balancing, number>> = {
  'least-connections': LEAST,
  'round-robin': ROUND_ROBIN,
  random: RANDOM,
  'power-of-two-choices': TWO_CHOICES,
};

/** Server selection; allocates nothing per call (one scratch array per pool, made up front). */
export class Balancer {
  private readonly policy: number;
  private readonly poolServers: readonly Int32Array[];
  private readonly scratch: Int32Array;
  private readonly cursor: Int32Array;
  /**
   * Per pool, its servers that serve now, in the pool's order (`servingCount` of them), rebuilt when
   * the servers' `servingVersion` changes. perf: so a sign-in does not test every server's three
   * serving flags (bench/README.md, "Balancer in one pass").
   */
  private readonly servingList: readonly Int32Array[];
  private readonly servingCount: Int32Array;
  private servingVersion = -1;

  constructor(
    config: SimConfig,
    private readonly servers: ServerTable,
    private readonly rng: Rng,
  ) {
    this.policy = POLICY[config.workload.balancing];
    this.poolServers = config.pools.map((p) => Int32Array.from(p.servers));
    this.scratch = new Int32Array(Math.max(1, config.servers.length));
    this.cursor = new Int32Array(config.pools.length);
    this.servingList = this.poolServers.map((list) => new Int32Array(list.length));
    this.servingCount = new Int32Array(config.pools.length);
  }

  /** Writes the round-robin cursors (the serving lists are rebuilt from the servers), for a checkpoint. */
  saveState(out: StateOut): void {
    out.array(this.cursor);
  }

  restoreState(inp: StateIn): void {
    inp.into(this.cursor);
    this.servingVersion = -1;
  }

  /**
   * Picks a server of `pool` that serves and has room below its admission limit, and takes a sign-in
   * token from it and one from the pool (`ignoreRate`: neither, for users on at t = 0).
   * @returns the server index, or -1 if the sign-in is refused.
   */
  pick(pool: number, ignoreRate = false): number {
    if (ignoreRate) return this.pickServer(pool, true);
    const srv = this.servers;
    if (!srv.poolHasToken(pool)) return -1;
    const s = this.pickServer(pool, false);
    if (s >= 0) srv.takePoolToken(pool);
    return s;
  }

  /** {@link pick} but for the pool's token. */
  private pickServer(pool: number, ignoreRate: boolean): number {
    const list = this.poolServers[pool] as Int32Array;
    const srv = this.servers;
    const scratch = this.scratch;
    if (this.servingVersion !== srv.servingVersion) this.refreshServing();
    const serving = this.servingList[pool] as Int32Array;
    const n = this.servingCount[pool] as number;
    if (this.policy === LEAST) {
      const s = this.leastLoaded(serving, n);
      if (s < 0) return -1;
      if (ignoreRate || srv.takeToken(s)) return s;
      // Out of tokens: the general path below picks it again (a second takeToken at the same
      // instant changes nothing) and goes on to the next.
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      const s = serving[i] as number;
      if ((srv.conn[s] as number) < (srv.admission[s] as number)) scratch[k++] = s;
    }
    // Servers with room but no token answer 503: skip them (the sign-in fails only if all do).
    while (k > 0) {
      const j = this.choose(pool, k, list);
      const s = scratch[j] as number;
      if (ignoreRate || srv.takeToken(s)) return s;
      scratch[j] = scratch[--k] as number;
    }
    return -1;
  }

  /**
   * The first of `serving[0..n)` with room and the fewest users, -1 if none has room: what the
   * general path's least-connections choice takes first. perf: one pass, no scratch list, as pick
   * runs per sign-in (bench/README.md, "Balancer in one pass").
   */
  private leastLoaded(serving: Int32Array, n: number): number {
    const conn = this.servers.conn;
    const admission = this.servers.admission;
    let best = -1;
    let fewest = 0;
    for (let i = 0; i < n; i++) {
      const s = serving[i] as number;
      const c = conn[s] as number;
      if (c < (admission[s] as number) && (best < 0 || c < fewest)) {
        best = s;
        fewest = c;
      }
    }
    return best;
  }

  /** Rebuilds every pool's list of serving servers (see servingList). */
  private refreshServing(): void {
    const srv = this.servers;
    this.poolServers.forEach((list, p) => {
      const out = this.servingList[p] as Int32Array;
      let k = 0;
      for (let i = 0; i < list.length; i++) if (srv.serving(list[i] as number)) out[k++] = list[i] as number;
      this.servingCount[p] = k;
    });
    this.servingVersion = srv.servingVersion;
  }

  /** Index into scratch[0..k) per policy. */
  private choose(pool: number, k: number, list: Int32Array): number {
    const scratch = this.scratch;
    const conn = this.servers.conn;
    switch (this.policy) {
      case ROUND_ROBIN:
        return this.nextRoundRobin(pool, k, list);
      case RANDOM:
        return this.rng.int(k);
      case TWO_CHOICES: {
        if (k === 1) return 0;
        const a = this.rng.int(k);
        let b = this.rng.int(k - 1);
        if (b >= a) b++;
        return (conn[scratch[b] as number] as number) < (conn[scratch[a] as number] as number) ? b : a;
      }
      default: {
        let best = 0;
        for (let j = 1; j < k; j++) {
          if ((conn[scratch[j] as number] as number) < (conn[scratch[best] as number] as number)) best = j;
        }
        return best;
      }
    }
  }

  /** The first candidate at or after the pool's cursor, in the pool's server order. */
  private nextRoundRobin(pool: number, k: number, list: Int32Array): number {
    const scratch = this.scratch;
    const start = this.cursor[pool] as number;
    let bestJ = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      const pos = list.indexOf(scratch[j] as number);
      const dist = (pos - start + list.length) % list.length;
      if (dist < bestDist) {
        bestDist = dist;
        bestJ = j;
      }
    }
    const chosenPos = list.indexOf(scratch[bestJ] as number);
    this.cursor[pool] = (chosenPos + 1) % list.length;
    return bestJ;
  }
}
