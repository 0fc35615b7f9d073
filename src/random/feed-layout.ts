// The shared memory of a draw feed (draw-feed.ts, draw-thread-entry.ts, draw-thread.ts): a control array
// of counters, and per stream a ring of batches of draws with the stream's position before each batch.
import type { DistSpec } from './distributions.js';
import type { RngState } from './rng.js';

/** Draws per batch (Variates hands them out one by one). */
export const BATCH = 256;
/** Batches a stream's ring holds: how far the thread may run ahead. */
export const SLOTS = 64;
/** Batches left in a ring when the event thread wakes the draw thread to fill it again. */
export const LOW_WATER = SLOTS / 2;
/** Int32 words of a stream position: the xor4096 state (128), the word buffer (256), w, i, pos. */
export const STATE_WORDS = 128 + 256 + 3;

/** Control word: set to 1 to end the thread. */
export const CTRL_STOP = 0;
/** Control word: the thread's state, {@link LOADING}, {@link READY} or {@link FAILED}. */
export const CTRL_STATE = 1;
/** Control word: bumped when a ring runs down to LOW_WATER batches (the thread waits on it when every ring is full). */
export const CTRL_RELEASED = 2;
const CTRL_FIXED = 3;

/** CTRL_STATE while the thread loads its work. */
export const LOADING = 0;
/** CTRL_STATE once the thread has loaded its work: it makes batches from now on. */
export const READY = 1;
/** CTRL_STATE once the thread failed (as it loaded or later) or ended unasked: it makes no more batches. */
export const FAILED = -1;

/** Control word: batches of stream k made so far; -1 once the thread failed ({@link flagFailed}). */
export function produced(k: number): number {
  return CTRL_FIXED + 2 * k;
}

/** Control word: batches of stream k done with (their slots may be refilled); the batch in hand's slot is held. */
export function released(k: number): number {
  return CTRL_FIXED + 2 * k + 1;
}

/** Control words for `streams` streams. */
export function ctrlWords(streams: number): number {
  return CTRL_FIXED + 2 * streams;
}

/** What the thread gets for one stream (structured-cloned; the arrays share memory). */
export interface FeedStreamData {
  readonly spec: DistSpec;
  /** SLOTS × BATCH draws. */
  readonly draws: Float64Array;
  /** SLOTS × STATE_WORDS: each batch's stream position before it. */
  readonly states: Int32Array;
  /** The stream's position to start from (STATE_WORDS words). */
  readonly start: Int32Array;
}

/** What the draw thread is started with (its workerData, structured-cloned). */
export interface FeedThreadData {
  readonly ctrl: Int32Array;
  readonly streams: FeedStreamData[];
  /** The module the entry loads and runs, as import() takes it; default: the compiled draw-thread.js. */
  readonly work?: string | undefined;
}

/** Marks the thread ready, from the thread once its work is loaded, and wakes the run awaiting it. */
export function flagReady(ctrl: Int32Array): void {
  Atomics.compareExchange(ctrl, CTRL_STATE, LOADING, READY);
  Atomics.notify(ctrl, CTRL_STATE);
}

/**
 * Marks the feed failed (from the thread, or from the event thread on the thread's 'error' or 'exit')
 * and wakes the run awaiting its start and a take() waiting on any stream. Each produced word goes to
 * -1 as well: a take() between its check of CTRL_STATE and its wait then finds the word changed and does
 * not sleep, and -1 is never past the batch it wants.
 */
export function flagFailed(ctrl: Int32Array, streams: number): void {
  Atomics.store(ctrl, CTRL_STATE, FAILED);
  Atomics.notify(ctrl, CTRL_STATE);
  for (let k = 0; k < streams; k++) {
    Atomics.store(ctrl, produced(k), -1);
    Atomics.notify(ctrl, produced(k));
  }
}

/** Writes `s` at `out[o ..]`. */
export function writeState(s: RngState, out: Int32Array, o: number): void {
  out.set(s.x, o);
  out.set(s.buf, o + 128);
  out[o + 384] = s.w;
  out[o + 385] = s.i;
  out[o + 386] = s.pos;
}

/** Reads a position written by {@link writeState} into `s`; allocates nothing. */
export function readState(from: Int32Array, o: number, s: RngState): void {
  const x = s.x;
  const buf = s.buf;
  for (let j = 0; j < 128; j++) x[j] = from[o + j] as number;
  for (let j = 0; j < 256; j++) buf[j] = from[o + 128 + j] as number;
  s.w = from[o + 384] as number;
  s.i = from[o + 385] as number;
  s.pos = from[o + 386] as number;
}
