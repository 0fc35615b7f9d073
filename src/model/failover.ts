// Failures, repairs and the administrator's failover: scheduled faults, random up/down processes,
// site failures, and the active list as servers fail and return (promotion: promotion.ts).
import { makeDistribution, type Distribution } from '../random/distributions.js';
import { Rng, streamSeed } from '../random/rng.js';
import type { StateIn, StateOut } from '../state-io.js';
import type { ChatWorld } from './chat-world.js';
import { siteAllowed, unknownKind } from './config.js';
import { EV_FAULT, EV_RANDOM_FAIL, EV_RANDOM_RESTORE } from './event-kinds.js';
import { Promotion } from './promotion.js';

/** Drives server health and the active list of each pool. */
export class Failover {
  private readonly faultRng: Rng[][] = [];
  private readonly mtbf: Distribution[];
  private readonly mttr: Distribution[];
  /** Most active servers a pool may have: 4 [doc], or more if the scenario started with more. */
  readonly activeLimit: Int32Array;
  /** Per site: number of failures in force (site down while > 0). */
  readonly siteDown: Int32Array;
  /** Per server: the outage its failure opened and that its restore closes, -1 if none. */
  private readonly serverOutage: Int32Array;
  /**
   * Per server: 1 while a `drain` action has it under maintenance (patching), so neither a standby nor
   * filled into a list, until `activate` or an admin's list naming it ends it (Admin.endMaintenance).
   */
  readonly maintenance: Uint8Array;
  /** The admin's promotion of standbys in place of failed active servers. */
  readonly promotion: Promotion;

  constructor(private readonly world: ChatWorld) {
    this.promotion = new Promotion(world);
    const cfg = world.config;
    this.mtbf = cfg.randomFaults.map((r) => makeDistribution(r.mtbf));
    this.mttr = cfg.randomFaults.map((r) => makeDistribution(r.mttr));
    cfg.randomFaults.forEach((_, p) => {
      this.faultRng.push(cfg.servers.map((_s, s) => new Rng(streamSeed(cfg.seed, `faults.${p}`, s))));
    });
    this.activeLimit = Int32Array.from(cfg.pools, (p) =>
      Math.max(4, p.servers.filter((s) => cfg.servers[s]?.role === 'active').length),
    );
    this.siteDown = new Int32Array(cfg.sites.length);
    this.serverOutage = new Int32Array(cfg.servers.length).fill(-1);
    this.maintenance = new Uint8Array(cfg.servers.length);
  }

  /** Writes the random faults' streams, the failures in force and the maintenances, for a checkpoint. */
  saveState(out: StateOut): void {
    for (const list of this.faultRng) for (const r of list) r.saveState(out);
    out.array(this.siteDown);
    out.array(this.serverOutage);
    out.array(this.maintenance);
  }

  restoreState(inp: StateIn): void {
    for (const list of this.faultRng) for (const r of list) r.restoreState(inp);
    inp.into(this.siteDown);
    inp.into(this.serverOutage);
    inp.into(this.maintenance);
  }

  /** Schedules the scheduled faults and the first failure of every random-fault process. */
  start(): void {
    const { sim, config } = this.world;
    config.faults.forEach((f, i) => sim.schedule(f.at, EV_FAULT, i));
    config.randomFaults.forEach((r, p) => {
      for (const s of r.servers) this.scheduleNext(EV_RANDOM_FAIL, s, p, this.mtbf[p] as Distribution);
    });
  }

  scheduledFault(i: number): void {
    const f = this.world.config.faults[i];
    if (f === undefined) return;
    const w = this.world;
    switch (f.kind) {
      case 'fail':
        return this.fail(f.target, 'scheduled');
      case 'restore':
        return this.restore(f.target, 'scheduled');
      case 'failSite':
      case 'restoreSite':
        return this.site(f.target, f.kind === 'failSite');
      case 'failDatabase':
        return w.databases.fail(f.target);
      case 'restoreDatabase':
        return w.databases.restore(f.target);
      case 'failCompliance':
      case 'restoreCompliance':
        return w.messages.setCompliance(f.target, f.kind === 'restoreCompliance');
      case 'setActive':
      case 'swap':
      case 'drain':
      case 'activate':
      case 'failback':
        return w.admin.act(f);
      default:
        return unknownKind(f);
    }
  }

  randomFail(s: number, proc: number): void {
    this.fail(s, 'random');
    this.scheduleNext(EV_RANDOM_RESTORE, s, proc, this.mttr[proc] as Distribution);
  }

  randomRestore(s: number, proc: number): void {
    this.restore(s, 'random');
    this.scheduleNext(EV_RANDOM_FAIL, s, proc, this.mtbf[proc] as Distribution);
  }

