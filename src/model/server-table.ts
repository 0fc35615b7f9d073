// Servers as struct-of-arrays: connections, health, role and the online statistics kept per server.
import type { HotPath } from '../engine/simulator.js';
import type { StateIn, StateOut } from '../state-io.js';
import type { SimConfig } from './config.js';
import { DOC_LIMITS } from './limits.js';
import { OverCapacityEpisodes } from './over-capacity.js';

const WORST_CASE = DOC_LIMITS.worstCaseUsersPerServer;

/** Per-server state and time-weighted statistics, updated in O(1) per change. */
export class ServerTable {
  readonly n: number;
  readonly names: readonly string[];
  readonly pool: Int32Array;
  readonly site: Int32Array;
  readonly capacity: Int32Array;
  readonly admission: Int32Array;
  /** Sign-ins per second accepted (token bucket refill rate); Infinity = unlimited. */
  readonly ratePerS: Float64Array;
  readonly tokens: Float64Array;
  readonly tokensAt: Float64Array;
  /** Per pool: sign-ins per second the pool accepts (its token bucket's refill rate); Infinity = unlimited. */
  readonly poolRatePerS: Float64Array;
  private readonly poolTokens: Float64Array;
  private readonly poolTokensAt: Float64Array;
  readonly conn: Int32Array;
  /** Number of reasons the server is down (own failure, site failure, random fault); 0 = up. */
  readonly down: Int32Array;
  /** 1 if the server is in the pool's active list (the administrator's role), else standby. */
  /** 1 while the server is in the active list (see {@link setActive}: the only writer). */
  readonly active: { readonly [s: number]: number; readonly length: number };
  private readonly activeFlags: Uint8Array;
  /** Standby promoted in place of this failed server, -1 if none. */
  readonly replacedBy: Int32Array;
  /** Engine handle of a pending promotion for this failed server, -1 if none. */
  readonly promoteEvent: Int32Array;
  /** Engine handle of a pending force-drain deadline for this server, -1 if none. */
  readonly drainEvent: Int32Array;
  /** When the server's pending drain began (its deadline is counted from it); NaN if none. */
  readonly drainAt: Float64Array;
  /** When the server last went down (a pending promotion is counted from it); NaN if never. */
  readonly downAt: Float64Array;
  /** Per pool: 1 while its content database is online and it is not failing back ({@link setPoolServing}). */
  readonly poolServing: { readonly [p: number]: number; readonly length: number };
  private readonly poolServingFlags: Uint8Array;
  /**
   * Changes whenever a server's serving state may have changed (down, active, its pool's database).
   * perf: the balancer keeps each pool's serving servers and rebuilds the list only then.
   */
  servingVersion = 0;
  readonly peak: Int32Array;
  /** User-seconds connected, integrated up to the server's last change. */
  readonly connUserS: Float64Array;
  readonly overCapacityS: Float64Array;
  readonly overCapacity: OverCapacityEpisodes;
  /**
   * Without `rebalanceOnRestore`: when the server was first above its capacity as another server of
   * its pool came back into the active list (-1: never), and its time over capacity then.
   */
  readonly overAfterRestoreAt: Float64Array;
  readonly overAtRestoreS: Float64Array;
  /** Time the server first went above its capacity (since the warm-up's end); -1 if never. */
  readonly firstOverCapacityAt: Float64Array;
  /** Seconds with more users than the documented worst case, 30,000 [doc]. */
  readonly overWorstCaseS: Float64Array;
  /** Time the server first went above 30,000 users (since the warm-up's end); -1 if never. */
  readonly firstOverWorstCaseAt: Float64Array;
  readonly upS: Float64Array;
  private readonly connAt: Float64Array;
  private readonly upAt: Float64Array;

