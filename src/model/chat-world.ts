// The Persistent Chat world: users signing in and out of pool servers, driven by the engine.
// One object holds all state (no module state), so many worlds can run side by side.
import { Simulator, type EventHandler, type PendingEvent } from '../engine/simulator.js';
import type { StateIn, StateOut } from '../state-io.js';
import { EngineError } from '../errors.js';
import { Admin } from './admin.js';
import type { SimConfig } from './config.js';
import { Databases } from './database.js';
import { EventLog } from './event-log.js';
import * as E from './event-kinds.js';
import { Failover } from './failover.js';
import { MessageAccount } from './messages.js';
import { OutageTracker } from './outages.js';
import { ServerTable } from './server-table.js';
import { Tally } from './tally.js';
import { TimelineSampler, timelineColumns } from './timeline.js';
import { UserFlow } from './user-flow.js';
import { USER_WORDS, UserTable } from './user-table.js';
import { WarmupMark } from './warmup.js';

/** The simulated deployment; `handle` is the engine's single dispatch point. */
export class ChatWorld implements EventHandler {
  readonly sim: Simulator;
  readonly users: UserTable;
  readonly servers: ServerTable;
  readonly log = new EventLog();
  readonly tally: Tally;
  readonly outages: OutageTracker;
  /** The counts at the warm-up's end, which the summary subtracts. */
  readonly warmup: WarmupMark;
  readonly failover: Failover;
  readonly databases: Databases;
  readonly admin: Admin;
  readonly messages: MessageAccount;
  /** The users' sign-ins, sessions and sign-outs (the per-event half of the world). */
  readonly flow: UserFlow;
  private readonly sampler: TimelineSampler;

  constructor(readonly config: SimConfig) {
    const w = config.workload;
    // Closed: exactly the population; open: those on at t = 0, growing by doubling as arrivals come.
    const expectedUsers = (w.population ?? w.initialConnected) + 1024;
    // perf: each user has at most one pending event; faults, arrivals and admin events are few.
    this.sim = new Simulator(expectedUsers + 1024);
    // perf: each user's own event (sign-in attempt or session end) lives in the user's record, so
    // firing it costs one cache miss, not one for an event node and one for the record
    // (bench/README.md, "User events in the user's record").
    const useRecords = (records: Int32Array): void => this.sim.useEntities(records, USER_WORDS, E.EV_USER);
    this.users = new UserTable(expectedUsers, useRecords);
    useRecords(this.users.records);
    this.servers = new ServerTable(config, this.sim.hotPath);
    this.tally = new Tally(config.pools.length, this.sim.hotPath);
    this.outages = new OutageTracker(
      this.sim.hotPath,
      this.sim,
      config.durationS,
      config.pools.length,
      this.tally,
      config.outageWindow,
      config.warmupS,
    );
    this.warmup = new WarmupMark(config.servers.length, config.pools.length);
    this.flow = new UserFlow(config, this.sim, this.users, this.servers, this.tally, this.outages);
    this.failover = new Failover(this);
    this.databases = new Databases(this);
    this.admin = new Admin(this);
    this.messages = new MessageAccount(this);
    this.sampler = new TimelineSampler(config);
  }

  /** Places the initial users and schedules the first arrivals and faults. Call once, at t = 0. */
  start(): void {
    if (!(this.config.warmupS >= 0))
      throw new EngineError('Invalid config: warmup auto must be found (a pilot run) before the run starts');
    // First, so that events at the warm-up's end fall in the summary's window [warmup, end].
    if (this.config.warmupS > 0) this.sim.schedule(this.config.warmupS, E.EV_WARMUP, 0);
    this.flow.start();
    this.failover.start();
  }

