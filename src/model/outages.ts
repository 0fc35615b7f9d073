// Outages: each failure that cuts users off (a server, a database, a failback, a forced drain),
// with the users it affected, how many were served again, gave up or left while waiting, the
// user-seconds they went without, and its failure window: the first sign-ins and the affected users
// from the outage until everyone who still wants service is back (at most a set time), plus a settle.
import type { HotPath } from '../engine/simulator.js';
import type { StateIn, StateOut } from '../state-io.js';
import type { OutageWindowConfig } from './config.js';
import { EV_WINDOW } from './event-kinds.js';
import type { RecoveryPoint } from './log-shipping.js';
import {
  newOutage,
  reached95,
  settle,
  stillWaiting,
  type AttemptCounts,
  type Outage,
  type OutageWindow,
} from './outage.js';

/** What the tracker schedules its window events with (the Simulator). */
export interface WindowEvents {
  schedule(at: number, kind: number, a?: number, b?: number): number;
}

/**
 * Tracks outages; users carry the id of the outage they are recovering from (UserTable.outage).
 * Also keeps the user-seconds without service of cut-off users, per pool: from the cut until the
 * user is served again, or (lost) until their planned sign-out, capped at the end of the run.
 * perf: each cut adds the whole rest of the run and each resolution takes back what did not
 * happen, so nothing is stored per user and nothing is scanned at the end.
 */
export class OutageTracker {
  readonly list: Outage[] = [];
  /** Per pool: user-seconds without service of users cut off by an outage. */
  readonly userSeconds: Float64Array;
  /** Users tagged with any outage now: 0 means no user carries a tag (UserFlow.connect skips the read). */
  tagged = 0;

  /**
   * @param clock the simulated time {@link affect} and {@link served} happen at (read, not passed:
   *   they run once per user cut off and served again, and a double passed to a call V8 does not
   *   inline is boxed; see HotPath).
   * @param events where its window events are scheduled.
   * @param durationS the run's length: lost time is counted up to it.
   * @param fromS lost time before it (a warm-up) is not counted.
   */
  constructor(
    private readonly clock: HotPath,
    private readonly events: WindowEvents,
    private readonly durationS: number,
    pools: number,
    private readonly counts: AttemptCounts,
    private readonly windowConfig: OutageWindowConfig,
    private readonly fromS = 0,
  ) {
    this.userSeconds = new Float64Array(pools);
  }

  /**
   * Opens an outage at `start`; returns its id. Its window may close at `start` (after the users it
   * cuts off now are counted, if none is), once it settles, and at the latest start + max + settle.
   */
  open(start: number, cause: string): number {
    const id = this.list.length;
    const o = newOutage(start, cause, this.counts, this.windowConfig);
    this.list.push(o);
    this.events.schedule(start, EV_WINDOW, id);
    this.events.schedule(o.windowEndAt, EV_WINDOW, id);
    return id;
  }

  /**
   * Outage `id`'s window event: closes the window when its end has come. At the outage's start, an
   * outage that cut off nobody settles at once.
   */
  windowEvent(id: number): void {
    const o = this.list[id] as Outage;
    if (o.window !== null) return;
    const now = this.clock.time[0] as number;
    if (o.settledAt === null && stillWaiting(o) === 0 && o.usersAffected === 0) this.settleWindow(o, id, now);
    if (now >= o.windowEndAt) o.window = this.windowOf(o, now, true);
  }

  /** Outage `o`'s window as of `now` (the run's end, for a window still open: not complete). */
  windowOf(o: Outage, now: number, complete: boolean): OutageWindow {
    return {
      end: now,
      firstAttempts: this.counts.firstAttempts - o.attemptsAtStart,
      firstRefused: this.counts.firstRefused - o.refusedAtStart,
      usersWanting: o.usersAffected - o.usersLeftWhileWaiting,
      usersLost: o.usersLost + stillWaiting(o),
      recovered95At: o.recovered95At !== null && o.recovered95At <= now ? o.recovered95At : null,
      complete,
    };
  }

  /** Everyone affected who still wants service is back, gave up or left now: the window ends after settling. */
  private settleWindow(o: Outage, id: number, now: number): void {
    o.settledAt = now;
    const end = Math.min(now, o.start + o.windowMaxS) + o.windowSettleS;
    if (end < o.windowEndAt) {
      o.windowEndAt = end;
      this.events.schedule(end, EV_WINDOW, id);
    }
  }

