// Outages: each failure that cuts users off (a server, a database, a failback, a forced drain),
// with the users it affected and the time until every one of them is served again or gave up.

export interface Outage {
  readonly start: number;
  readonly cause: string;
  /** When the cause was cleared (server restored, database online again); null if never in the run. */
  end: number | null;
  usersAffected: number;
  /** Affected users who stopped trying (gave up, or their session ended while locked out). */
  usersLost: number;
  /** When the last affected user was served again or stopped trying; null if some still wait at the end. */
  recoveredAt: number | null;
  /** When at most 5% of the affected users were still waiting; null if not by the end. */
  recovered95At: number | null;
}

/** Tracks open outages; users carry the id of the outage they are recovering from (UserTable.outage). */
export class OutageTracker {
  readonly list: Outage[] = [];
  private readonly pending: number[] = [];
  /** Users tagged with any outage now (the sum of `pending`): 0 means no user carries a tag. */
  tagged = 0;

  /** Opens an outage at `start`; returns its id. */
  open(start: number, cause: string): number {
    this.list.push({
      start,
      cause,
      end: null,
      usersAffected: 0,
      usersLost: 0,
      recoveredAt: null,
      recovered95At: null,
    });
    this.pending.push(0);
    return this.list.length - 1;
  }

  /** Marks the outage's cause cleared at `now` (first time only). */
  close(id: number, now: number): void {
    const o = this.list[id];
    if (o !== undefined && o.end === null) o.end = now;
    this.settle(id, now);
  }

  /**
   * User with tag `previous` (-1 if none) is cut off by outage `id`.
   * @returns the user's new tag.
   */
  affect(previous: number, id: number, now: number): number {
    if (previous >= 0 && previous !== id) this.resolve(previous, now, false);
    if (previous === id) return id;
    (this.list[id] as Outage).usersAffected += 1;
    this.pending[id] = (this.pending[id] as number) + 1;
    this.tagged++;
    return id;
  }

  /** A user tagged `id` is served again (`lost` false) or stopped trying (`lost` true). */
  resolve(id: number, now: number, lost: boolean): void {
    if (id < 0) return;
    if (lost) (this.list[id] as Outage).usersLost += 1;
    this.pending[id] = (this.pending[id] as number) - 1;
    this.tagged--;
    this.settle(id, now);
  }

  private settle(id: number, now: number): void {
    const o = this.list[id];
    if (o === undefined || o.usersAffected === 0) return;
    const pending = this.pending[id] as number;
    if (o.recovered95At === null && pending <= 0.05 * o.usersAffected) o.recovered95At = now;
    if (pending === 0 && o.recoveredAt === null) o.recoveredAt = now;
  }
}