  constructor(
    config: SimConfig,
    private readonly clock: HotPath,
  ) {
    const n = (this.n = config.servers.length);
    this.names = config.servers.map((s) => s.name);
    this.pool = Int32Array.from(config.servers, (s) => s.pool);
    this.site = Int32Array.from(config.servers, (s) => s.siteIndex);
    const poolOf = (i: number) => config.pools[config.servers[i]?.pool ?? 0];
    this.capacity = Int32Array.from({ length: n }, (_, i) => poolOf(i)?.capacityPerServer ?? 0);
    this.admission = Int32Array.from({ length: n }, (_, i) => poolOf(i)?.admissionLimitPerServer ?? 0);
    this.ratePerS = Float64Array.from({ length: n }, (_, i) => poolOf(i)?.signInRatePerServer ?? Infinity);
    // Assumption: a server's sign-in bucket holds one second's worth of sign-ins (at least one).
    this.tokens = Float64Array.from(this.ratePerS, (r) => Math.max(1, r));
    this.tokensAt = new Float64Array(n);
    this.poolRatePerS = Float64Array.from(config.pools, (p) => p.signInRatePerPool);
    // Assumption, as for a server: the pool's bucket holds one second's worth (at least one).
    this.poolTokens = Float64Array.from(this.poolRatePerS, (r) => Math.max(1, r));
    this.poolTokensAt = new Float64Array(config.pools.length);
    this.conn = new Int32Array(n);
    this.down = new Int32Array(n);
    this.active = this.activeFlags = Uint8Array.from(config.servers, (s) => (s.role === 'active' ? 1 : 0));
    this.replacedBy = new Int32Array(n).fill(-1);
    this.promoteEvent = new Int32Array(n).fill(-1);
    this.drainEvent = new Int32Array(n).fill(-1);
    this.drainAt = new Float64Array(n).fill(NaN);
    this.downAt = new Float64Array(n).fill(NaN);
    this.poolServing = this.poolServingFlags = new Uint8Array(config.pools.length).fill(1);
    this.peak = new Int32Array(n);
    this.connUserS = new Float64Array(n);
    this.overCapacityS = new Float64Array(n);
    this.overAfterRestoreAt = new Float64Array(n).fill(-1);
    this.overAtRestoreS = new Float64Array(n);
    this.overCapacity = new OverCapacityEpisodes(n);
    this.firstOverCapacityAt = new Float64Array(n).fill(-1);
    this.overWorstCaseS = new Float64Array(n);
    this.firstOverWorstCaseAt = new Float64Array(n).fill(-1);
    this.upS = new Float64Array(n);
    this.connAt = new Float64Array(n);
    this.upAt = new Float64Array(n);
  }

  /** Adds `delta` users to server `s` now, integrating the times over the limits first. */
  addConn(s: number, delta: number): void {
    const now = this.clock.time[0] as number;
    const c = this.conn[s] as number;
    const cap = this.capacity[s] as number;
    const dt = now - (this.connAt[s] as number);
    if (c > cap) this.overCapacityS[s] = (this.overCapacityS[s] as number) + dt;
    if (c > WORST_CASE) this.overWorstCaseS[s] = (this.overWorstCaseS[s] as number) + dt;
    this.connUserS[s] = (this.connUserS[s] as number) + c * dt;
    this.connAt[s] = now;
    const next = c + delta;
    if (next > cap !== c > cap) {
      this.overCapacity.cross(s, now, next > cap);
      if (next > cap && this.firstOverCapacityAt[s] === -1) this.firstOverCapacityAt[s] = now;
    }
    if (next > WORST_CASE && this.firstOverWorstCaseAt[s] === -1) this.firstOverWorstCaseAt[s] = now;
    this.conn[s] = next;
    if (next > (this.peak[s] as number)) this.peak[s] = next;
  }

  /** True if the server is up, in the active list and its pool's database is online: it may take sign-ins. */
  serving(s: number): boolean {
    return this.down[s] === 0 && this.active[s] === 1 && this.poolServing[this.pool[s] as number] === 1;
  }

  /** User-seconds connected to server `s` from t = 0 up to `now` (≥ its last change). */
  userSecondsUpTo(s: number, now: number): number {
    return (this.connUserS[s] as number) + (this.conn[s] as number) * (now - (this.connAt[s] as number));
  }

  /** Seconds server `s` was up from t = 0 to `now` (≥ its last change). */
  upUntil(s: number, now: number): number {
    return (this.upS[s] as number) + (this.down[s] === 0 ? now - (this.upAt[s] as number) : 0);
  }

