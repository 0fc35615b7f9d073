// The random draws of users' ways through the deployment: the named streams, and the batched draws of
// sessions, off-times and reconnect delays, which a second thread may make ahead (draw-feed.ts).
import { makeDistribution, type Distribution } from '../random/distributions.js';
import { DrawFeed, type FeedStream } from '../random/draw-feed.js';
import { makeResidual } from '../random/residual.js';
import { Variates } from '../random/variates.js';
import type { StateIn, StateOut } from '../state-io.js';
import type { WorkloadConfig } from './config.js';
import { Streams } from './streams.js';

/** A run's user draws: the streams and the three batched sampling sites on them. */
export class UserDraws {
  readonly rng: Streams;
  readonly session: Distribution;
  /** A session found in progress at t = 0 (its residual on a steady start). */
  readonly initialSession: Distribution;
  readonly offTime: Distribution | null;
  // perf: the sampling sites' draws are made in batches (bench/README.md, "Batched draws").
  readonly sessions: Variates;
  readonly offTimes: Variates | null;
  readonly reconnects: Variates;
  private feed: DrawFeed | null = null;
  /** Whether the feed, when stopped, had made the batches to the end (see {@link drawThread}). */
  private fedToEnd = false;

  constructor(
    private readonly w: WorkloadConfig,
    seed: number,
  ) {
    this.rng = new Streams(seed);
    this.session = makeDistribution(w.session);
    this.initialSession =
      w.initialSessions === 'residual' || w.initialStationary ? makeResidual(w.session) : this.session;
    this.offTime = w.offTime === null ? null : makeDistribution(w.offTime);
    this.sessions = new Variates(this.session, this.rng.session);
    this.offTimes = this.offTime === null ? null : new Variates(this.offTime, this.rng.offTime);
    this.reconnects = new Variates(makeDistribution(w.reconnectDelay), this.rng.reconnect);
  }

  /**
   * The off-time of a closed-model user signed out at t = 0. A steady start (`initialSessions:
   * residual`, the default, or a stationary one) draws the equilibrium residual off-time, as for a user
   * found signed out at a random instant, just as users on get residual sessions; else they would all
   * come back within one off-time, a storm. An exponential off-time is its own residual (memoryless):
   * it keeps its draws. `fresh` keeps whole off-times.
   */
  offTimeAtStart(): Distribution | null {
    const w = this.w;
    if (w.offTime === null) return null;
    if (w.initialStationary) return makeResidual(w.offTime);
    return w.initialSessions === 'residual' && w.offTime.dist !== 'exponential'
      ? makeResidual(w.offTime)
      : this.offTime;
  }

  /**
   * Has the three sites' batches made ahead on a second thread from now on, where one can run (the same
   * draws); {@link feedReady} awaits its start, {@link stopFeed} ends it.
   */
  startFeed(): void {
    const w = this.w;
    const sites: [Variates, FeedStream][] = [
      [this.sessions, { spec: w.session, rng: this.rng.session }],
      [this.reconnects, { spec: w.reconnectDelay, rng: this.rng.reconnect }],
    ];
    if (this.offTimes !== null && w.offTime !== null)
      sites.push([this.offTimes, { spec: w.offTime, rng: this.rng.offTime }]);
    this.feed = DrawFeed.start(sites.map(([, s]) => s));
    const feed = this.feed;
    if (feed !== null) sites.forEach(([v], k) => v.attach(feed, k));
  }

  /**
   * Resolves once the second thread, if any, has loaded its work, or has failed to and the draws go on
   * in this thread (the same ones). Awaited before the run's first event.
   */
  async feedReady(): Promise<void> {
    await this.feed?.ready();
  }

  /** True while a second thread makes the batches ahead; once it is stopped, if it made them to the end. */
  get drawThread(): boolean {
    return this.feed === null ? this.fedToEnd : this.feed.intact;
  }

  /** Ends the second thread, if any; the run must not draw afterwards. */
  stopFeed(): void {
    if (this.feed === null) return;
    this.fedToEnd = this.feed.intact;
    this.feed.stop();
    this.feed = null;
  }

  /** Writes the streams and the batches, for a checkpoint. */
  saveState(out: StateOut): void {
    this.sessions.settle();
    this.offTimes?.settle();
    this.reconnects.settle();
    this.rng.saveState(out);
  }

  /** Writes the batches (after the balancer's cursors, as checkpoints have them). */
  saveBatches(out: StateOut): void {
    this.sessions.saveState(out);
    this.offTimes?.saveState(out);
    this.reconnects.saveState(out);
  }

  restoreState(inp: StateIn): void {
    this.rng.restoreState(inp);
  }

  restoreBatches(inp: StateIn): void {
    this.sessions.restoreState(inp);
    this.offTimes?.restoreState(inp);
    this.reconnects.restoreState(inp);
  }
}
