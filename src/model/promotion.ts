// The administrator's promotion of a standby in place of a failed active server, after the admin's
// reaction time `failover.promoteStandbyAfter` [doc: promoting a standby is an admin action, never automatic].
import type { ChatWorld } from './chat-world.js';
import { siteAllowed } from './config.js';
import { EV_PROMOTE } from './event-kinds.js';

/**
 * A failed server still in the active list is owed a replacement: the admin promotes a healthy standby
 * `promoteStandbyAfter` after its failure or, if none may be active then, as soon as one is — whichever is
 * later. A server a `drain` took out is under maintenance, not a standby (an admin does not promote a
 * server being patched), until `activate` or a list naming it ends that. A standby becomes available
 * when a server is repaired (alone or with its site), when a server leaves the active list
 * (`setActive`, `swap`, a failback's list, a database failover's move, `onRestore: active`), or when
 * the database moves to a site where idle servers may be active; each of those calls
 * {@link standbyMayBeFree}. Assumption: the admin who saw the
 * failure keeps waiting for a standby rather than needing a second reaction time. The owed state is the
 * server table's (down, active, no promotion pending), so a checkpoint needs nothing of its own.
 */
export class Promotion {
  constructor(private readonly world: ChatWorld) {}

  /** Server `s` has just failed: if it is active, its promotion falls due `promoteStandbyAfter` later. */
  failed(s: number): void {
    const { servers, sim, config } = this.world;
    const after = config.failover.promoteStandbyAfter;
    if (servers.active[s] === 1 && after !== Infinity) this.schedule(s, sim.now + after);
  }

  /** Schedules the promotion for failed server `s` at `at`, unless one is pending. */
  schedule(s: number, at: number): void {
    const { servers, sim } = this.world;
    if (servers.promoteEvent[s] === -1) servers.promoteEvent[s] = sim.schedule(at, EV_PROMOTE, s);
  }

  /** Server `s` is back up: it is owed nothing, so its pending promotion goes. */
  restored(s: number): void {
    this.cancel(s);
  }

  private cancel(s: number): void {
    const { servers, sim } = this.world;
    const pending = servers.promoteEvent[s] as number;
    if (pending === -1) return;
    sim.cancel(pending);
    servers.promoteEvent[s] = -1;
  }

  /**
   * EV_PROMOTE: the admin promotes a healthy standby of the pool in place of failed server `f`; none that
   * may be active → `promote-failed`, and `f` waits for one (`standbyMayBeFree`).
   */
  due(f: number): void {
    const { servers, sim, log } = this.world;
    servers.promoteEvent[f] = -1;
    if (servers.down[f] === 0 || servers.active[f] === 0) return;
    const s = this.standby(servers.pool[f] as number);
    if (s === -1) log.add(sim.now, 'promote-failed', servers.names[f] ?? '', this.noStandbyReason(f));
    else this.promote(s, f);
  }

  /**
   * A server of `pool` came back up, left the active list, or the database moved: a healthy standby may
   * be free now. Every failed server of the pool owed a replacement gets one while standbys last, the
   * longest-waiting first; one whose promotion is not yet due (one the admin put into the list while
   * down, a branch that changed `promoteStandbyAfter`) is scheduled for then.
   */
  standbyMayBeFree(pool: number): void {
    if (this.world.config.failover.promoteStandbyAfter === Infinity) return;
    for (;;) {
      const f = this.longestOwed(pool, true);
      const s = f === -1 ? -1 : this.standby(pool);
      if (s === -1) return;
      this.promote(s, f);
    }
  }

  /**
   * `onRestore: active` puts a restored server back in the list and would soft-drain `s`, the standby
   * promoted in its place: if a failed server of the pool is owed a promotion now due, `s` stays active
   * in its place instead (demoted and promoted back at one instant, it would be left out of the restore's
   * rebalance, and the log would show two changes that never took effect). Returns whether it did.
   */
  keepInPlaceOfOwed(s: number): boolean {
    const { servers, sim, log, config } = this.world;
    if (servers.down[s] !== 0 || config.failover.promoteStandbyAfter === Infinity) return false;
    const f = this.longestOwed(servers.pool[s] as number, false);
    if (f === -1) return false;
    this.cancel(f);
    servers.setActive(f, false);
    servers.replacedBy[f] = s;
    const why = `failed server taken out of the active list; ${servers.names[s] ?? ''} stays active in its place`;
    log.add(sim.now, 'demote', servers.names[f] ?? '', why);
    return true;
  }

  /**
   * The failed server of `pool` owed a promotion now due that has waited longest, -1 if none. With
   * `scheduling`, one with a promotion pending is left to it, and one not yet due is scheduled for then.
   */
  private longestOwed(pool: number, scheduling: boolean): number {
    const { servers, sim, config } = this.world;
    const after = config.failover.promoteStandbyAfter;
    let f = -1;
    for (const c of config.pools[pool]?.servers ?? []) {
      if (servers.down[c] === 0 || servers.active[c] === 0) continue;
      if (scheduling && servers.promoteEvent[c] !== -1) continue;
      const dueAt = (servers.downAt[c] as number) + after;
      if (dueAt > sim.now) {
        if (scheduling) this.schedule(c, dueAt);
      } else if (f === -1 || (servers.downAt[c] as number) < (servers.downAt[f] as number)) f = c;
    }
    return f;
  }

  /**
   * A healthy standby of `pool` that may be active: one in the database's site first, else one in a
   * site linked to it [doc: active servers must be in the database's data center or one with a
   * low-latency link]; -1 if none. A server under maintenance is no standby.
   */
  private standby(pool: number): number {
    const { servers, config } = this.world;
    const site = this.world.databases.currentSite(pool);
    let linked = -1;
    for (const c of config.pools[pool]?.servers ?? []) {
      if (!this.isStandby(c)) continue;
      if (servers.site[c] === site) return c;
      if (linked === -1 && siteAllowed(config, servers.site[c] as number, site)) linked = c;
    }
    return linked;
  }

  /** Whether server `c` is a healthy standby: up, out of the active list, not under maintenance. */
  private isStandby(c: number): boolean {
    const { servers, failover } = this.world;
    return servers.down[c] === 0 && servers.active[c] === 0 && failover.maintenance[c] === 0;
  }

  private promote(s: number, f: number): void {
    const { servers, sim, log } = this.world;
    servers.setActive(s, true);
    servers.setActive(f, false);
    servers.replacedBy[f] = s;
    const name = servers.names[f] ?? '';
    log.add(sim.now, 'promote', servers.names[s] ?? '', `standby made active in place of ${name}`);
    log.add(sim.now, 'demote', name, `failed server taken out of the active list`);
    this.world.failover.rebalance(s);
  }

  private noStandbyReason(f: number): string {
    const { config, servers } = this.world;
    const pool = servers.pool[f] as number;
    const site = this.world.databases.currentSite(pool);
    const list = config.pools[pool]?.servers ?? [];
    const healthy = list.filter((c) => this.isStandby(c));
    if (healthy.length === 0) {
      const patched = list.filter((c) => this.world.failover.maintenance[c] === 1 && servers.down[c] === 0);
      const names = patched.map((c) => servers.names[c]).join(' ');
      return `no healthy standby in the pool${names === '' ? '' : ` (under maintenance: ${names})`}`;
    }
    const where = `the database's site ${config.sites[site] ?? ''}`;
    const elsewhere = [...new Set(healthy.map((c) => config.sites[servers.site[c] as number] ?? ''))];
    return `no healthy standby in ${where} or a site linked to it (lowLatencySites); standbys in ${elsewhere.join(', ')} may not be active`;
  }
}
