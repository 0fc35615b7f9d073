// The Persistent Chat world: users signing in and out of pool servers, driven by the engine.
// One object holds all state (no module state), so many worlds can run side by side.
import { Simulator, type EventHandler } from '../engine/simulator.js';
import { makeDistribution, type Distribution } from '../random/distributions.js';
import { PiecewiseRate } from '../random/poisson-process.js';
import { makeResidual } from '../random/residual.js';
import { Rng, streamSeed } from '../random/rng.js';
import { Balancer } from './balancer.js';
import type { SimConfig } from './config.js';
import { EventLog } from './event-log.js';
import { EV_ARRIVAL, EV_ATTEMPT, EV_FAULT, EV_PROMOTE, EV_RANDOM_FAIL, EV_RANDOM_RESTORE, EV_SESSION_END } from './event-kinds.js';
import { Failover } from './failover.js';
import { ServerTable } from './server-table.js';
import { Tally } from './tally.js';
import { U_CONNECTED, U_SIGNED_OUT, U_WAITING, UserTable } from './user-table.js';

/** Named random streams: changing one part of a scenario leaves the other streams untouched. */
class Streams {
  readonly arrivals: Rng;
  readonly session: Rng;
  readonly reconnect: Rng;
  readonly retry: Rng;
  readonly offTime: Rng;
  readonly balance: Rng;
  constructor(seed: number) {
    this.arrivals = new Rng(streamSeed(seed, 'arrivals'));
    this.session = new Rng(streamSeed(seed, 'session'));
    this.reconnect = new Rng(streamSeed(seed, 'reconnect'));
    this.retry = new Rng(streamSeed(seed, 'retry'));
    this.offTime = new Rng(streamSeed(seed, 'offTime'));
    this.balance = new Rng(streamSeed(seed, 'balance'));
  }
}

/** The simulated deployment; `handle` is the engine's single dispatch point. */
export class ChatWorld implements EventHandler {
  readonly sim: Simulator;
  readonly users: UserTable;
  readonly servers: ServerTable;
  readonly log = new EventLog();
  readonly tally = new Tally();
  readonly failover: Failover;
  private readonly rng: Streams;
  private readonly balancer: Balancer;
  private readonly session: Distribution;
  private readonly initialSession: Distribution;
  private readonly reconnectDelay: Distribution;
  private readonly retryDelay: Distribution;
  private readonly offTime: Distribution | null;
  private readonly arrivals: readonly PiecewiseRate[];
  private readonly backoff: number;
  private readonly maxRetries: number;
  private readonly closed: boolean;

  constructor(readonly config: SimConfig) {
    const w = config.workload;
    const expectedUsers = (w.population ?? 0) + w.initialConnected + 1024;
    this.sim = new Simulator(Math.max(1024, 2 * expectedUsers));
    this.users = new UserTable(expectedUsers);
    this.servers = new ServerTable(config);
    this.rng = new Streams(config.seed);
    this.balancer = new Balancer(config, this.servers, this.rng.balance);
    this.session = makeDistribution(w.session);
    this.initialSession = w.initialSessions === 'residual' ? makeResidual(w.session) : this.session;
    this.reconnectDelay = makeDistribution(w.reconnectDelay);
    this.retryDelay = makeDistribution(w.retry.delay);
    this.offTime = w.offTime === null ? null : makeDistribution(w.offTime);
    const points = w.arrivals;
    this.arrivals = points === null ? [] : config.pools.map((p) => new PiecewiseRate(points.map((x) => ({ at: x.at, rate: x.rate * p.userShare }))));
    this.backoff = w.retry.backoff;
    this.maxRetries = w.retry.maxAttempts;
    this.closed = w.population !== null;
    this.failover = new Failover(this);
  }

  /** Places the initial users and schedules the first arrivals and faults. Call once, at t = 0. */
  start(): void {
    const w = this.config.workload;
    const initial = splitByShare(w.initialConnected, this.config.pools.map((p) => p.userShare));
    const population = w.population === null ? null : splitByShare(w.population, this.config.pools.map((p) => p.userShare));
    initial.forEach((count, pool) => {
      for (let i = 0; i < count; i++) this.placeInitial(pool);
      const idle = population === null ? 0 : (population[pool] ?? 0) - count;
      for (let i = 0; i < idle; i++) this.signOut(this.users.alloc(pool, U_SIGNED_OUT), false);
    });
    this.arrivals.forEach((proc, pool) => {
      const t = proc.nextArrival(0, this.rng.arrivals);
      if (t <= this.config.durationS) this.sim.schedule(t, EV_ARRIVAL, pool);
    });
    this.failover.start();
  }

  handle(kind: number, a: number, b: number): void {
    switch (kind) {
      case EV_ATTEMPT:
        this.users.event[a] = -1;
        if (this.users.state[a] === U_SIGNED_OUT) this.beginEpisode(a);
        this.attempt(a);
        return;
      case EV_SESSION_END:
        this.users.event[a] = -1;
        this.endSession(a);
        return;
      case EV_ARRIVAL:
        this.arrive(a);
        return;
      case EV_FAULT:
        this.failover.scheduledFault(a);
        return;
      case EV_RANDOM_FAIL:
        this.failover.randomFail(a, b);
        return;
      case EV_RANDOM_RESTORE:
        this.failover.randomRestore(a, b);
        return;
      case EV_PROMOTE:
        this.failover.promote(a);
        return;
    }
  }

  /** Runs every event up to and including time `t`. */
  advanceTo(t: number): void {
    this.sim.run(t, this);
  }

