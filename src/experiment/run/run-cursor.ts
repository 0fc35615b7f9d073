// The one place a simulation runs: build the world, step to each sample time, hand each timeline row
// to a sink, finish. Events run on a budget, so a driver can drain output and yield between chunks.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ChatWorld } from '../../model/chat-world.js';
import type { SimConfig } from '../../model/config.js';
import type { StateIn, StateOut } from '../../state-io.js';
import { GuardWatch, type RunGuard } from './run-guard.js';
import { SampleSchedule } from './sample-schedule.js';

/** Receives timeline row `k` (columns as `world.timelineColumns()`, time rounded to the ms); reused per row. */
export type SampleSink = (row: Float64Array, k: number) => void;

/** How far a run has got: reported by {@link runPaced} each time it yields. */
export interface RunTick {
  /** Simulated seconds reached. */
  readonly simulatedS: number;
  /** Events fired so far. */
  readonly events: number;
  /** Simulated seconds of the whole run. */
  readonly durationS: number;
}

/** Events per chunk: the longest stretch without a look at the wall clock. */
export const CHUNK_EVENTS = 16_384;
/** Samples per chunk: a driver drains its output at least this often (bounded buffers). */
export const CHUNK_SAMPLES = 1024;
/** Wall-clock ms between yields to the event loop, so signal handlers and progress bars are served. */
export const YIELD_MS = 50;
/** Events between yields at most, whatever the wall clock says. */
export const YIELD_EVENTS = 1 << 20;

