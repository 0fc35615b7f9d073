// Outages: each failure that cuts users off (a server, a database, a failback, a forced drain),
// with the users it affected, how many were served again, and the user-seconds they went without.
import type { Clock } from './clock.js';

export interface Outage {
  readonly start: number;
  readonly cause: string;
  /** When the cause was cleared (server restored, database online again); null if never in the run. */
  end: number | null;
  usersAffected: number;
  /** Affected users connected again. */
  usersRecovered: number;
  /** Affected users who stopped trying (gave up, or their session ended while locked out). */
  usersLost: number;
  /** When the last affected user was connected again; null while some are lost or still waiting. */
  recoveredAt: number | null;
  /** When at least 95% of the affected users were connected again; null if never in the run. */
  recovered95At: number | null;
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
   *   inline is boxed; see Clock).
   * @param durationS the run's length: lost time is counted up to it.
   * @param fromS lost time before it (a warm-up) is not counted.
   */
  constructor(
    private readonly clock: Clock,
    private readonly durationS: number,
    pools: number,
    private readonly fromS = 0,
  ) {
    this.userSeconds = new Float64Array(pools);
  }

  /** Opens an outage at `start`; returns its id. */
  open(start: number, cause: string): number {
    this.list.push({
      start,
      cause,
      end: null,
      usersAffected: 0,
      usersRecovered: 0,
      usersLost: 0,
      recoveredAt: null,
      recovered95At: null,
    });
    return this.list.length - 1;
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
    if (o.usersRecovered * 20 < o.usersAffected * 19) o.recovered95At = null;
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
    this.tagged--;
    this.userSeconds[pool] =
      (this.userSeconds[pool] as number) + ((now < this.fromS ? this.fromS : now) - this.durationS);
    if (o.recovered95At === null && o.usersRecovered * 20 >= o.usersAffected * 19) o.recovered95At = now;
    if (o.recoveredAt === null && o.usersRecovered === o.usersAffected) o.recoveredAt = now;
  }

  /**
   * A user of `pool` tagged `id` (-1: none) stops trying: their time without service runs on until
   * `plannedEndS`, their planned sign-out (NaN: unknown, counted to the end of the run).
   */
  lost(id: number, pool: number, plannedEndS: number): void {
    if (id < 0) return;
    (this.list[id] as Outage).usersLost += 1;
    this.tagged--;
    if (plannedEndS < this.durationS) this.addLost(pool, this.clip(plannedEndS) - this.durationS);
  }

  /** User-seconds without service of cut-off users, all pools. */
  totalUserSeconds(): number {
    let t = 0;
    for (let p = 0; p < this.userSeconds.length; p++) t += this.userSeconds[p] as number;
    return t;
  }

  private clip(t: number): number {
    return t < this.fromS ? this.fromS : t;
  }

  private addLost(pool: number, userS: number): void {
    this.userSeconds[pool] = (this.userSeconds[pool] as number) + userS;
  }
}
