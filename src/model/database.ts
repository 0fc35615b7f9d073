// The content database (mgc) of each pool: which copy is online (primary, mirror, log-shipped
// backup), the pool's state, mirror failover, manual site disaster recovery and failback.
// Assumption (no degraded mode is documented): with no database online, no server of the pool serves.
import { restoreFields, saveFields, type StateIn, type StateOut } from '../state-io.js';
import type { ChatWorld } from './chat-world.js';
import { EV_DB_FAILOVER, EV_FAILBACK_DONE, EV_SITE_FAILOVER } from './event-kinds.js';
import type { EventName } from './figures/event-names.js';
import { LogShipping, type RecoveryPoint } from './log-shipping.js';

export const PRIMARY = 0;
export const MIRROR = 1;
export const BACKUP = 2;
const COPY_NAMES = ['primary', 'mirror', 'backup'] as const;

/** Pool states, as written to the timeline's `<pool>_state` columns. */
export const POOL_NORMAL = 0;
export const POOL_FAILED_OVER = 1;
export const POOL_NO_SERVICE = 2;
export const POOL_FAILING_BACK = 3;
/** Same-site SQL mirror failover: the mirror copy is online. */
export const POOL_ON_MIRROR = 4;

/** Database copies and pool state for every pool. */
export class Databases {
  readonly online: Int32Array;
  readonly state: Uint8Array;
  private readonly lastOnline: Int32Array;
  private readonly failed: Uint8Array;
  private readonly pending: Int32Array;
  /** Per pool: when its pending step (failover, site failover, failback's end) was scheduled; NaN if none. */
  readonly pendingAt: Float64Array;
  private readonly outage: Int32Array;
  /** Per server: in the active list when its pool last lost its primary database (the failback list). */
  private readonly preFailureActive: Uint8Array;
  /** Per pool: the active list a pending failback ends with; null = the pre-failure list. */
  private readonly failbackList: (readonly number[] | null)[];
  /** What each pool's log-shipped backup holds. */
  readonly shipping: LogShipping;

  constructor(private readonly world: ChatWorld) {
    const n = world.config.pools.length;
    this.preFailureActive = Uint8Array.from(world.config.servers, (s) => (s.role === 'active' ? 1 : 0));
    this.failbackList = world.config.pools.map(() => null);
    this.online = new Int32Array(n);
    this.state = new Uint8Array(n);
    this.lastOnline = new Int32Array(n);
    this.failed = new Uint8Array(n * 3);
    this.pending = new Int32Array(n).fill(-1);
    this.pendingAt = new Float64Array(n).fill(NaN);
    this.outage = new Int32Array(n).fill(-1);
    this.shipping = new LogShipping(world);
  }

  /** Writes the copies, pool states and pending steps, for a checkpoint. */
  saveState(out: StateOut): void {
    for (const a of this.stateArrays()) out.array(a);
    out.json(this.failbackList);
    saveFields(out, this.shipping);
  }

  restoreState(inp: StateIn): void {
    for (const a of this.stateArrays()) inp.into(a);
    (inp.json() as (number[] | null)[]).forEach((list, p) => (this.failbackList[p] = list));
    restoreFields(inp, this.shipping);
  }

  /** Forgets a pending step the engine no longer holds (see ChatWorld.forgetDroppedEvents). */
  forgetDropped(): void {
    for (let p = 0; p < this.pending.length; p++) {
      if (this.world.sim.isPending(this.pending[p] as number)) continue;
      this.pending[p] = -1;
      this.pendingAt[p] = NaN;
    }
  }

  private stateArrays(): (Int32Array | Float64Array | Uint8Array)[] {
    return [
      this.online,
      this.state,
      this.lastOnline,
      this.failed,
      this.pending,
      this.pendingAt,
      this.outage,
      this.preFailureActive,
    ];
  }

  /** Site index of copy `c` of pool `p`, or -1 if the pool has no such copy. */
  copySite(p: number, c: number): number {
    const db = this.world.config.pools[p]?.database;
    if (db === undefined) return -1;
    return c === PRIMARY ? db.site : c === MIRROR ? db.mirrorSite : db.backupSite;
  }

  /** Site of the pool's database: the copy online, or the one last online. */
  currentSite(p: number): number {
    return this.copySite(p, this.lastOnline[p] as number);
  }

  private copyUp(p: number, c: number): boolean {
    const site = this.copySite(p, c);
    return site >= 0 && this.failed[p * 3 + c] === 0 && this.world.failover.siteDown[site] === 0;
  }