/** Simulated seconds, rounded to the millisecond for the timeline. */
export function roundMs(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/** How a cursor starts from a checkpoint instead of t = 0 (see {@link RunCursor.saveState}). */
export interface CursorStart {
  /** Reads the saved world into the new one (built from the config, not started). */
  restore(world: ChatWorld): void;
  /** Samples the run had taken when it was saved. */
  readonly samplesTaken: number;
}

/** A run in progress: its world, its sample schedule and the next sample to take. */
export class RunCursor {
  readonly world: ChatWorld;
  readonly schedule: SampleSchedule;
  private readonly row: Float64Array;
  private next = 0;
  /** Samples to take before {@link advance} reports the run over: all of them, or {@link stopAfter}'s. */
  private last: number;
  private finished = false;
  /** {@link advance} stops once every event at or before this time has fired (see {@link pauseAt}). */
  private pauseS = Infinity;

  /**
   * Builds the world for `config` and starts it (initial users placed, first events scheduled), or,
   * with `from`, restores it where a checkpoint left it. With `drawThread`, the users' draws are made
   * ahead on a second thread where one can run (the same draws; {@link drawsReady} awaits its start,
   * {@link close} ends it).
   */
  constructor(
    readonly config: SimConfig,
    from?: CursorStart,
    drawThread = false,
  ) {
    this.world = new ChatWorld(config);
    this.schedule = new SampleSchedule(config);
    this.row = new Float64Array(this.world.timelineColumns().length);
    this.last = this.schedule.count;
    if (from === undefined) this.world.start();
    else {
      from.restore(this.world);
      this.next = from.samplesTaken;
    }
    if (drawThread) this.world.flow.draws.startFeed();
  }

  /**
   * Resolves once the draw thread, if any, has loaded its work, or has failed to and the draws are made
   * here instead (the same ones): await it before the first {@link advance}, which would otherwise
   * block on a thread that never starts.
   */
  async drawsReady(): Promise<void> {
    await this.world.flow.draws.feedReady();
  }

  /**
   * True while a second thread makes the run's draws ahead; after {@link close}, if it made them to the
   * end (false if it failed and the draws went on here).
   */
  get drawThread(): boolean {
    return this.world.flow.draws.drawThread;
  }

  /**
   * Why the draw thread gave the draws back to this thread (a clause on it: `failed to start`, ...),
   * or null: none was started, or it made them to the end.
   */
  get drawThreadFailure(): string | null {
    // Every site shares the one feed, sessions first (UserDraws.startFeed).
    return this.world.flow.draws.sessions.feedFailure;
  }

  /** Ends the draw thread, if any; the cursor must not advance afterwards. Idempotent. */
  close(): void {
    this.world.flow.draws.stopFeed();
  }

  /**
   * Makes {@link advance} report the run over once every sample at or before `t` is taken and every
   * event at or before `t` has fired: the world as a checkpoint at `t` holds it. {@link resume} goes on.
   */
  pauseAt(t: number): void {
    this.pauseS = t;
  }

  /** True while paused at the {@link pauseAt} time (every event up to it fired). */
  get paused(): boolean {
    return this.pauseS !== Infinity && this.next < this.last && this.schedule.timeAt(this.next) > this.pauseS;
  }

  /** Clears {@link pauseAt}: the next {@link advance} goes on to the end. */
  resume(): void {
    this.pauseS = Infinity;
  }

  /** Samples taken so far. */
  get samplesTaken(): number {
    return this.next;
  }

  /** Writes the world at a pause, for a checkpoint (the samples taken are the caller's to keep). */
  saveState(out: StateOut): void {
    out.numbers(this.next);
    this.world.saveState(out);
  }

  /** The {@link CursorStart} of a saved cursor: reads the samples taken now, the world when built. */
  static startFrom(inp: StateIn, edit?: Parameters<ChatWorld['restoreState']>[1]): CursorStart {
    const [samplesTaken = 0] = inp.numbers(1);
    return { samplesTaken, restore: (world) => world.restoreState(inp, edit) };
  }

  /**
   * Ends the run after its first `samples` samples (a pilot run needs no more): the world is left
   * unfinished, so its summary must not be taken.
   */
  stopAfter(samples: number): void {
    this.last = Math.min(this.schedule.count, samples);
  }

  /** True once every sample is taken and the world is finished. */
  get done(): boolean {
    return this.finished;
  }

  /** Where the run is, for progress reports. */
  tick(): RunTick {
    const sim = this.world.sim;
    return { simulatedS: sim.now, events: sim.eventsProcessed, durationS: this.config.durationS };
  }

  /**
   * Runs at most `maxEvents` events and takes at most `maxSamples` samples, giving each row to `sink`;
   * after the last sample it finishes the world (closes every time integral).
   * @returns true when the run is over.
   */
  advance(maxEvents: number, maxSamples: number, sink: SampleSink | null): boolean {
    const { world, schedule, row } = this;
    const sim = world.sim;
    const stop = sim.eventsProcessed + maxEvents;
    for (let taken = 0; this.next < this.last; taken++) {
      if (taken >= maxSamples) return false;
      const at = schedule.timeAt(this.next);
      if (at > this.pauseS) return world.advanceTo(this.pauseS, stop - sim.eventsProcessed);
      if (!world.advanceTo(at, stop - sim.eventsProcessed)) return false;
      world.sampleInto(row);
      row[0] = roundMs(row[0] as number);
      sink?.(row, this.next);
      this.next++;
    }
    if (this.last < schedule.count) return true;
    this.close();
    if (!this.finished) world.finish();
    this.finished = true;
    return true;
  }
}

/**
 * Runs the cursor to its end in this thread, calling `onChunk` (e.g. to drain the event log) between
 * chunks. @throws RunStopped when the run passes `guard` or is stuck at one instant under it
 */
export function runToEnd(
  cursor: RunCursor,
  sink: SampleSink | null,
  onChunk: () => void,
  guard: RunGuard | null = null,
): void {
  const watch = new GuardWatch(guard, cursor.world);
  while (!cursor.advance(CHUNK_EVENTS, CHUNK_SAMPLES, sink)) {
    onChunk();
    watch.check();
  }
  onChunk();
}

/**
 * When work in this thread yields to the event loop: every {@link YIELD_MS} of wall time or
 * {@link YIELD_EVENTS} events, whichever comes first. One pacer may span many runs (an experiment's
 * replications in this thread), so short runs yield between them as a long run does inside.
 */
export class Pacer {
  private yieldedAt = performance.now();
  private events = 0;

  /** Counts `events` more events of work done since the last call. */
  count(events: number): void {
    this.events += events;
  }

  /** True when the budget since the last yield is spent. */
  get due(): boolean {
    return this.events >= YIELD_EVENTS || performance.now() - this.yieldedAt >= YIELD_MS;
  }

  /** Yields to the event loop if due (timers, signal handlers, progress bars run), calling `before` first. */
  async pace(before?: () => void): Promise<void> {
    if (!this.due) return;
    before?.();
    await nextTurn();
    this.yieldedAt = performance.now();
    this.events = 0;
  }
}

/** What {@link runPaced} does between chunks. */
export interface Pacing {
  /** After every chunk, the last included: drain buffers (awaited, so a slow disk holds the run back). */
  readonly onChunk?: () => void | Promise<void>;
  /** At every yield: how far the run has got. */
  readonly onTick?: (tick: RunTick) => void;
  /** The pacer to share with the work around this run (else one of its own). */
  readonly pacer?: Pacer;
  /** Stops the run when it passes its estimate or is stuck at one instant (run-guard.ts). */
  readonly guard?: RunGuard | null;
}

/**
 * Runs the cursor to its end, yielding to the event loop every {@link YIELD_MS} of wall time or
 * {@link YIELD_EVENTS} events, whichever comes first (also between samples), so timers, signal
 * handlers and progress bars are served during a long run. It does not yield after the last chunk: a
 * shared pacer carries the time spent over to the work that follows.
 * @throws RunStopped when the run passes `pacing.guard` or is stuck at one instant under it
 */
export async function runPaced(
  cursor: RunCursor,
  sink: SampleSink | null,
  pacing: Pacing = {},
): Promise<void> {
  const pacer = pacing.pacer ?? new Pacer();
  const onTick = pacing.onTick;
  const tick = onTick === undefined ? undefined : (): void => onTick(cursor.tick());
  let eventsAt = cursor.world.sim.eventsProcessed;
  const watch = new GuardWatch(pacing.guard ?? null, cursor.world);
  for (;;) {
    const done = cursor.advance(CHUNK_EVENTS, CHUNK_SAMPLES, sink);
    await pacing.onChunk?.();
    const events = cursor.world.sim.eventsProcessed;
    pacer.count(events - eventsAt);
    eventsAt = events;
    if (done) return;
    watch.check();
    await pacer.pace(tick);
  }
}