  handle(kind: number, a: number, b: number): void {
    switch (kind) {
      case E.EV_USER:
        return this.flow.userEvent(a);
      case E.EV_ARRIVAL:
        return this.flow.arrive(a);
      case E.EV_FAULT:
        return this.failover.scheduledFault(a);
      case E.EV_RANDOM_FAIL:
        return this.failover.randomFail(a, b);
      case E.EV_RANDOM_RESTORE:
        return this.failover.randomRestore(a, b);
      case E.EV_PROMOTE:
        return this.failover.promotion.due(a);
      case E.EV_DB_FAILOVER:
        return this.databases.mirrorFailover(a, b);
      case E.EV_SITE_FAILOVER:
        return this.databases.siteFailover(a);
      case E.EV_FAILBACK_DONE:
        return this.databases.failbackDone(a);
      case E.EV_DRAIN_DEADLINE:
        return this.admin.drainDeadline(a);
      case E.EV_WARMUP:
        return this.warmup.take(this, this.sim.now);
      case E.EV_WINDOW:
        return this.outages.windowEvent(a);
    }
  }

  /**
   * Runs every event up to and including time `t`, accruing messages at each step of their own
   * schedule on the way (after the events at that step's time).
   * @param maxEvents - fire at most this many events (see `Simulator.run`).
   * @returns false when `maxEvents` ran out first; call again with the same `t` to carry on.
   */
  advanceTo(t: number, maxEvents = Infinity): boolean {
    const sim = this.sim;
    const stop = sim.eventsProcessed + maxEvents;
    for (;;) {
      const at = this.messages.nextAccrualS;
      if (at > t) return sim.run(t, this, stop - sim.eventsProcessed);
      if (!sim.run(at, this, stop - sim.eventsProcessed)) return false;
      this.messages.accrueStep();
    }
  }

  /**
   * Writes the whole world's state between two events, for a checkpoint: every part in turn, the
   * users' records before the pending events (the engine reads the entities' seqs from them).
   */
  saveState(out: StateOut): void {
    this.users.saveState(out);
    this.servers.saveState(out);
    this.tally.saveState(out);
    this.outages.saveState(out);
    this.warmup.saveState(out);
    this.flow.saveState(out);
    this.failover.saveState(out);
    this.databases.saveState(out);
    this.messages.saveState(out);
    this.log.saveState(out);
    this.sim.saveState(out);
  }

  /**
   * Reads a saved world into this one, built from its config (or a branch's) and not started. `edit`
   * may re-time, change or drop pending model events (a branch's changed settings).
   */
  restoreState(inp: StateIn, edit?: (e: PendingEvent) => void): void {
    this.users.restoreState(inp);
    this.servers.restoreState(inp);
    this.tally.restoreState(inp);
    this.outages.restoreState(inp);
    this.warmup.restoreState(inp);
    this.flow.restoreState(inp);
    this.failover.restoreState(inp);
    this.databases.restoreState(inp);
    this.messages.restoreState(inp);
    this.log.restoreState(inp);
    this.sim.restoreState(inp, edit);
  }

  /**
   * After a restore whose edit dropped pending events (a branch that never promotes, say): forgets the
   * handles the model kept of them, as if they had never been scheduled.
   */
  forgetDroppedEvents(): void {
    const { servers, sim, databases } = this;
    for (let s = 0; s < servers.n; s++) {
      if (!sim.isPending(servers.promoteEvent[s] as number)) servers.promoteEvent[s] = -1;
      if (!sim.isPending(servers.drainEvent[s] as number)) {
        servers.drainEvent[s] = -1;
        servers.drainAt[s] = NaN;
      }
    }
    databases.forgetDropped();
  }

  /** The timeline's columns (see timeline.ts). */
  timelineColumns(): string[] {
    return timelineColumns(this.config);
  }

  /** Writes one timeline row (see timeline.ts). */
  sampleInto(row: Float64Array): void {
    this.sampler.sampleInto(this, row);
  }

  /**
   * Gives the users' records and the event queue back to the system once the run's figures are taken
   * (its summary); the world must not be run afterwards.
   */
  discard(): void {
    this.users.discard();
    this.sim.discard();
  }

  /** Closes every time integral at the current time (the end of the run). */
  finish(): void {
    this.tally.finish();
    this.servers.finish();
    this.messages.accrue(this.sim.now);
  }
}