  /** `failDatabase`: the online copy fails. */
  fail(p: number): void {
    const c = this.online[p] as number;
    if (c < 0) return;
    this.failed[p * 3 + c] = 1;
    this.log('database-fail', p, `${COPY_NAMES[c]} copy failed`);
    this.reevaluate(p, 'database failure');
  }

  /** `restoreDatabase`: every failed copy of the pool is repaired. */
  restore(p: number): void {
    for (let c = 0; c < 3; c++) this.failed[p * 3 + c] = 0;
    this.log('database-restore', p, 'failed copies repaired');
    this.reevaluate(p, 'database restored');
  }

  /** A site failed or came back: every pool re-checks its database copies. */
  siteChanged(cause: string, outage: number): void {
    for (let p = 0; p < this.online.length; p++) this.reevaluate(p, cause, outage);
  }

  private reevaluate(p: number, cause: string, outage = -1): void {
    if (this.state[p] === POOL_FAILING_BACK) return;
    const c = this.online[p] as number;
    if (c >= 0 && !this.copyUp(p, c)) this.lose(p, cause, outage);
    if ((this.online[p] as number) < 0) this.recover(p);
  }

  private lose(p: number, cause: string, outage: number): void {
    const w = this.world;
    if (this.online[p] !== BACKUP) this.shipping.stop(p, w.sim.now);
    if (this.online[p] === PRIMARY)
      for (const s of w.config.pools[p]?.servers ?? [])
        this.preFailureActive[s] = w.servers.active[s] as number;
    this.online[p] = -1;
    this.setState(p, POOL_NO_SERVICE);
    const id =
      outage >= 0
        ? outage
        : w.outages.open(w.sim.now, `${cause}: pool ${w.config.pools[p]?.name ?? ''} without database`);
    this.outage[p] = id;
    const dropped = w.flow.dropPool(p, id);
    this.log('database-offline', p, `${cause}; no database online, ${dropped} users disconnected`);
  }

  /**
   * Brings the pool back: the last copy online if healthy (cancelling a pending failover), else a
   * mirror failover or the site procedure.
   */
  private recover(p: number): void {
    const w = this.world;
    const db = w.config.pools[p]?.database;
    if (db === undefined) return;
    const last = this.lastOnline[p] as number;
    if (this.copyUp(p, last)) {
      // Repair wins over a pending failover: the pool resumes where it was at once.
      if ((this.pending[p] as number) >= 0)
        this.log('failover-cancelled', p, `${COPY_NAMES[last]} database back before the failover completed`);
      return this.goOnline(p, last, 'database-online');
    }
    if ((this.pending[p] as number) >= 0) return;
    const partner = last === PRIMARY ? MIRROR : PRIMARY;
    if (db.mirror && last !== BACKUP && this.copyUp(p, partner)) {
      const delay = db.witness ? db.mirrorFailoverTime : db.adminReactionTime;
      this.pending[p] = w.sim.schedule(w.sim.now + delay, EV_DB_FAILOVER, p, partner);
      this.pendingAt[p] = w.sim.now;
      return;
    }
    const after = w.config.failover.siteAfter;
    if (last !== BACKUP && after !== Infinity && this.copyUp(p, BACKUP)) {
      this.pending[p] = w.sim.schedule(w.sim.now + after, EV_SITE_FAILOVER, p);
      this.pendingAt[p] = w.sim.now;
    }
  }

  /** EV_DB_FAILOVER: the mirror (or the primary, as mirror partner) takes over. */
  mirrorFailover(p: number, c: number): void {
    this.pending[p] = -1;
    this.pendingAt[p] = NaN;
    if ((this.online[p] as number) < 0 && this.copyUp(p, c)) this.goOnline(p, c, 'database-failover');
    else if ((this.online[p] as number) < 0) this.recover(p);
  }

  /** EV_SITE_FAILOVER: the backup database is brought online in the surviving site (pool FailedOver). */
  siteFailover(p: number): void {
    this.pending[p] = -1;
    this.pendingAt[p] = NaN;
    if ((this.online[p] as number) < 0 && this.copyUp(p, BACKUP)) this.goOnline(p, BACKUP, 'site-failover');
    else if ((this.online[p] as number) < 0) this.recover(p);
  }