  private scheduleNext(kind: number, s: number, proc: number, d: Distribution): void {
    const rng = this.faultRng[proc]?.[s] as Rng;
    const at = this.world.sim.now + d.sample(rng);
    if (at <= this.world.config.durationS) this.world.sim.schedule(at, kind, s, proc);
  }

  private site(siteIndex: number, failing: boolean): void {
    const { config, log, sim, outages } = this.world;
    const name = config.sites[siteIndex] ?? '';
    log.add(sim.now, failing ? 'site-fail' : 'site-restore', name, '');
    if (!failing && this.siteDown[siteIndex] === 0) return;
    this.siteDown[siteIndex] = (this.siteDown[siteIndex] as number) + (failing ? 1 : -1);
    const outage = failing ? outages.open(sim.now, `site ${name} failure`) : -1;
    this.world.messages.siteChanged(siteIndex, `site ${name} ${failing ? 'failure' : 'restored'}`);
    const here = config.servers.flatMap((srv, s) => (srv.siteIndex === siteIndex ? [s] : []));
    if (failing) for (const s of here) this.fail(s, `site ${name}`, outage);
    // The whole site is up before any server rejoins (none is taken out of the list for a standby
    // another's return leaves over), and its database copies are back before any owed promotion.
    const up = failing ? [] : here.filter((s) => this.markBack(s));
    for (const s of up) this.rejoin(s, `site ${name}`);
    this.world.databases.siteChanged(`site ${name} ${failing ? 'failure' : 'restored'}`, outage);
    for (const pool of new Set(up.map((s) => this.world.servers.pool[s] as number)))
      this.promotion.standbyMayBeFree(pool);
  }

  /** Server `s` fails: its users are dropped and, if it was active, its promotion falls due later. */
  fail(s: number, cause: string, outage = -1): void {
    const { servers, sim, log, outages } = this.world;
    if (!servers.markDown(s, sim.now)) return;
    const id =
      outage >= 0
        ? outage
        : servers.conn[s] === 0
          ? -1
          : outages.open(sim.now, `server ${servers.names[s] ?? ''} failure`);
    this.serverOutage[s] = id;
    const dropped = this.world.flow.dropUsers(s, id);
    log.add(sim.now, 'fail', servers.names[s] ?? '', `${cause}; ${dropped} users disconnected`);
    this.promotion.failed(s);
  }

  /** Schedules the promotion for failed server `s` at `at` (a branch that now promotes). */
  schedulePromotion(s: number, at: number): void {
    this.promotion.schedule(s, at);
  }

  /**
   * Server `s` is repaired: it rejoins as standby or active per failover.onRestore; a failed server of
   * its pool still owed a replacement may then get it.
   */
  restore(s: number, cause: string): void {
    if (!this.markBack(s)) return;
    this.rejoin(s, cause);
    this.promotion.standbyMayBeFree(this.world.servers.pool[s] as number);
  }

  /** Server `s` loses one cause of being down; returns whether it is up now (its outage closed). */
  private markBack(s: number): boolean {
    const { servers, sim, outages } = this.world;
    if (!servers.markUp(s, sim.now)) return false;
    const outage = this.serverOutage[s] as number;
    if (outage >= 0) outages.close(outage, sim.now);
    this.serverOutage[s] = -1;
    this.promotion.restored(s);
    return true;
  }

  /** Server `s`, just up, rejoins: in the list it never left, or in place of its replacement if any. */
  private rejoin(s: number, cause: string): void {
    const servers = this.world.servers;
    const replacement = servers.replacedBy[s] as number;
    if (replacement !== -1) {
      servers.replacedBy[s] = -1;
      return this.rejoinReplaced(s, replacement, cause);
    }
    const active = servers.active[s] === 1;
    this.logRestore(s, cause, active ? 'active' : this.idleRole(s));
    if (active) this.rebalance(s);
  }

  /**
   * Restored server `s`, whose place a standby (`replacement`) took, rejoins: as standby, or back in the
   * active list where its site may be, the replacement leaving it when the pool is then over its limit
   * (unless a failed server owed a promotion now due leaves instead, the replacement staying in its place).
   */
  private rejoinReplaced(s: number, replacement: number, cause: string): void {
    const { servers, sim, log, config } = this.world;
    const pool = servers.pool[s] as number;
    if (config.failover.onRestore === 'standby' || this.maintenance[s] === 1)
      return this.logRestore(s, cause, this.idleRole(s));
    if (!siteAllowed(config, servers.site[s] as number, this.world.databases.currentSite(pool)))
      return this.logRestore(s, cause, 'standby (its site may not hold active servers)');
    this.logRestore(s, cause, 'active');
    servers.setActive(s, true);
    log.add(sim.now, 'promote', servers.names[s] ?? '', 'restored server back in the active list');
    const over = this.activeCount(pool) > (this.activeLimit[pool] as number);
    if (over && servers.active[replacement] === 1 && !this.promotion.keepInPlaceOfOwed(replacement)) {
      servers.setActive(replacement, false);
      // A replacement that failed too has no users to keep: the restored server takes its place.
      const why =
        servers.down[replacement] === 0
          ? 'soft drain: keeps its users, takes no new sign-ins'
          : `failed server taken out of the active list; ${servers.names[s] ?? ''} back in its place`;
      log.add(sim.now, 'demote', servers.names[replacement] ?? '', why);
    }
    this.rebalance(s);
  }

