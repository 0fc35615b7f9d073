// A user's way through the deployment: sign-in attempts through the balancer, sessions and
// sign-outs, retries and give-ups, and being cut off when a server or a pool's database goes.
// The per-event half of the world: ChatWorld dispatches each user's event here.
import type { HotPath, Simulator } from '../engine/simulator.js';
import type { Distribution } from '../random/distributions.js';
import { PiecewiseRate } from '../random/poisson-process.js';
import type { Variates } from '../random/variates.js';
import type { StateIn, StateOut } from '../state-io.js';
import { Balancer } from './balancer.js';
import type { SimConfig } from './config.js';
import * as E from './event-kinds.js';
import type { OutageTracker } from './outages.js';
import { RetryPolicy } from './retry-policy.js';
import type { ServerTable } from './server-table.js';
import { stationaryCounts } from './stationary-start.js';
import { splitByShare, type Streams } from './streams.js';
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

const PROVISIONED_USERS = DOC_LIMITS.provisionedUsers;

/** Users signing in and out of a world's servers (see ChatWorld, which owns the tables it writes). */
export class UserFlow {
  /** The user draws: streams and batched sampling sites (a second thread may make them ahead). */
  readonly draws: UserDraws;
  private readonly rng: Streams;
  private readonly balancer: Balancer;
  private readonly retry: RetryPolicy;
  private readonly offTime: Distribution | null;
  private readonly arrivals: readonly PiecewiseRate[];
  private readonly closed: boolean;
  /** The engine's speed doors: the clock, and the time to schedule at (perf: see HotPath). */
  private readonly hot: HotPath;
  // perf: the sampling sites' draws are made in batches (bench/README.md, "Batched draws").
  private readonly sessions: Variates;
  private readonly offTimes: Variates | null;
  private readonly reconnects: Variates;

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
    this.offTime = this.draws.offTime;
    const points = w.arrivals;
    this.arrivals =
      points === null
        ? []
        : config.pools.map(
            (p) => new PiecewiseRate(points.map((x) => ({ at: x.at, rate: x.rate * p.userShare }))),
          );
    this.closed = w.population !== null;
    this.sessions = this.draws.sessions;
    this.offTimes = this.draws.offTimes;
    this.reconnects = this.draws.reconnects;
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
    const proc = this.arrivals[pool];
    if (proc === undefined) return;
    const next = proc.nextArrival(this.sim.now, this.rng.arrivals);
    if (next <= this.config.durationS) this.sim.schedule(next, E.EV_ARRIVAL, pool);
  }

  /** Places the initial users and schedules the first arrivals. Call once, at t = 0. */
  start(): void {
    const w = this.config.workload;
    const shares = this.config.pools.map((p) => p.userShare);
    const population = w.population === null ? null : splitByShare(w.population, shares);
    // A closed pool's initial users are a share of its own population, so they never outnumber it.
    const initial = w.initialStationary
      ? stationaryCounts(this.config.pools, this.config.servers, w).map((c) => c.sample(this.rng.initial))
      : splitByShare(
          w.initialConnected,
          population === null || w.population === 0
            ? shares
            : population.map((n) => n / (w.population as number)),
        );
    const offAtStart = this.draws.offTimeAtStart();
    initial.forEach((count, pool) => {
      for (let i = 0; i < count; i++) this.placeInitial(pool, w.initialStationary);
      const idle = population === null ? 0 : (population[pool] ?? 0) - count;
      for (let i = 0; i < idle; i++) this.signOut(this.users.alloc(pool, U_SIGNED_OUT), false, offAtStart);
    });
    this.arrivals.forEach((proc, pool) => {
      const t = proc.nextArrival(0, this.rng.arrivals);
      if (t <= this.config.durationS) this.sim.schedule(t, E.EV_ARRIVAL, pool);
    });
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
    if (t.wanted === PROVISIONED_USERS + 1) t.firstOverProvisionedAt = this.sim.now;
  }

  /** A new user arrives in `pool` (open model) and makes a first sign-in attempt. */
  arrive(pool: number): void {
    const now = this.hot.time[0] as number;
    const u = this.users.alloc(pool, U_WAITING);
    this.tally.arrivals += 1;
    this.tally.addWaiting(1, pool);
    this.wants(u);
    this.attempt(u);
    const next = (this.arrivals[pool] as PiecewiseRate).nextArrival(now, this.rng.arrivals);
    if (next <= this.config.durationS) this.sim.schedule(next, E.EV_ARRIVAL, pool);
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
   * A waiting user stops trying: `gaveUp` (retries exhausted: lost, the system failed them), or their
   * planned session is over (they left while waiting: they would have signed out anyway).
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
  private signOut(u: number, counted: boolean, offTime = this.offTime): void {
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
      (offTime === this.offTime
        ? (draws.draws[draws.take()] as number)
        : draws.sample(offTime as Distribution));
    if (back <= this.config.durationS) {
      this.hot.nextTime[0] = back;
      this.hot.scheduleEntityAtTime(u);
    }
  }

  /**
   * Disconnects every user of server `s` (at most `limit`); each reconnects after the reconnect delay.
   * Users are tagged with `outage` (-1: none) until they are served again. @returns the number dropped.
   */
  dropUsers(s: number, outage: number, limit = 2147483647): number {
    if (this.servers.conn[s] === 0) return 0;
    const now = this.hot.time[0] as number;
    const users = this.users;
    const reconnects = this.reconnects;
    const pool = this.servers.pool[s] as number;
    let dropped = 0;
    for (let u = 0; u < users.used && dropped < limit; u++) {
      if (users.server(u) !== s || users.state(u) !== U_CONNECTED) continue;
      this.sim.cancelEntity(u);
      users.setServer(u, -1);
      users.setState(u, U_WAITING);
      users.setAttempt(u, 0);
      if (outage >= 0) users.setOutage(u, this.outages.affect(users.outage(u), outage, pool));
      const at = now + (reconnects.draws[reconnects.take()] as number);
      const endAt = users.times[users.endAtIndex(u)] as number;
      this.hot.nextTime[0] = endAt < at ? endAt : at;
      this.scheduleAttempt(u);
      dropped++;
    }
    this.servers.addConn(s, -dropped);
    this.tally.addConnected(-dropped);
    this.tally.addWaiting(dropped, pool);
    this.tally.disconnects += dropped;
    return dropped;
  }

  /** Disconnects every user of pool `p` (its database went offline). @returns the number dropped. */
  dropPool(p: number, outage: number): number {
    let dropped = 0;
    for (const s of this.config.pools[p]?.servers ?? []) dropped += this.dropUsers(s, outage);
    return dropped;
  }
}
