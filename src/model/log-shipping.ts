// The disaster-recovery backup of each pool's content database, fed by SQL Server log shipping [doc]:
// it holds what the last shipped log held, so a site failover onto it loses what was written since.
// Assumption: one step at offset + k × interval stands for the backup, copy and restore jobs.
import type { ChatWorld } from './chat-world.js';

/** What a site failover onto the backup lost: the backup's age and, with messages, what it missed. */
export interface RecoveryPoint {
  /** Seconds from the last shipped log to the loss of the pool's database. */
  readonly ageS: number;
  /** Messages and content-database bytes written after it; null without a messages workload. */
  readonly messages: number | null;
  readonly bytes: number | null;
}

/** Per pool: when the backup was last brought up to date, and what it held then (every array is state). */
export class LogShipping {
  /** When the last log reached the backup (the schedule runs before t = 0 too: t = 0 counts as shipped). */
  private readonly shippedAt: Float64Array;
  private readonly shippedMessages: Float64Array;
  private readonly shippedBytes: Float64Array;
  /** When the copy it ships from (primary or mirror) last came online; NaN while none ships. */
  private readonly shippingSince: Float64Array;
  /** When the pool last lost its database while shipping, and its messages and bytes then. */
  private readonly lostAt: Float64Array;
  private readonly lostMessages: Float64Array;
  private readonly lostBytes: Float64Array;

  constructor(private readonly world: ChatWorld) {
    const pools = world.config.pools;
    const n = pools.length;
    this.shippedAt = Float64Array.from(pools, (p, i) =>
      p.database.backupSite < 0 ? NaN : this.lastBefore(i, 0, true),
    );
    this.shippedMessages = new Float64Array(n);
    this.shippedBytes = new Float64Array(n).fill(world.config.messages?.initialContentDbBytes ?? 0);
    this.shippingSince = new Float64Array(n);
    this.lostAt = new Float64Array(n).fill(NaN);
    this.lostMessages = new Float64Array(n);
    this.lostBytes = new Float64Array(n);
  }

  /** The last shipment of pool `p`'s schedule before `t` (at `t` too when `inclusive`). */
  private lastBefore(p: number, t: number, inclusive: boolean): number {
    const db = this.world.config.pools[p]?.database;
    if (db === undefined) return NaN;
    const k = (t - db.logShippingOffsetS) / db.logShippingIntervalS;
    const whole = inclusive ? Math.floor(k) : Math.ceil(k) - 1;
    return db.logShippingOffsetS + whole * db.logShippingIntervalS;
  }

  /** The first shipment of any pool with a backup after `t`; Infinity when none has one. */
  nextAfter(t: number): number {
    let next = Infinity;
    this.world.config.pools.forEach((p, i) => {
      if (p.database.backupSite >= 0)
        next = Math.min(next, this.lastBefore(i, t, true) + p.database.logShippingIntervalS);
    });
    return next;
  }

  /**
   * A step of the message schedule at `at`, its messages accrued: every pool whose shipment falls
   * now and whose primary or mirror is online takes a snapshot of what the backup then holds. A
   * failure at the same instant was handled before (events run before the step): that shipment is lost.
   */
  step(at: number): void {
    const { messages } = this.world;
    for (let p = 0; p < this.shippedAt.length; p++) {
      if (Number.isNaN(this.shippingSince[p]) || Number.isNaN(this.shippedAt[p])) continue;
      if (this.lastBefore(p, at, true) !== at) continue;
      this.shippedAt[p] = at;
      this.shippedMessages[p] = messages.messages[p] as number;
      this.shippedBytes[p] = messages.contentBytes[p] as number;
    }
  }

  /** Pool `p`'s primary or mirror came online at `now`: shipping resumes from the next shipment. */
  shipping(p: number, now: number): void {
    this.shippingSince[p] = now;
  }

  /**
   * Failback done at `now`: the primary holds everything, and the backup is seeded from it again
   * (assumption: its re-seeding takes no time).
   */
  reseed(p: number, now: number): void {
    this.shipping(p, now);
    if (Number.isNaN(this.shippedAt[p])) return;
    this.shippedAt[p] = now;
    this.shippedMessages[p] = this.world.messages.messages[p] as number;
    this.shippedBytes[p] = this.world.messages.contentBytes[p] as number;
  }

  /** Pool `p` lost its database at `now`: shipping stops; what was written since the last shipment is at risk. */
  stop(p: number, now: number): void {
    const since = this.shippingSince[p] as number;
    this.shippingSince[p] = NaN;
    if (Number.isNaN(since) || Number.isNaN(this.shippedAt[p])) return;
    const { messages } = this.world;
    if (messages.enabled) messages.accrue(now);
    else {
      // No message steps to take snapshots at: the last shipment is the schedule's, if the copy was up then.
      const last = this.lastBefore(p, now, false);
      if (last >= since) this.shippedAt[p] = Math.max(this.shippedAt[p] as number, last);
    }
    this.lostAt[p] = now;
    this.lostMessages[p] = messages.messages[p] as number;
    this.lostBytes[p] = messages.contentBytes[p] as number;
  }

  /**
   * The backup of pool `p` came online (a site failover): what it lost, and the content database
   * shrinks to what the backup holds. Null when the pool lost no database while shipping.
   */
  failover(p: number): RecoveryPoint | null {
    const lostAt = this.lostAt[p] as number;
    if (Number.isNaN(lostAt)) return null;
    this.lostAt[p] = NaN;
    const { messages } = this.world;
    const ageS = lostAt - (this.shippedAt[p] as number);
    if (!messages.enabled) return { ageS, messages: null, bytes: null };
    const lostMessages = (this.lostMessages[p] as number) - (this.shippedMessages[p] as number);
    const lostBytes = (this.lostBytes[p] as number) - (this.shippedBytes[p] as number);
    messages.contentBytes[p] = (messages.contentBytes[p] as number) - lostBytes;
    return { ageS, messages: lostMessages, bytes: lostBytes };
  }
}
