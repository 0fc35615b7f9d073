// Users cut off when their server or their pool's database goes: each is disconnected, tagged with the
// outage, and tries to sign in again after the reconnect delay (or at their session's end, if sooner).
import type { HotPath, Simulator } from '../engine/simulator.js';
import type { Variates } from '../random/variates.js';
import type { SimConfig } from './config.js';
import type { OutageTracker } from './outages.js';
import type { ServerTable } from './server-table.js';
import type { Tally } from './tally.js';
import { U_CONNECTED, U_WAITING, type UserTable } from './user-table.js';

/** Disconnects a server's or a pool's users (see UserFlow, whose sign-in path they go back to). */
export class CutOff {
  private readonly hot: HotPath;

  constructor(
    private readonly config: SimConfig,
    private readonly sim: Simulator,
    private readonly users: UserTable,
    private readonly servers: ServerTable,
    private readonly tally: Tally,
    private readonly outages: OutageTracker,
    private readonly reconnects: Variates,
  ) {
    this.hot = sim.hotPath;
  }

  /**
   * Disconnects every user of server `s` (at most `limit`); each reconnects after the reconnect delay.
   * Users are tagged with `outage` (-1: none) until they are served again. @returns the number dropped.
   */
  dropUsers(s: number, outage: number, limit = 2147483647): number {
    if (this.servers.conn[s] === 0) return 0;
    const now = this.hot.time[0] as number;
    const users = this.users;
    const reconnects = this.reconnects;
    const pool = this.servers.pool[s] as number;
    let dropped = 0;
    for (let u = 0; u < users.used && dropped < limit; u++) {
      if (users.server(u) !== s || users.state(u) !== U_CONNECTED) continue;
      this.sim.cancelEntity(u);
      users.setServer(u, -1);
      users.setState(u, U_WAITING);
      users.setAttempt(u, 0);
      if (outage >= 0) users.setOutage(u, this.outages.affect(users.outage(u), outage, pool));
      const at = now + (reconnects.draws[reconnects.take()] as number);
      const endAt = users.times[users.endAtIndex(u)] as number;
      // perf: the time goes through nextTime, not as an argument (see HotPath). One past the end of
      // the run is not scheduled: they wait to the end.
      const retryAt = endAt < at ? endAt : at;
      this.hot.nextTime[0] = retryAt;
      if (retryAt <= this.config.durationS) this.hot.scheduleEntityAtTime(u);
      dropped++;
    }
    this.servers.addConn(s, -dropped);
    this.tally.addConnected(-dropped);
    this.tally.addWaiting(dropped, pool);
    this.tally.disconnects += dropped;
    return dropped;
  }

  /** Disconnects every user of pool `p` (its database went offline). @returns the number dropped. */
  dropPool(p: number, outage: number): number {
    let dropped = 0;
    for (const s of this.config.pools[p]?.servers ?? []) dropped += this.dropUsers(s, outage);
    return dropped;
  }
}
