// The world's counters and time integrals (user-seconds connected and waiting), updated in O(1)
// per change.

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
  /** Distinct users who gave up or whose session ended while they were locked out. */
  lost = 0;
  signOuts = 0;
  /** Open model: users who left the system (signed out or gave up). */
  left = 0;
  disconnects = 0;
  peakConnected = 0;
  peakWaiting = 0;
  connectedUserS = 0;
  waitingUserS = 0;
  /** Per pool: users waiting now. */
  readonly poolWaiting: Int32Array;
  /** Per pool: accepted sign-ins and sign-outs so far (compliance JOIN/PART events). */
  readonly poolJoins: Float64Array;
  readonly poolParts: Float64Array;
  private at = 0;

  constructor(pools: number) {
    this.poolWaiting = new Int32Array(pools);
    this.poolJoins = new Float64Array(pools);
    this.poolParts = new Float64Array(pools);
  }

  /** Integrates the head-counts from the last change up to `now`. */
  touch(now: number): void {
    const dt = now - this.at;
    if (dt > 0) {
      this.connectedUserS += this.connected * dt;
      this.waitingUserS += this.waiting * dt;
      this.at = now;
    }
  }

  addConnected(delta: number, now: number): void {
    this.touch(now);
    this.connected += delta;
    if (this.connected > this.peakConnected) this.peakConnected = this.connected;
  }

  addWaiting(delta: number, now: number, pool: number): void {
    this.touch(now);
    this.waiting += delta;
    if (this.waiting > this.peakWaiting) this.peakWaiting = this.waiting;
    this.poolWaiting[pool] = (this.poolWaiting[pool] as number) + delta;
  }

  /** Closes every integral at `now` (end of run). */
  finish(now: number): void {
    this.touch(now);
  }
}