  /**
   * Failback [doc]: all active servers are cleared (a full outage) for `duration`, then the primary
   * database is online with `servers` active (null: the pre-failure list) and the pool Normal.
   * Refused (logged, nothing changes) unless the pool is failed over to its backup.
   */
  failback(p: number, duration: number, servers: readonly number[] | null): void {
    const w = this.world;
    if (this.state[p] !== POOL_FAILED_OVER) {
      this.log('failback-refused', p, `the pool is not failed over to its backup (state ${this.state[p]})`);
      return;
    }
    const id = w.outages.open(w.sim.now, `failback of pool ${w.config.pools[p]?.name ?? ''}`);
    this.outage[p] = id;
    this.online[p] = -1;
    this.setState(p, POOL_FAILING_BACK);
    this.failbackList[p] = servers;
    for (const s of w.config.pools[p]?.servers ?? []) w.servers.setActive(s, false);
    const dropped = w.flow.dropPool(p, id);
    this.log(
      'failback-start',
      p,
      `all active servers cleared for ${duration} s; ${dropped} users disconnected`,
    );
    this.pending[p] = w.sim.schedule(w.sim.now + duration, EV_FAILBACK_DONE, p);
    this.pendingAt[p] = w.sim.now;
  }

  /** EV_FAILBACK_DONE: the primary database is online again with the failback's active list. */
  failbackDone(p: number): void {
    this.pending[p] = -1;
    this.pendingAt[p] = NaN;
    this.setState(p, POOL_NO_SERVICE);
    this.lastOnline[p] = PRIMARY;
    if (!this.copyUp(p, PRIMARY)) {
      this.log('failback-failed', p, 'the primary database is not available');
      this.recover(p);
      return;
    }
    const w = this.world;
    const list = this.failbackList[p] ?? null;
    for (const s of w.config.pools[p]?.servers ?? []) {
      const on = list === null ? this.preFailureActive[s] === 1 : list.includes(s);
      // The list puts the server back: a maintenance of it is over.
      if (on) w.admin.endMaintenance(s);
      w.servers.setActive(s, on);
    }
    this.goOnline(p, PRIMARY, 'failback-done');
    // A failed server in the new list is owed a standby left out of it.
    w.failover.promotion.standbyMayBeFree(p);
  }

  private goOnline(p: number, c: number, event: EventName): void {
    const w = this.world;
    const pending = this.pending[p] as number;
    if (pending >= 0) {
      w.sim.cancel(pending);
      this.pending[p] = -1;
      this.pendingAt[p] = NaN;
    }
    this.online[p] = c;
    this.lastOnline[p] = c;
    this.setState(p, c === PRIMARY ? POOL_NORMAL : c === MIRROR ? POOL_ON_MIRROR : POOL_FAILED_OVER);
    const lost = c === BACKUP ? this.shipping.failover(p) : null;
    if (c !== BACKUP && event === 'failback-done') this.shipping.reseed(p, w.sim.now);
    else if (c !== BACKUP) this.shipping.shipping(p, w.sim.now);
    const outage = this.outage[p] as number;
    if (outage >= 0 && c === BACKUP) w.outages.markSiteFailover(outage, lost);
    if (outage >= 0) w.outages.close(outage, w.sim.now);
    this.outage[p] = -1;
    this.log(
      event,
      p,
      `${COPY_NAMES[c]} database online in ${w.config.sites[this.copySite(p, c)] ?? ''}${lostWords(lost)}`,
    );
    // After any failover all active servers are in the database's data center [doc]; a database
    // that simply comes back where it was moves nobody, and a failback sets its own list.
    if (event !== 'database-online' && event !== 'failback-done')
      w.failover.keepActiveInSite(p, this.copySite(p, c));
  }

  private setState(p: number, state: number): void {
    this.state[p] = state;
    this.world.servers.setPoolServing(
      p,
      state === POOL_NORMAL || state === POOL_FAILED_OVER || state === POOL_ON_MIRROR,
    );
  }

  private log(event: EventName, p: number, detail: string): void {
    this.world.log.add(this.world.sim.now, event, this.world.config.pools[p]?.name ?? '', detail);
  }
}

/** What a site failover lost, for the event log: the backup's age and the messages written after it. */
function lostWords(lost: RecoveryPoint | null): string {
  if (lost === null) return '';
  const what =
    lost.messages === null
      ? ''
      : `, ${Math.round(lost.messages)} messages (${Math.round(lost.bytes ?? 0)} bytes) lost`;
  return `; recovery point ${Math.round(lost.ageS)} s old${what}`;
}
