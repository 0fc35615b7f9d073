// Batches of draws made ahead on a second thread, so the event thread only copies them in. Each
// stream's batches are the numbers its Variates would draw itself, in the same order: the thread runs
// the same Rng and sampler from the stream's position, so outputs are byte-identical with or without it,
// and a thread that fails or falls silent only hands the drawing back to the event thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DistSpec } from './distributions.js';
import {
  BATCH,
  CTRL_RELEASED,
  CTRL_STATE,
  CTRL_STOP,
  ctrlWords,
  FAILED,
  flagFailed,
  LOADING,
  LOW_WATER,
  produced,
  READY,
  readState,
  released,
  SLOTS,
  STATE_WORDS,
  writeState,
  type FeedStreamData,
  type FeedThreadData,
} from './feed-layout.js';
import { RngState, type Rng } from './rng.js';

/**
 * How long a run waits for the thread to load its work before it draws in this thread instead, ms
 * (assumption: a thread starts and loads its modules in a fraction of a second even on a busy machine;
 * the outputs are the same either way, so a slower start costs the run only its speed-up).
 */
const READY_MS = 10_000;
/** How long take() waits for a batch before it checks the thread again, ms. */
const WAIT_MS = 250;
/**
 * Waits of WAIT_MS without a batch after which a ready thread is given up on and the draws go on in
 * this thread (assumption: a live thread makes a batch in microseconds, so one a second behind is stuck,
 * or so starved of a core that it does not help). take() blocks this thread, its signal handlers
 * included, so this budget is also how long Ctrl-C can wait for the run to notice it.
 */
const MAX_WAITS = 4;

/**
 * The thread a feed starts and how long the run waits for it. Runs use the compiled
 * draw-thread-entry.js with READY_MS, WAIT_MS and MAX_WAITS; tests start one that fails, or have the
 * entry load work that fails or never makes a batch, with waits of their own.
 */
export interface FeedThread {
  /** The thread's module: a path, or a file: or data: URL. */
  readonly file: string | URL;
  /** The work draw-thread-entry.js loads, as import() takes it (a URL); default: draw-thread.js. */
  readonly work?: string;
  /** How long {@link DrawFeed.ready} waits for the thread to load its work, ms. */
  readonly readyMs: number;
  /** How long take() waits for a batch before it checks the thread again, ms. */
  readonly waitMs: number;
  /** Waits without a batch after which take() gives the thread up. */
  readonly maxWaits: number;
}

