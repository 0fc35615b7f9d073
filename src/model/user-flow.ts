// A user's way through the deployment: sign-in attempts through the balancer, sessions and
// sign-outs, retries and give-ups, and being cut off when a server or a pool's database goes.
// The per-event half of the world: ChatWorld dispatches each user's event here.
import type { HotPath, Simulator } from '../engine/simulator.js';
import type { Distribution } from '../random/distributions.js';
import type { Variates } from '../random/variates.js';
import type { StateIn, StateOut } from '../state-io.js';
import { Balancer } from './balancer.js';
import { CutOff } from './cut-off.js';
import { PoolArrivals } from './pool-arrivals.js';
import type { SimConfig } from './config.js';
import type { OutageTracker } from './outages.js';
import { RetryPolicy } from './retry-policy.js';
import type { ServerTable } from './server-table.js';
import { startingUsers } from './stationary-start.js';
import type { Streams } from './streams.js';
import { UserDraws } from './user-draws.js';
import type { Tally } from './tally.js';
import {
  F_LEFT,
  F_LOST,
  F_WANTED,
  U_CONNECTED,
  U_SIGNED_OUT,
  U_WAITING,
  type UserTable,
} from './user-table.js';
import { DOC_LIMITS } from './limits.js';

/** Users signing in and out of a world's servers (see ChatWorld, which owns the tables it writes). */
export class UserFlow {
  /** The user draws: streams and batched sampling sites (a second thread may make them ahead). */
  readonly draws: UserDraws;
  private readonly rng: Streams;
  private readonly balancer: Balancer;
  private readonly retry: RetryPolicy;
  private readonly arrivals: PoolArrivals;
  private readonly closed: boolean;
  /** The engine's speed doors: the clock, and the time to schedule at (perf: see HotPath). */
  private readonly hot: HotPath;
  // perf: the sampling sites' draws are made in batches (bench/README.md, "Batched draws").
  private readonly sessions: Variates;
  private readonly offTimes: Variates | null;
  private readonly cutOff: CutOff;

  constructor(
    private readonly config: SimConfig,
    private readonly sim: Simulator,
    private readonly users: UserTable,
    private readonly servers: ServerTable,
    private readonly tally: Tally,
    private readonly outages: OutageTracker,
  ) {
    const w = config.workload;
    this.hot = sim.hotPath;
    this.draws = new UserDraws(w, config.seed);
    this.rng = this.draws.rng;
    this.balancer = new Balancer(config, servers, this.rng.balance);
    this.retry = new RetryPolicy(w.retry);
    this.arrivals = new PoolArrivals(config, sim, this.rng.arrivals);
    this.closed = w.population !== null;
    this.sessions = this.draws.sessions;
    this.offTimes = this.draws.offTimes;
    this.cutOff = new CutOff(config, sim, users, servers, tally, outages, this.draws.reconnects);
  }

  /** Writes the streams, the batches of draws and the balancer's cursors, for a checkpoint. */
  saveState(out: StateOut): void {
    this.draws.saveState(out);
    this.balancer.saveState(out);
    this.draws.saveBatches(out);
  }

  restoreState(inp: StateIn): void {
    this.draws.restoreState(inp);
    this.balancer.restoreState(inp);
    this.draws.restoreBatches(inp);
  }

  /**
   * Schedules pool `pool`'s next arrival after now, drawn from the arrivals stream (a branch whose new
   * rate brings arrivals where none was pending).
   */
  startArrivals(pool: number): void {
    this.arrivals.scheduleNext(pool);
  }

  /** Places the initial users and schedules the first arrivals. Call once, at t = 0. */
  start(): void {
    const { on, population } = startingUsers(this.config, this.rng.initial);
    const offAtStart = this.draws.offTimeAtStart();
    on.forEach((count, pool) => {
      for (let i = 0; i < count; i++) this.placeInitial(pool, this.config.workload.initialStationary);
      const idle = population === null ? 0 : (population[pool] ?? 0) - count;
      for (let i = 0; i < idle; i++) this.signOut(this.users.alloc(pool, U_SIGNED_OUT), false, offAtStart);
    });
    this.arrivals.startAll();
  }