  /** After a user of outage `id` was resolved: the window settles the first time nobody is still waiting. */
  private resolved(o: Outage, id: number): void {
    if (o.settledAt === null && o.window === null && stillWaiting(o) === 0)
      this.settleWindow(o, id, this.clock.time[0] as number);
  }

  /** Notes that a site failover brought a pool's backup online during outage `id`, and what it lost. */
  markSiteFailover(id: number, lost: RecoveryPoint | null): void {
    const o = this.list[id];
    if (o === undefined) return;
    o.siteFailover = true;
    if (lost === null) return;
    o.recoveryPointAgeS = Math.max(o.recoveryPointAgeS ?? 0, lost.ageS);
    if (lost.messages !== null) o.messagesLost = (o.messagesLost ?? 0) + lost.messages;
    if (lost.bytes !== null) o.bytesLost = (o.bytesLost ?? 0) + lost.bytes;
  }

  /** Marks the outage's cause cleared at `now` (first time only). */
  close(id: number, now: number): void {
    const o = this.list[id];
    if (o !== undefined && o.end === null) o.end = now;
  }

  /**
   * A connected user of `pool` with tag `previous` (-1 if none) is cut off by outage `id` now.
   * A user still recovering from an earlier outage stays that outage's. @returns the user's tag.
   */
  affect(previous: number, id: number, pool: number): number {
    if (previous >= 0) return previous;
    const o = this.list[id] as Outage;
    o.usersAffected += 1;
    this.tagged++;
    // Cut later than its first users (rare): not everyone is back any more.
    o.recoveredAt = null;
    if (!reached95(o)) o.recovered95At = null;
    const now = this.clock.time[0] as number;
    this.userSeconds[pool] =
      (this.userSeconds[pool] as number) + (this.durationS - (now < this.fromS ? this.fromS : now));
    return id;
  }

  /** A user of `pool` tagged `id` (-1: none) is connected again now. */
  served(id: number, pool: number): void {
    if (id < 0) return;
    const now = this.clock.time[0] as number;
    const o = this.list[id] as Outage;
    o.usersRecovered += 1;
    o.lastServedAt = now;
    this.tagged--;
    this.userSeconds[pool] =
      (this.userSeconds[pool] as number) + ((now < this.fromS ? this.fromS : now) - this.durationS);
    settle(o);
    this.resolved(o, id);
  }

  /**
   * A user of `pool` tagged `id` (-1: none) gave up: their time without service runs on until
   * `plannedEndS`, their planned sign-out (NaN: unknown, counted to the end of the run).
   */
  lost(id: number, pool: number, plannedEndS: number): void {
    if (id < 0) return;
    const o = this.list[id] as Outage;
    o.usersLost += 1;
    this.stopped(pool, plannedEndS);
    this.resolved(o, id);
  }

  /**
   * A user of `pool` tagged `id` (-1: none) left while waiting: their planned sign-out `plannedEndS`
   * came before they were served again, and their time without service runs until it. Everyone else
   * may be back already: the recovery ends at the last of them served.
   */
  left(id: number, pool: number, plannedEndS: number): void {
    if (id < 0) return;
    const o = this.list[id] as Outage;
    o.usersLeftWhileWaiting += 1;
    this.stopped(pool, plannedEndS);
    settle(o);
    this.resolved(o, id);
  }

  saveState(out: StateOut): void {
    out.json(this.list);
    out.numbers(this.tagged);
    out.array(this.userSeconds);
  }

  restoreState(inp: StateIn): void {
    this.list.push(...(inp.json() as Outage[]));
    [this.tagged = 0] = inp.numbers(1);
    inp.into(this.userSeconds);
  }

  /** User-seconds without service of cut-off users, all pools. */
  totalUserSeconds(): number {
    let t = 0;
    for (let p = 0; p < this.userSeconds.length; p++) t += this.userSeconds[p] as number;
    return t;
  }

  private stopped(pool: number, plannedEndS: number): void {
    this.tagged--;
    if (plannedEndS < this.durationS) this.addLost(pool, this.clip(plannedEndS) - this.durationS);
  }

  private clip(t: number): number {
    return t < this.fromS ? this.fromS : t;
  }

  private addLost(pool: number, userS: number): void {
    this.userSeconds[pool] = (this.userSeconds[pool] as number) + userS;
  }
}