/** Atomics.waitAsync (ES2024; in Node since 16), which this project's ES2022 library types lack. */
interface AtomicsAsync {
  waitAsync(
    on: Int32Array,
    index: number,
    value: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** One stream for the feed: its distribution and the stream it draws from (read where it stands now). */
export interface FeedStream {
  readonly spec: DistSpec;
  readonly rng: Rng;
}

/** `ms` in seconds, for a reason: `1 s`, `0.25 s`. */
function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** The compiled thread module next to this one, or null when running from TypeScript sources. */
function builtThread(): FeedThread | null {
  const path = fileURLToPath(new URL('./draw-thread-entry.js', import.meta.url));
  return existsSync(path) ? { file: path, readyMs: READY_MS, waitMs: WAIT_MS, maxWaits: MAX_WAITS } : null;
}

/**
 * A second thread making each stream's next batches into a ring of {@link SLOTS} batches in shared
 * memory; {@link take} hands out the next one (waiting only if the thread is behind). Once the thread
 * fails or falls silent the feed gives out: take() says so and its caller draws from there on itself,
 * the same numbers, so a thread's failure changes no output.
 */
export class DrawFeed {
  private readonly ctrl: Int32Array;
  private readonly draws: Float64Array[] = [];
  private readonly states: Int32Array[] = [];
  private readonly next: Int32Array;
  private worker: Worker | null;
  private readonly readyMs: number;
  private readonly waitMs: number;
  private readonly maxWaits: number;
  /** Why the feed gave out before {@link stop} (a clause on the draw thread), or null. */
  private why: string | null = null;

  private constructor(streams: readonly FeedStream[], thread: FeedThread) {
    this.readyMs = thread.readyMs;
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
    // A thread's error, or an end nobody asked for, marks the feed failed rather than ending the process
    // from its event loop: that is how ready() learns that the entry itself failed to load. The events
    // arrive only when this thread's loop turns, so a take() already waiting learns of a failure from
    // the entry's flag in shared memory, or gives the thread up after its wait budget. The thread never
    // keeps the process alive; stop() ends it.
    const failed = (): void => flagFailed(this.ctrl, streams.length);
    this.worker.on('error', failed);
    this.worker.on('exit', failed);
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
   * Resolves once the thread has loaded its work: true; false if it failed to, or did not within its
   * time, and the feed gave out (every take() then returns false). Awaited rather than waited for, so
   * the thread's 'error' event, the only word of an entry that fails to load, can arrive meanwhile.
   */
  async ready(): Promise<boolean> {
    const ctrl = this.ctrl;
    const wait = (Atomics as unknown as AtomicsAsync).waitAsync(ctrl, CTRL_STATE, LOADING);
    if (wait.async) {
      // The timer is the deadline, and keeps the process alive meanwhile: a pending waitAsync does not.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.readyMs);
      });
      await Promise.race([wait.value, deadline]);
      clearTimeout(timer);
    }
    const state = Atomics.load(ctrl, CTRL_STATE);
    if (state === READY && this.worker !== null) return true;
    this.giveUp(state === FAILED ? 'failed to start' : `did not start within ${seconds(this.readyMs)}`);
    return false;
  }

  /** True until the feed gave out before {@link stop}: its thread failed, did not start or fell silent. */
  get intact(): boolean {
    return this.why === null;
  }

  /**
   * Why the feed gave out before {@link stop}, a clause on the thread (`failed to start`, `failed
   * mid-run`, `made no draws for 1 s`, ...), or null while {@link intact}.
   */
  get failure(): string | null {
    return this.why;
  }

  /**
   * Copies stream `k`'s next batch into `into` ({@link BATCH} draws), waiting for the thread if it is
   * behind. The batch's slot stays held until the next take, so {@link positionBefore} can read it.
   * @returns false, `into` untouched, once the feed has given out (its thread failed, was stopped, or
   *   made no batch within the wait budget): the caller draws this batch and the rest itself.
   */
  take(k: number, into: Float64Array): boolean {
    const ctrl = this.ctrl;
    const b = this.next[k] as number;
    let p = Atomics.load(ctrl, produced(k));
    for (let waits = 0; p <= b; p = Atomics.load(ctrl, produced(k))) {
      if (Atomics.load(ctrl, CTRL_STATE) === FAILED || this.worker === null || waits++ === this.maxWaits) {
        this.giveUp(
          waits > this.maxWaits
            ? `made no draws for ${seconds(this.maxWaits * this.waitMs)}`
            : 'failed mid-run',
        );
        return false;
      }
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
    return true;
  }

  /** Reads into `before` stream `k`'s position before the batch last taken. */
  positionBefore(k: number, before: RngState): void {
    readState(this.states[k] as Int32Array, (((this.next[k] as number) - 1) % SLOTS) * STATE_WORDS, before);
  }

  /** Ends a feed that gave out, `why`: every stream's take() from now on returns false at once. */
  private giveUp(why: string): void {
    if (this.worker !== null) this.why ??= why;
    flagFailed(this.ctrl, this.next.length);
    this.stop();
  }

  /** Ends the thread; take() returns false afterwards. Idempotent. */
  stop(): void {
    if (this.worker === null) return;
    Atomics.store(this.ctrl, CTRL_STOP, 1);
    Atomics.add(this.ctrl, CTRL_RELEASED, 1);
    Atomics.notify(this.ctrl, CTRL_RELEASED);
    void this.worker.terminate();
    this.worker = null;
  }
}
