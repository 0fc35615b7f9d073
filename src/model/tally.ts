// The world's counters and time integrals (user-seconds connected and waiting), updated in O(1).

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
  signOuts = 0;
  /** Open model: users who left the system (signed out or gave up). */
  left = 0;
  disconnects = 0;
  peakConnected = 0;
  peakWaiting = 0;
  connectedUserS = 0;
  waitingUserS = 0;
  private at = 0;

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

  addWaiting(delta: number, now: number): void {
    this.touch(now);
    this.waiting += delta;
    if (this.waiting > this.peakWaiting) this.peakWaiting = this.waiting;
  }
}