  /** What a server out of the active list is: a standby, or under maintenance (`drain`). */
  private idleRole(s: number): string {
    return this.maintenance[s] === 1 ? 'a server under maintenance (drained)' : 'standby';
  }

  private logRestore(s: number, cause: string, as: string): void {
    const { log, sim, servers } = this.world;
    log.add(sim.now, 'restore', servers.names[s] ?? '', `${cause}; rejoins as ${as}`);
  }

  /**
   * After a database failover all active servers must be in the database's site [doc]: servers
   * elsewhere leave the active list (keeping their users), and healthy servers of that site fill it
   * up to the pool's active count before the move (at most 4), not those under maintenance.
   */
  keepActiveInSite(pool: number, site: number): void {
    this.moveActiveToSite(pool, site);
    // Standbys of the new site may be active now, and those filling the list may leave some over.
    this.promotion.standbyMayBeFree(pool);
  }

  private moveActiveToSite(pool: number, site: number): void {
    const { servers, sim, log, config } = this.world;
    const list = config.pools[pool]?.servers ?? [];
    const before = Math.max(1, this.activeCount(pool));
    if (list.every((s) => servers.active[s] === 0 || servers.site[s] === site) && this.activeCount(pool) > 0)
      return;
    for (const s of list) if (servers.site[s] !== site) servers.setActive(s, false);
    const want = Math.min(before, this.activeLimit[pool] as number);
    for (const s of list) {
      if (this.activeCount(pool) >= want) break;
      if (servers.site[s] !== site || servers.active[s] === 1 || servers.down[s] !== 0) continue;
      if (this.maintenance[s] === 0) servers.setActive(s, true);
    }
    const names = list.filter((s) => servers.active[s] === 1).map((s) => servers.names[s]);
    const detail = `database in ${config.sites[site] ?? ''}: active ${names.join(' ')}`;
    log.add(sim.now, 'set-active', config.pools[pool]?.name ?? '', detail);
  }

  /**
   * `failover.rebalanceOnRestore`: server `s` is back in the active list, so users above capacity on
   * the pool's other active servers are disconnected and reconnect after `reconnectDelay` (to `s`,
   * the least loaded), ending their time over capacity: an outage of its own (`rebalance onto s`).
   */
  rebalance(s: number): void {
    const w = this.world;
    if (!w.config.failover.rebalanceOnRestore) return this.noRebalance(s);
    const { servers, config } = w;
    const pool = servers.pool[s] as number;
    const cap = config.pools[pool]?.capacityPerServer ?? Infinity;
    const list = config.pools[pool]?.servers ?? [];
    const over = list.filter((o) => o !== s && servers.active[o] === 1 && (servers.conn[o] as number) > cap);
    if (over.length === 0) return;
    // The moved users lose service until they reconnect: a disruption of its own, with its figures.
    const id = w.outages.open(w.sim.now, `rebalance onto ${servers.names[s] ?? ''}`);
    let moved = 0;
    for (const o of over) moved += w.flow.dropUsers(o, id, (servers.conn[o] as number) - cap);
    w.outages.close(id, w.sim.now);
    w.log.add(w.sim.now, 'rebalance', servers.names[s] ?? '', `${moved} users above capacity move to it`);
  }

  /**
   * No rebalance (the default, an assumption): servers of `s`'s pool still above capacity stay so
   * until their users' sessions end; the first such restore is noted, and their time over since.
   */
  private noRebalance(s: number): void {
    const { servers, config } = this.world;
    for (const o of config.pools[servers.pool[s] as number]?.servers ?? []) {
      if (o === s || (servers.overAfterRestoreAt[o] as number) >= 0) continue;
      if ((servers.conn[o] as number) <= (servers.capacity[o] as number)) continue;
      servers.addConn(o, 0);
      servers.overAfterRestoreAt[o] = this.world.sim.now;
      servers.overAtRestoreS[o] = servers.overCapacityS[o] as number;
    }
  }

  activeCount(pool: number): number {
    const servers = this.world.servers;
    let k = 0;
    for (const s of this.world.config.pools[pool]?.servers ?? []) if (servers.active[s] === 1) k++;
    return k;
  }
}
