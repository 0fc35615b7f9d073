// Batches of draws made ahead on a second thread, so the event thread only copies them in. Each
// stream's batches are the numbers its Variates would draw itself, in the same order: the thread runs
// the same Rng and sampler from the stream's position, so outputs are byte-identical with or without it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EngineError } from '../errors.js';
import type { DistSpec } from './distributions.js';
import {
  BATCH,
  CTRL_FAILED,
  CTRL_RELEASED,
  CTRL_STOP,
  ctrlWords,
  LOW_WATER,
  produced,
  readState,
  released,
  SLOTS,
  STATE_WORDS,
  writeState,
  type FeedStreamData,
  type FeedThreadData,
} from './feed-layout.js';
import { RngState, type Rng } from './rng.js';

/** How long the event thread waits for a batch before it checks that the thread is still alive, ms. */
const WAIT_MS = 1000;
/**
 * Waits of WAIT_MS without a batch after which the thread is taken for dead (one that never started,
 * or died without saying so); a live thread is never this far behind (assumption: it makes a batch
 * in microseconds).
 */
const MAX_WAITS = 60;

/**
 * The thread a feed starts and how long {@link DrawFeed.take} waits for it. Runs use the compiled
 * draw-thread-entry.js with WAIT_MS and MAX_WAITS; tests start one that fails, or have the entry load
 * work that fails, with a wait of their own.
 */
export interface FeedThread {
  /** The thread's module: a path, or a file: or data: URL. */
  readonly file: string | URL;
  /** The work draw-thread-entry.js loads, as import() takes it (a URL); default: draw-thread.js. */
  readonly work?: string;
  /** How long take() waits for a batch before it checks the thread again, ms. */
  readonly waitMs: number;
  /** Waits without a batch after which the thread is taken for dead. */
  readonly maxWaits: number;
}

/** One stream for the feed: its distribution and the stream it draws from (read where it stands now). */
export interface FeedStream {
  readonly spec: DistSpec;
  readonly rng: Rng;
}

/** The compiled thread module next to this one, or null when running from TypeScript sources. */
function builtThread(): FeedThread | null {
  const path = fileURLToPath(new URL('./draw-thread-entry.js', import.meta.url));
  return existsSync(path) ? { file: path, waitMs: WAIT_MS, maxWaits: MAX_WAITS } : null;
}

/**
 * A second thread making each stream's next batches into a ring of {@link SLOTS} batches in shared
 * memory; {@link take} hands out the next one (waiting only if the thread is behind).
 */
export class DrawFeed {
  private readonly ctrl: Int32Array;
  private readonly draws: Float64Array[] = [];
  private readonly states: Int32Array[] = [];
  private readonly next: Int32Array;
  private worker: Worker | null;
  private readonly waitMs: number;
  private readonly maxWaits: number;

  private constructor(streams: readonly FeedStream[], thread: FeedThread) {
    this.waitMs = thread.waitMs;
    this.maxWaits = thread.maxWaits;
    this.ctrl = new Int32Array(new SharedArrayBuffer(4 * ctrlWords(streams.length)));
    this.next = new Int32Array(streams.length);
    const data: FeedStreamData[] = streams.map((s) => {
      const draws = new Float64Array(new SharedArrayBuffer(8 * SLOTS * BATCH));
      const states = new Int32Array(new SharedArrayBuffer(4 * SLOTS * STATE_WORDS));
      this.draws.push(draws);
      this.states.push(states);
      const start = new RngState();
      s.rng.save(start);
      const at = new Int32Array(STATE_WORDS);
      writeState(start, at, 0);
      return { spec: s.spec, draws, states, start: at };
    });
    const workerData: FeedThreadData = { ctrl: this.ctrl, streams: data, work: thread.work };
    this.worker = new Worker(thread.file, { workerData });
    // A thread's error marks the feed failed (take() then says so in one line) rather than ending the
    // process from its event loop. The event arrives only when this thread's loop turns, so a take()
    // already waiting learns of the failure from shared memory: the entry flags its work failing to
    // load or run. Only an entry that fails to load itself leaves it waiting to the wait budget. The
    // thread never keeps the process alive; stop() ends it.
    this.worker.on('error', () => Atomics.store(this.ctrl, CTRL_FAILED, 1));
    this.worker.unref();
  }

  /**
   * A feed for `streams`, or null where no second thread can run (TypeScript sources: the thread runs
   * from the compiled build). Whether a run wants one, cores included, is thread-choice.ts's call.
   * `thread` is for tests: a thread that fails, and a wait short enough for a test.
   */
  static start(streams: readonly FeedStream[], thread: FeedThread | null = builtThread()): DrawFeed | null {
    return thread === null ? null : new DrawFeed(streams, thread);
  }

  /**
   * Copies stream `k`'s next batch into `into` ({@link BATCH} draws), waiting for the thread if it is
   * behind. The batch's slot stays held until the next take, so {@link positionBefore} can read it.
   * @throws EngineError if the thread failed or was stopped
   */
  take(k: number, into: Float64Array): void {
    const ctrl = this.ctrl;
    const b = this.next[k] as number;
    let p = Atomics.load(ctrl, produced(k));
    for (let waits = 0; p <= b; p = Atomics.load(ctrl, produced(k))) {
      if (Atomics.load(ctrl, CTRL_FAILED) !== 0 || this.worker === null || waits++ === this.maxWaits)
        throw new EngineError('the draw thread stopped before the run ended');
      Atomics.wait(ctrl, produced(k), p, this.waitMs);
    }
    const slot = b % SLOTS;
    // perf: an element loop, not subarray(): a view is an object, and nothing is allocated per batch.
    const draws = this.draws[k] as Float64Array;
    for (let j = 0, o = slot * BATCH; j < BATCH; j++) into[j] = draws[o + j] as number;
    this.next[k] = b + 1;
    Atomics.store(ctrl, released(k), b);
    // perf: the thread is woken only when a ring runs down to LOW_WATER, not per batch: waking a
    // thread is a system call on this one (bench/README.md, "Second thread").
    if (p - b - 1 === LOW_WATER) {
      Atomics.add(ctrl, CTRL_RELEASED, 1);
      Atomics.notify(ctrl, CTRL_RELEASED);
    }
  }

  /** Reads into `before` stream `k`'s position before the batch last taken. */
  positionBefore(k: number, before: RngState): void {
    readState(this.states[k] as Int32Array, (((this.next[k] as number) - 1) % SLOTS) * STATE_WORDS, before);
  }

  /** Ends the thread; the feed must not be used afterwards. Idempotent. */
  stop(): void {
    if (this.worker === null) return;
    Atomics.store(this.ctrl, CTRL_STOP, 1);
    Atomics.add(this.ctrl, CTRL_RELEASED, 1);
    Atomics.notify(this.ctrl, CTRL_RELEASED);
    void this.worker.terminate();
    this.worker = null;
  }
}
