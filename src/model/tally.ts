// The world's counters and time integrals (user-seconds connected and waiting, time above the
// documented 80,000 users across all pools), updated in O(1) per change.
import type { HotPath } from '../engine/simulator.js';
import { restoreFields, saveFields, type StateIn, type StateOut } from '../state-io.js';
import { DOC_LIMITS } from './limits.js';

const ALL_POOLS = DOC_LIMITS.supportedUsersAllPools;

/** Counts since t = 0 and the current head-counts; `touch` closes the integrals up to `now`. */
export class Tally {
  connected = 0;
  waiting = 0;
  /** Closed model: users signed out, waiting out their off-time. */
  signedOut = 0;
  initial = 0;
  arrivals = 0;
  attempts = 0;
  firstAttempts = 0;
  firstRefused = 0;
  accepted = 0;
  denied = 0;
  gaveUp = 0;
  /** Distinct users who wanted service in the run (on at t = 0, arrived, or returned from off-time). */
  wanted = 0;
  /** Time `wanted` first went above the 150,000 users that can be enabled [doc] (since the warm-up); -1 if never. */
  firstOverProvisionedAt = -1;
  /** Distinct users who gave up (refused with no retry left). */
  lost = 0;
  /** Distinct users whose planned session ended while they were locked out. */
  leftWhileWaiting = 0;
  signOuts = 0;
  /** Open model: users who left the system (signed out or gave up). */
  left = 0;
  disconnects = 0;
  peakConnected = 0;
  peakWaiting = 0;
  connectedUserS = 0;
  waitingUserS = 0;
  /** Seconds with more users connected, across all pools, than the documented 80,000 [doc]. */
  overAllPoolsS = 0;
  /** Time connected users first went above 80,000 (since the warm-up's end); -1 if never. */
  firstOverAllPoolsAt = -1;
  /** Per pool: users waiting now. */
  readonly poolWaiting: Int32Array;
  /** Per pool: accepted sign-ins and sign-outs so far (compliance JOIN/PART events). */
  readonly poolJoins: Float64Array;
  readonly poolParts: Float64Array;
  private at = 0;

  constructor(
    pools: number,
    private readonly clock: HotPath,
  ) {
    this.poolWaiting = new Int32Array(pools);
    this.poolJoins = new Float64Array(pools);
    this.poolParts = new Float64Array(pools);
  }

  /** Integrates the head-counts from the last change up to now. */
  touch(): void {
    const now = this.clock.time[0] as number;
    const dt = now - this.at;
    if (dt > 0) {
      this.connectedUserS += this.connected * dt;
      this.waitingUserS += this.waiting * dt;
      if (this.connected > ALL_POOLS) this.overAllPoolsS += dt;
      this.at = now;
    }
  }

  addConnected(delta: number): void {
    this.touch();
    this.connected += delta;
    if (this.connected > this.peakConnected) this.peakConnected = this.connected;
    if (this.connected > ALL_POOLS && this.firstOverAllPoolsAt === -1)
      this.firstOverAllPoolsAt = this.clock.time[0] as number;
  }

  addWaiting(delta: number, pool: number): void {
    this.touch();
    this.waiting += delta;
    if (this.waiting > this.peakWaiting) this.peakWaiting = this.waiting;
    this.poolWaiting[pool] = (this.poolWaiting[pool] as number) + delta;
  }

  /** Writes every counter, head-count and integral (all its fields are state), for a checkpoint. */
  saveState(out: StateOut): void {
    saveFields(out, this);
  }

  restoreState(inp: StateIn): void {
    restoreFields(inp, this);
  }

  /** Closes every integral now (the end of the run). */
  finish(): void {
    this.touch();
  }
}