  /** Takes one sign-in token from server `s` if it has one now (token bucket refilled at ratePerS). */
  takeToken(s: number): boolean {
    const rate = this.ratePerS[s] as number;
    if (rate === Infinity) return true;
    const now = this.clock.time[0] as number;
    const t = Math.min(
      Math.max(1, rate),
      (this.tokens[s] as number) + (now - (this.tokensAt[s] as number)) * rate,
    );
    this.tokensAt[s] = now;
    if (t < 1) {
      this.tokens[s] = t;
      return false;
    }
    this.tokens[s] = t - 1;
    return true;
  }

  /**
   * Whether pool `p` has a sign-in token now (its bucket refilled at poolRatePerS); takes none, so a
   * sign-in refused by every server costs the pool nothing ({@link takePoolToken} takes it).
   */
  poolHasToken(p: number): boolean {
    const rate = this.poolRatePerS[p] as number;
    if (rate === Infinity) return true;
    const now = this.clock.time[0] as number;
    const t = Math.min(
      Math.max(1, rate),
      (this.poolTokens[p] as number) + (now - (this.poolTokensAt[p] as number)) * rate,
    );
    this.poolTokens[p] = t;
    this.poolTokensAt[p] = now;
    return t >= 1;
  }

  /** Takes the token {@link poolHasToken} found in pool `p` at this instant. */
  takePoolToken(p: number): void {
    if ((this.poolRatePerS[p] as number) !== Infinity)
      this.poolTokens[p] = (this.poolTokens[p] as number) - 1;
  }

  /** Puts server `s` in the active list (`on`) or takes it out. */
  setActive(s: number, on: boolean): void {
    this.activeFlags[s] = on ? 1 : 0;
    this.servingVersion++;
  }

  /** Lets pool `p`'s servers serve (`on`: its content database online) or not. */
  setPoolServing(p: number, on: boolean): void {
    this.poolServingFlags[p] = on ? 1 : 0;
    this.servingVersion++;
  }

  /** Marks one more reason for `s` to be down; returns true if it just went down. */
  markDown(s: number, now: number): boolean {
    this.servingVersion++;
    if (this.down[s] === 0) {
      this.upS[s] = (this.upS[s] as number) + now - (this.upAt[s] as number);
      this.downAt[s] = now;
    }
    this.down[s] = (this.down[s] as number) + 1;
    return this.down[s] === 1;
  }

  /** Removes one reason for `s` to be down; returns true if it just came up. */
  markUp(s: number, now: number): boolean {
    this.servingVersion++;
    if (this.down[s] === 0) return false;
    this.down[s] = (this.down[s] as number) - 1;
    if (this.down[s] !== 0) return false;
    this.upAt[s] = now;
    return true;
  }

  /** Servers up, in the active list, with their pool's database online. */
  activeUpCount(): number {
    let k = 0;
    for (let s = 0; s < this.n; s++) if (this.serving(s)) k++;
    return k;
  }

  /** Writes what changes as the run goes (not what the scenario sets), for a checkpoint. */
  saveState(out: StateOut): void {
    out.numbers(this.servingVersion);
    for (const a of this.stateArrays()) out.array(a);
    this.overCapacity.saveState(out);
  }

  restoreState(inp: StateIn): void {
    [this.servingVersion = 0] = inp.numbers(1);
    for (const a of this.stateArrays()) inp.into(a);
    this.overCapacity.restoreState(inp);
  }

  private stateArrays(): (Int32Array | Float64Array | Uint8Array)[] {
    return [
      this.tokens,
      this.tokensAt,
      this.poolTokens,
      this.poolTokensAt,
      this.conn,
      this.down,
      this.activeFlags,
      this.replacedBy,
      this.promoteEvent,
      this.drainEvent,
      this.drainAt,
      this.downAt,
      this.poolServingFlags,
      this.peak,
      this.connUserS,
      this.overCapacityS,
      this.firstOverCapacityAt,
      this.overWorstCaseS,
      this.firstOverWorstCaseAt,
      this.upS,
      this.connAt,
      this.upAt,
    ];
  }

  /** Closes the integrals now (the end of the run). */
  finish(): void {
    const now = this.clock.time[0] as number;
    for (let s = 0; s < this.n; s++) {
      this.addConn(s, 0);
      if (this.down[s] === 0) {
        this.upS[s] = (this.upS[s] as number) + now - (this.upAt[s] as number);
        this.upAt[s] = now;
      }
    }
  }
}
