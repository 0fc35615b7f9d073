// The pending-event set: events as nodes (sequence number and payload) in one typed-array buffer,
// ordered by a ladder queue. Nothing is allocated per push or pop; arrays grow by doubling.
import { EngineError } from '../errors.js';
import { Ladder, NODE_WORDS } from './ladder.js';

/** Node state, kept in the high word of the node's seq: a live node's is >= 0. */
const FREE = -1;
const DEAD = -2;
const TWO_32 = 4294967296;

/**
 * A min-priority queue of events ordered by `(time, seq)`, where `seq` is an insertion counter,
 * so events with equal times pop in the order they were pushed (FIFO, deterministic).
 *
 * Each event carries an integer `kind` and two int32 payload fields `a` and `b`, held in a node
 * whose id is the event's handle. Cancellation is O(1) and lazy: a cancelled event stays in the
 * ordering structure, marked dead, and is discarded (its node freed) when it reaches the front.
 *
 * After `pop()` returns true, the popped event is readable from {@link time}, {@link kind},
 * {@link a} and {@link b}; they are overwritten by the next successful pop.
 */
export class EventQueue {
  /** Time of the last popped event, in seconds. */
  time = 0;
  /** Kind of the last popped event. */
  kind = 0;
  /** First payload field of the last popped event. */
  a = 0;
  /** Second payload field of the last popped event. */
  b = 0;

  private capacity: number;
  /** Nodes handed out so far (the high-water mark); ids below it are live, dead or free. */
  private used = 0;
  private live = 0;
  private nextSeq = 0;
  // perf: a node is five int32 words, [seq high, seq low, kind, a, b], 20 bytes: its seq and
  // payload share a cache line, so a pop costs one miss. The two seq words keep it exact up to
  // 2^53 pushes, where one int32 would wrap at 2^31.
  private nodes: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  // perf: the (time, seq) key of the event being inserted travels through this array rather than
  // as arguments: V8 boxes (heap-allocates) a double passed to a call it did not inline.
  private readonly key = new Float64Array(2);
  private readonly ladder: Ladder;
  private limit = Infinity;
  /** Buckets loaded into the bottom so far. */
  loads = 0;