  /** User `u`'s own event: a connected user's session ends; anyone else makes a sign-in attempt. */
  userEvent(u: number): void {
    const state = this.users.state(u);
    if (state === U_CONNECTED) return this.endSession(u);
    if (state === U_SIGNED_OUT) this.beginEpisode(u);
    this.attempt(u);
  }

  /**
   * A user on at t = 0 makes a first sign-in attempt through the balancer, refused beyond the
   * admission limit; they were connecting before t = 0, so the sign-in rate limit does not apply.
   * A `stationary` user is the state of a run already going: placed, but not a sign-in attempt.
   */
  private placeInitial(pool: number, stationary: boolean): void {
    const u = this.users.alloc(pool, U_WAITING);
    const tally = this.tally;
    tally.initial += 1;
    tally.addWaiting(1, pool);
    this.wants(u);
    const s = this.balancer.pick(pool, true);
    if (!stationary) {
      tally.attempts += 1;
      tally.firstAttempts += 1;
      if (s >= 0) tally.accepted += 1;
    }
    if (s < 0) return this.refused(u, 0);
    this.users.times[this.users.endAtIndex(u)] = this.sessions.sample(this.draws.initialSession);
    this.connect(u, s);
  }

  /** Counts user `u` among the distinct users who wanted service. */
  private wants(u: number): void {
    if (!this.users.flag(u, F_WANTED)) return;
    const t = this.tally;
    t.wanted += 1;
    if (t.wanted === DOC_LIMITS.provisionedUsers + 1) t.firstOverProvisionedAt = this.sim.now;
  }

  /** A new user arrives in `pool` (open model) and makes a first sign-in attempt. */
  arrive(pool: number): void {
    const u = this.users.alloc(pool, U_WAITING);
    this.tally.arrivals += 1;
    this.tally.addWaiting(1, pool);
    this.wants(u);
    this.attempt(u);
    this.arrivals.scheduleNext(pool);
  }

  private beginEpisode(u: number): void {
    this.users.setState(u, U_WAITING);
    this.users.setAttempt(u, 0);
    this.users.times[this.users.endAtIndex(u)] = NaN;
    this.tally.signedOut -= 1;
    this.tally.addWaiting(1, this.users.pool(u));
    this.wants(u);
  }

  /** One sign-in attempt by waiting user `u`. */
  private attempt(u: number): void {
    const now = this.hot.time[0] as number;
    const users = this.users;
    const tally = this.tally;
    const endAt = users.times[users.endAtIndex(u)] as number;
    if (endAt <= now) {
      // The session would have ended while the user was locked out: they stop trying.
      tally.signOuts += 1;
      return this.stopWaiting(u, false);
    }
    const retries = users.attempt(u);
    tally.attempts += 1;
    if (retries === 0) tally.firstAttempts += 1;
    const s = this.balancer.pick(users.pool(u));
    if (s >= 0) {
      tally.accepted += 1;
      return this.connect(u, s);
    }
    this.refused(u, retries);
  }

  /** User `u`'s attempt after `retries` retries was refused: retry later or give up. */
  private refused(u: number, retries: number): void {
    const now = this.hot.time[0] as number;
    const users = this.users;
    const tally = this.tally;
    const endAt = users.times[users.endAtIndex(u)] as number;
    tally.denied += 1;
    if (retries === 0) tally.firstRefused += 1;
    if (retries < this.retry.maxAttempts) {
      users.setAttempt(u, retries + 1);
      const at = now + this.retry.wait(retries, this.rng.retry);
      // endAt is NaN before the first connection, and NaN < at is false.
      this.hot.nextTime[0] = endAt < at ? endAt : at;
      this.scheduleAttempt(u);
      return;
    }
    tally.gaveUp += 1;
    this.stopWaiting(u, true);
  }

