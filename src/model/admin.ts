// Administrator actions at scheduled times: set the active list, swap active and idle servers,
// drain a server for patching (soft, or forced at a deadline), put a server back, fail back a pool.
// A server taken out of the active list keeps its users but takes no new sign-ins [doc]; one drained
// is under maintenance (no standby) until `activate` or a list naming it puts it back.
import type { ChatWorld } from './chat-world.js';
import { siteAllowed, unknownKind, type Action } from './config.js';
import { EV_DRAIN_DEADLINE } from './event-kinds.js';
import type { EventName } from './figures/event-names.js';

/** Carries out the scheduled admin actions of SimConfig.faults. */
export class Admin {
  constructor(private readonly world: ChatWorld) {}

  /**
   * Carries out action `f`; a server it takes out of the active list (or a failed one it puts in) may
   * then give a failed server owed a promotion its standby.
   */
  act(f: Action): void {
    this.carryOut(f);
    const pool = f.kind === 'drain' || f.kind === 'activate' ? this.world.servers.pool[f.target] : f.target;
    this.world.failover.promotion.standbyMayBeFree(pool as number);
  }

  private carryOut(f: Action): void {
    switch (f.kind) {
      case 'setActive':
        return this.setActive(f.target, f.servers);
      case 'swap':
        return this.swap(f.target);
      case 'drain':
        return this.drain(f.target, f.force, f.seconds);
      case 'activate':
        return this.activate(f.target);
      case 'failback':
        return this.world.databases.failback(f.target, f.seconds, f.servers);
      default:
        return unknownKind(f);
    }
  }

  /** Whether server `s` may be active where its pool's database is now [doc]. */
  private allowed(s: number): boolean {
    const { servers, config, databases } = this.world;
    return siteAllowed(config, servers.site[s] as number, databases.currentSite(servers.pool[s] as number));
  }

  private setActive(pool: number, wanted: readonly number[]): void {
    const { servers, config } = this.world;
    const list = wanted.filter((s) => this.allowed(s));
    for (const s of config.pools[pool]?.servers ?? []) {
      const on = list.includes(s);
      if (on) this.endMaintenance(s);
      servers.setActive(s, on);
    }
    this.log(
      'set-active',
      config.pools[pool]?.name ?? '',
      `active ${list.map((s) => servers.names[s]).join(' ')}`,
    );
  }

  private swap(pool: number): void {
    const { servers, config, failover } = this.world;
    const list = config.pools[pool]?.servers ?? [];
    // A server under maintenance is not an idle server the swap may take: it is being patched.
    const spare = list.filter((s) => servers.active[s] === 0 && failover.maintenance[s] === 0);
    const idle = spare.filter((s) => this.allowed(s)).slice(0, failover.activeLimit[pool]);
    if (idle.length === 0 && list.some((s) => servers.active[s] === 0)) {
      const why =
        spare.length === 0
          ? 'every idle server is under maintenance (drained)'
          : "no idle server in the database's site or one linked to it (lowLatencySites)";
      return this.log('swap-refused', config.pools[pool]?.name ?? '', why);
    }
    const before = list.filter((s) => servers.active[s] === 1).length;
    for (const s of list) servers.setActive(s, false);
    for (const s of idle) servers.setActive(s, true);
    const names = idle.map((s) => servers.names[s]).join(' ');
    // Fewer idle servers the swap may take than were active: the pool comes out smaller.
    if (idle.length < before)
      return this.log(
        'swap-partial',
        config.pools[pool]?.name ?? '',
        `warning: active ${names}, ${idle.length} of the ${before} active before: too few idle servers${this.shortBy(list, spare)}`,
      );
    this.log('swap', config.pools[pool]?.name ?? '', `active ${names}`);
  }

  /** Why a swap found too few idle servers: the site rule, idle servers under maintenance, or both. */
  private shortBy(list: readonly number[], spare: readonly number[]): string {
    const { servers, failover } = this.world;
    const site = spare.some((s) => !this.allowed(s))
      ? " in the database's site or one linked to it (lowLatencySites)"
      : '';
    const drained = list.filter((s) => failover.maintenance[s] === 1);
    if (drained.length === 0) return site;
    const names = drained.map((s) => servers.names[s]).join(' ');
    return `${site}${site === '' ? '' : ' and'} not under maintenance (drained: ${names})`;
  }

  private drain(s: number, force: boolean, deadline: number): void {
    const { servers, sim } = this.world;
    servers.setActive(s, false);
    this.cancelDrain(s);
    this.world.failover.maintenance[s] = 1;
    this.log(
      'drain',
      servers.names[s] ?? '',
      `${force ? 'force' : 'soft'} drain of ${servers.conn[s]} users${force ? `, deadline in ${deadline} s` : ''}`,
    );
    if (force) {
      servers.drainEvent[s] = sim.schedule(sim.now + deadline, EV_DRAIN_DEADLINE, s);
      servers.drainAt[s] = sim.now;
    }
  }

  /** EV_DRAIN_DEADLINE: users still on a force-drained server are disconnected; they reconnect elsewhere. */
  drainDeadline(s: number): void {
    const { servers, sim, outages } = this.world;
    servers.drainEvent[s] = -1;
    servers.drainAt[s] = NaN;
    if (servers.active[s] === 1) return;
    const id =
      servers.conn[s] === 0 ? -1 : outages.open(sim.now, `forced drain of ${servers.names[s] ?? ''}`);
    const dropped = this.world.flow.dropUsers(s, id);
    if (id >= 0) outages.close(id, sim.now);
    this.log('drain-deadline', servers.names[s] ?? '', `${dropped} users disconnected`);
  }

  /**
   * Puts server `s` back in the active list. A refusal changes nothing: a server under maintenance
   * stays so, its force-drain deadline standing; only an activate that succeeds ends the maintenance.
   */
  private activate(s: number): void {
    const { servers, failover } = this.world;
    const pool = servers.pool[s] as number;
    if (!this.allowed(s))
      return this.refuseActivate(s, "its site is neither the database's nor linked to it by lowLatencySites");
    if (servers.active[s] === 0 && failover.activeCount(pool) >= (failover.activeLimit[pool] as number))
      return this.refuseActivate(s, 'the pool already has its maximum of active servers');
    this.endMaintenance(s);
    servers.setActive(s, true);
    this.log('activate', servers.names[s] ?? '', 'back in the active list');
    failover.rebalance(s);
  }

  /** Logs a refused `activate` of `s`, saying what stands: its maintenance and force-drain deadline. */
  private refuseActivate(s: number, why: string): void {
    const { servers, failover } = this.world;
    const deadline = servers.drainEvent[s] === -1 ? '' : ', its force-drain deadline standing';
    const stands = failover.maintenance[s] === 0 ? '' : `; stays under maintenance (drained)${deadline}`;
    this.log('activate-refused', servers.names[s] ?? '', `${why}${stands}`);
  }

  /**
   * Server `s` is put back by the admin (`activate`, or a list naming it): its maintenance, if any, is
   * over, and its pending force-drain deadline goes.
   */
  endMaintenance(s: number): void {
    this.world.failover.maintenance[s] = 0;
    this.cancelDrain(s);
  }

  /** Cancels server `s`'s pending force-drain deadline, if any. */
  private cancelDrain(s: number): void {
    const handle = this.world.servers.drainEvent[s] as number;
    if (handle >= 0) this.world.sim.cancel(handle);
    this.world.servers.drainEvent[s] = -1;
    this.world.servers.drainAt[s] = NaN;
  }

  private log(event: EventName, who: string, detail: string): void {
    this.world.log.add(this.world.sim.now, event, who, detail);
  }
}