  /** Writes one timeline row: time_s, connected, waiting, denied, active_servers, then each server's users. */
  sampleInto(row: Float64Array): void {
    const t = this.tally;
    row[0] = this.sim.now;
    row[1] = t.connected;
    row[2] = t.waiting;
    row[3] = t.denied;
    row[4] = this.servers.activeUpCount();
    const conn = this.servers.conn;
    for (let s = 0; s < this.servers.n; s++) row[5 + s] = conn[s] as number;
  }

  /** Closes every time integral at the current time (the end of the run). */
  finish(): void {
    this.tally.touch(this.sim.now);
    this.servers.finish(this.sim.now);
  }

  private placeInitial(pool: number): void {
    const u = this.users.alloc(pool, U_WAITING);
    this.tally.initial += 1;
    this.tally.addWaiting(1, 0);
    const s = this.balancer.pick(pool, 0, true);
    if (s < 0) {
      this.users.event[u] = this.sim.schedule(0, EV_ATTEMPT, u);
      return;
    }
    this.users.endAt[u] = this.initialSession.sample(this.rng.session);
    this.connect(u, s);
  }

  private arrive(pool: number): void {
    const now = this.sim.now;
    const u = this.users.alloc(pool, U_WAITING);
    this.tally.arrivals += 1;
    this.tally.addWaiting(1, now);
    this.attempt(u);
    const next = (this.arrivals[pool] as PiecewiseRate).nextArrival(now, this.rng.arrivals);
    if (next <= this.config.durationS) this.sim.schedule(next, EV_ARRIVAL, pool);
  }

  private beginEpisode(u: number): void {
    this.users.state[u] = U_WAITING;
    this.users.attempt[u] = 0;
    this.users.endAt[u] = NaN;
    this.tally.signedOut -= 1;
    this.tally.addWaiting(1, this.sim.now);
  }

  /** One sign-in attempt by waiting user `u`. */
  private attempt(u: number): void {
    const now = this.sim.now;
    const users = this.users;
    const tally = this.tally;
    const endAt = users.endAt[u] as number;
    if (endAt <= now) {
      // The session would have ended while the user was locked out: they stop trying.
      tally.addWaiting(-1, now);
      tally.signOuts += 1;
      this.signOut(u, true);
      return;
    }
    const retries = users.attempt[u] as number;
    tally.attempts += 1;
    if (retries === 0) tally.firstAttempts += 1;
    const s = this.balancer.pick(users.pool[u] as number, now);
    if (s >= 0) {
      tally.accepted += 1;
      this.connect(u, s);
      return;
    }
    tally.denied += 1;
    if (retries === 0) tally.firstRefused += 1;
    if (retries < this.maxRetries) {
      users.attempt[u] = retries + 1;
      const at = now + this.retryDelay.sample(this.rng.retry) * Math.pow(this.backoff, retries);
      // endAt is NaN before the first connection, and NaN < at is false.
      users.event[u] = this.sim.schedule(endAt < at ? endAt : at, EV_ATTEMPT, u);
      return;
    }
    tally.gaveUp += 1;
    tally.addWaiting(-1, now);
    this.signOut(u, true);
  }

  private connect(u: number, s: number): void {
    const now = this.sim.now;
    const users = this.users;
    users.state[u] = U_CONNECTED;
    users.server[u] = s;
    this.servers.addConn(s, 1, now);
    this.tally.addWaiting(-1, now);
    this.tally.addConnected(1, now);
    let endAt = users.endAt[u] as number;
    if (endAt !== endAt) {
      endAt = now + this.session.sample(this.rng.session);
      users.endAt[u] = endAt;
    }
    users.event[u] = this.sim.schedule(endAt, EV_SESSION_END, u);
  }

  private endSession(u: number): void {
    const now = this.sim.now;
    this.servers.addConn(this.users.server[u] as number, -1, now);
    this.users.server[u] = -1;
    this.tally.addConnected(-1, now);
    this.tally.signOuts += 1;
    this.signOut(u, true);
  }

  /** Ends a user's episode: the open model forgets them, the closed model schedules their return. */
  private signOut(u: number, counted: boolean): void {
    if (!this.closed) {
      if (counted) this.tally.left += 1;
      this.users.release(u);
      return;
    }
    this.users.state[u] = U_SIGNED_OUT;
    this.tally.signedOut += 1;
    const back = this.sim.now + (this.offTime as Distribution).sample(this.rng.offTime);
    if (back <= this.config.durationS) this.users.event[u] = this.sim.schedule(back, EV_ATTEMPT, u);
  }

  /** Disconnects every user of server `s` (it failed); each reconnects after the reconnect delay. */
  dropUsers(s: number): number {
    const now = this.sim.now;
    const users = this.users;
    let dropped = 0;
    for (let u = 0; u < users.used; u++) {
      if (users.server[u] !== s || users.state[u] !== U_CONNECTED) continue;
      this.sim.cancel(users.event[u] as number);
      users.server[u] = -1;
      users.state[u] = U_WAITING;
      users.attempt[u] = 0;
      const at = Math.min(now + this.reconnectDelay.sample(this.rng.reconnect), users.endAt[u] as number);
      users.event[u] = this.sim.schedule(at, EV_ATTEMPT, u);
      dropped++;
    }
    this.servers.addConn(s, -dropped, now);
    this.tally.addConnected(-dropped, now);
    this.tally.addWaiting(dropped, now);
    this.tally.disconnects += dropped;
    return dropped;
  }
}

/** Splits `total` into integer parts proportional to `shares` (largest remainder, ties to the first). */
export function splitByShare(total: number, shares: readonly number[]): number[] {
  const raw = shares.map((s) => total * s);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}