  /**
   * Schedules user `u`'s next attempt at the time in `hot.nextTime[0]` (perf: not an argument, see
   * HotPath); one past the end of the run is not scheduled (they wait to the end).
   */
  private scheduleAttempt(u: number): void {
    if ((this.hot.nextTime[0] as number) <= this.config.durationS) this.hot.scheduleEntityAtTime(u);
  }

  /**
   * A waiting user stops trying: `gaveUp` (refused with no retry left: lost, the system failed them), or
   * their planned session is over (they left while waiting: they would have signed out anyway).
   */
  private stopWaiting(u: number, gaveUp: boolean): void {
    const users = this.users;
    const pool = users.pool(u);
    const endAt = users.times[users.endAtIndex(u)] as number;
    this.tally.addWaiting(-1, pool);
    if (gaveUp) {
      if (users.flag(u, F_LOST)) this.tally.lost += 1;
      this.outages.lost(users.outage(u), pool, endAt);
    } else {
      if (users.flag(u, F_LEFT)) this.tally.leftWhileWaiting += 1;
      this.outages.left(users.outage(u), pool, endAt);
    }
    users.setOutage(u, -1);
    this.signOut(u, true);
  }

  private connect(u: number, s: number): void {
    const now = this.hot.time[0] as number;
    const users = this.users;
    const pool = users.pool(u);
    users.setState(u, U_CONNECTED);
    users.setServer(u, s);
    this.servers.addConn(s, 1);
    this.tally.addWaiting(-1, pool);
    this.tally.addConnected(1);
    this.tally.poolJoins[pool] = (this.tally.poolJoins[pool] as number) + 1;
    // perf: the tag is read only while some user carries one, as the read is a cache miss per sign-in
    // (bench/README.md, "Outage tags read only when set").
    const outage = this.outages.tagged > 0 ? users.outage(u) : -1;
    if (outage >= 0) {
      this.outages.served(outage, pool);
      users.setOutage(u, -1);
    }
    const times = users.times;
    const at = users.endAtIndex(u);
    let endAt = times[at] as number;
    if (endAt !== endAt) {
      const sessions = this.sessions;
      endAt = now + (sessions.draws[sessions.take()] as number);
      times[at] = endAt;
    }
    // perf: the time goes through nextTime so no double is boxed per sign-in (see HotPath).
    this.hot.nextTime[0] = endAt;
    this.hot.scheduleEntityAtTime(u);
  }

  private endSession(u: number): void {
    const pool = this.users.pool(u);
    this.servers.addConn(this.users.server(u), -1);
    this.users.setServer(u, -1);
    this.tally.addConnected(-1);
    this.tally.poolParts[pool] = (this.tally.poolParts[pool] as number) + 1;
    this.tally.signOuts += 1;
    this.signOut(u, true);
  }

  /** Ends a user's episode: the open model forgets them, the closed model schedules their return. */
  private signOut(u: number, counted: boolean, offTime = this.draws.offTime): void {
    if (!this.closed) {
      if (counted) this.tally.left += 1;
      this.users.release(u);
      return;
    }
    this.users.setState(u, U_SIGNED_OUT);
    this.tally.signedOut += 1;
    const draws = this.offTimes as Variates;
    // perf: the usual off-time read from the batch here (see Variates.take).
    const back =
      (this.hot.time[0] as number) +
      (offTime === this.draws.offTime
        ? (draws.draws[draws.take()] as number)
        : draws.sample(offTime as Distribution));
    if (back <= this.config.durationS) {
      this.hot.nextTime[0] = back;
      this.hot.scheduleEntityAtTime(u);
    }
  }

  /** See {@link CutOff.dropUsers}. */
  dropUsers(s: number, outage: number, limit?: number): number {
    return this.cutOff.dropUsers(s, outage, limit);
  }

  /** See {@link CutOff.dropPool}. */
  dropPool(p: number, outage: number): number {
    return this.cutOff.dropPool(p, outage);
  }
}
