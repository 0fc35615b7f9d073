// The warm-up: with `warmup` set, every summary figure is taken over [warmup, end]. At the warm-up's
// end the world's counters and integrals are noted (and peaks restarted), and the summary subtracts.
import { restoreFields, saveFields, type StateIn, type StateOut } from '../state-io.js';
import type { ChatWorld } from './chat-world.js';
import { DOC_LIMITS } from './limits.js';
import { F_WANTED, U_CONNECTED, U_WAITING } from './user-table.js';

/** Tally counters the summary reports, noted at the warm-up's end. */
const COUNTERS = [
  'arrivals',
  'attempts',
  'firstAttempts',
  'firstRefused',
  'accepted',
  'denied',
  'gaveUp',
  'signOuts',
  'disconnects',
] as const;
export type Counter = (typeof COUNTERS)[number];

/** What the world had counted when the warm-up ended (all zero without a warm-up). */
export class WarmupMark {
  /** Start of the summary's window (0 without a warm-up). */
  fromS = 0;
  readonly counts: Record<Counter, number>;
  connectedUserS = 0;
  waitingUserS = 0;
  overAllPoolsS = 0;
  /** Users connected or waiting when the window opened (the window's initial users). */
  onAtStart = 0;
  /** Outages begun before the window (left out of it). */
  outagesBefore = 0;
  upS: Float64Array;
  overCapacityS: Float64Array;
  overWorstCaseS: Float64Array;
  /** Over-capacity episodes begun before the window, less the one still on at its start. */
  episodesBefore: Int32Array;
  messages: Float64Array;

  constructor(servers: number, pools: number) {
    this.counts = Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Record<Counter, number>;
    this.upS = new Float64Array(servers);
    this.overCapacityS = new Float64Array(servers);
    this.overWorstCaseS = new Float64Array(servers);
    this.episodesBefore = new Int32Array(servers);
    this.messages = new Float64Array(pools);
  }

  /** Writes what was noted (all its fields are state), for a checkpoint. */
  saveState(out: StateOut): void {
    saveFields(out, this);
    out.numbers(...COUNTERS.map((k) => this.counts[k]));
  }

  restoreState(inp: StateIn): void {
    restoreFields(inp, this);
    const v = inp.numbers(COUNTERS.length);
    COUNTERS.forEach((k, i) => (this.counts[k] = v[i] as number));
  }

  /** A counter over the window. */
  count(world: ChatWorld, k: Counter): number {
    return world.tally[k] - this.counts[k];
  }

  /** Notes everything at `now`, the warm-up's end, and restarts the peaks and the distinct-user counts. */
  take(world: ChatWorld, now: number): void {
    const { tally, servers, users, messages } = world;
    this.fromS = now;
    tally.touch();
    for (const k of COUNTERS) this.counts[k] = tally[k];
    this.connectedUserS = tally.connectedUserS;
    this.waitingUserS = tally.waitingUserS;
    this.onAtStart = tally.connected + tally.waiting;
    this.overAllPoolsS = tally.overAllPoolsS;
    tally.peakConnected = tally.connected;
    // The first crossings restart too: one already above the limit counts from the window's start.
    tally.firstOverAllPoolsAt = tally.connected > DOC_LIMITS.supportedUsersAllPools ? now : -1;
    tally.peakWaiting = tally.waiting;
    this.outagesBefore = world.outages.list.length;
    for (let s = 0; s < servers.n; s++) {
      servers.addConn(s, 0);
      this.upS[s] = servers.upUntil(s, now);
      this.overCapacityS[s] = servers.overCapacityS[s] as number;
      this.overWorstCaseS[s] = servers.overWorstCaseS[s] as number;
      const open = (servers.conn[s] as number) > (servers.capacity[s] as number);
      servers.firstOverCapacityAt[s] = open ? now : -1;
      servers.firstOverWorstCaseAt[s] =
        (servers.conn[s] as number) > DOC_LIMITS.worstCaseUsersPerServer ? now : -1;
      this.episodesBefore[s] = servers.overCapacity.count(s) - (open ? 1 : 0);
      servers.peak[s] = servers.conn[s] as number;
    }
    messages.accrue(now);
    this.messages = Float64Array.from(messages.messages);
    messages.compliance.restartPeaks(now);
    // Distinct users over the window: those on now, and those who come to want service later.
    tally.wanted = 0;
    tally.lost = 0;
    tally.leftWhileWaiting = 0;
    for (let u = 0; u < users.used; u++) {
      const state = users.state(u);
      const on = state === U_CONNECTED || state === U_WAITING;
      users.setFlags(u, on ? F_WANTED : 0);
      if (on) tally.wanted += 1;
    }
    tally.firstOverProvisionedAt = tally.wanted > DOC_LIMITS.provisionedUsers ? now : -1;
  }
}