  /**
   * @param initialCapacity - events held before the first growth (doubling); a positive integer.
   * @throws EngineError if `initialCapacity` is not a positive integer.
   */
  constructor(initialCapacity = 1024) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new EngineError(
        `Invalid initialCapacity: Expected a positive integer but received ${initialCapacity}`,
      );
    }
    this.capacity = initialCapacity;
    this.nodes = new Int32Array(initialCapacity * NODE_WORDS);
    this.free = new Int32Array(initialCapacity);
    this.ladder = new Ladder(this.key, initialCapacity);
  }

  /** Number of live (pushed, not yet popped, not cancelled) events. */
  get size(): number {
    return this.live;
  }

  /**
   * Adds an event.
   * @param time - event time in seconds; any number but NaN.
   * @param kind - event kind, an int32.
   * @param a - first payload field, an int32.
   * @param b - second payload field, an int32.
   * @returns a handle (node id) for {@link cancel}, valid until the event is popped or cancelled.
   * @throws EngineError if `time` is NaN or `kind`, `a` or `b` is not an int32.
   */
  push(time: number, kind: number, a: number, b: number): number {
    if (time !== time || (kind | 0) !== kind || (a | 0) !== a || (b | 0) !== b)
      throw invalidEvent(time, kind, a, b);
    this.key[0] = time;
    return this.insert(kind, a, b);
  }

  /** Pushes an event whose time is in `key[0]`; returns its handle. */
  private insert(kind: number, a: number, b: number): number {
    let node: number;
    if (this.freeTop > 0) node = this.free[--this.freeTop] as number;
    else {
      if (this.used === this.capacity) this.grow();
      node = this.used++;
    }
    const seq = this.nextSeq++;
    this.key[1] = seq;
    const o = node * NODE_WORDS;
    const nodes = this.nodes;
    nodes[o] = Math.floor(seq / TWO_32);
    nodes[o + 1] = seq | 0;
    nodes[o + 2] = kind;
    nodes[o + 3] = a;
    nodes[o + 4] = b;
    this.live++;
    this.ladder.insert(node);
    return node;
  }

  /**
   * Cancels a pending event in O(1); it will never pop.
   *
   * A handle names a node, and nodes are reused: a stale handle (its event already popped or
   * cancelled) whose node now holds a newer event would cancel that newer event. Callers must
   * forget a handle once its event has fired or been cancelled.
   * @throws EngineError if the handle does not name a live event (e.g. cancelled twice, or popped
   *   and its node not yet reused).
   */
  cancel(handle: number): void {
    if (handle >>> 0 !== handle || handle >= this.used || (this.nodes[handle * NODE_WORDS] as number) < 0) {
      throw invalidHandle(handle);
    }
    this.nodes[handle * NODE_WORDS] = DEAD;
    this.live--;
  }

  /** Time of the earliest live event in seconds, or Infinity if there is none. */
  peekTime(): number {
    return this.frontIsLive() ? (this.ladder.bottom.time[0] as number) : Infinity;
  }

  /**
   * Removes the earliest live event and exposes it in `time`, `kind`, `a` and `b`.
   * @returns false (and leaves those fields unchanged) if there is no live event.
   */
  pop(): boolean {
    this.limit = Infinity;
    return this.popDue();
  }

  /**
   * Like {@link pop}, but only if the earliest live event's time is `<= until`.
   * @returns false (and leaves the queue unchanged) if there is no live event at or before `until`.
   */
  popUntil(until: number): boolean {
    this.limit = until;
    return this.popDue();
  }

  /** Sets the time limit of {@link popDue}, in seconds. */
  setLimit(until: number): void {
    this.limit = until;
  }

  /**
   * Like {@link popUntil} with the `until` of the last {@link setLimit}, {@link popUntil} or
   * {@link pop} (Infinity). perf: a run loop sets the limit once and calls this per event, so no
   * double is passed per event (V8 boxes doubles passed to calls it does not inline).
   */
  popDue(): boolean {
    if (!this.frontIsLive()) return false;
    const bottom = this.ladder.bottom;
    const time = bottom.time[0] as number;
    if (time > this.limit) return false;
    const node = bottom.node[0] as number;
    bottom.removeTop();
    const o = node * NODE_WORDS;
    const nodes = this.nodes;
    this.time = time;
    this.kind = nodes[o + 2] as number;
    this.a = nodes[o + 3] as number;
    this.b = nodes[o + 4] as number;
    this.live--;
    this.release(node);
    return true;
  }

  /**
   * Writes the `a` payload field of the events left in the current bucket (those that pop next, in
   * no particular order, cancelled ones included) into `out`, at most `out.length`; @returns how many.
   * A hint for prefetching only; the bucket changes when {@link loads} does.
   */
  upcomingA(out: Int32Array): number {
    const bottom = this.ladder.bottom;
    const ids = bottom.node;
    const nodes = this.nodes;
    const n = Math.min(bottom.length, out.length);
    for (let i = 0; i < n; i++) out[i] = nodes[(ids[i] as number) * NODE_WORDS + 3] as number;
    return n;
  }

  /** Removes every event; all outstanding handles become invalid. Keeps the allocated capacity. */
  clear(): void {
    this.used = 0;
    this.live = 0;
    this.freeTop = 0;
    this.nextSeq = 0;
    this.ladder.clear();
  }

  /** Discards cancelled events at the front; true if a live event is then at the front. */
  private frontIsLive(): boolean {
    const ladder = this.ladder;
    const bottom = ladder.bottom;
    const nodes = this.nodes;
    for (;;) {
      if (bottom.length === 0) {
        if (!ladder.refill(nodes)) return false;
        this.loads++;
      }
      const node = bottom.node[0] as number;
      if (nodes[node * NODE_WORDS] !== DEAD) return true;
      bottom.removeTop();
      this.release(node);
    }
  }

  private release(node: number): void {
    this.nodes[node * NODE_WORDS] = FREE;
    this.free[this.freeTop++] = node;
  }

  /** Doubles the node array and the free stack; the only growth of the node storage. */
  private grow(): void {
    const n = this.capacity * 2;
    const nodes = new Int32Array(n * NODE_WORDS);
    nodes.set(this.nodes);
    this.nodes = nodes;
    const free = new Int32Array(n);
    free.set(this.free);
    this.free = free;
    this.capacity = n;
  }
}

// perf: errors are built out of line so that push and cancel stay small enough for V8 to inline
// them into their callers; a double passed to a call that is not inlined is boxed (allocated).
function invalidEvent(time: number, kind: number, a: number, b: number): EngineError {
  return new EngineError(
    `Invalid event: Expected a time that is not NaN and int32 kind, a, b but received ` +
      `time ${time}, kind ${kind}, a ${a}, b ${b}`,
  );
}

function invalidHandle(handle: number): EngineError {
  return new EngineError(`Invalid handle: Expected a pending event but received ${handle}`);
}
