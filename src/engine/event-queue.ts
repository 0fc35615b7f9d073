// The pending-event set: a 4-ary min-heap keyed by (time, seq), stored inline in parallel typed
// arrays, with each event's payload in a recycled slot. Nothing is allocated per push or pop.
import { EngineError } from '../errors.js';

const FREE = 0;
const LIVE = 1;
const DEAD = 2;

/**
 * A min-priority queue of events ordered by `(time, seq)`, where `seq` is an insertion counter,
 * so events with equal times pop in the order they were pushed (FIFO, deterministic).
 *
 * Each event carries an integer `kind` and two int32 payload fields `a` and `b`, held in a slot
 * whose id is the event's handle. Cancellation is lazy: a cancelled entry stays in the heap,
 * marked dead, and is discarded (its slot freed) when it reaches the top.
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
  /** Heap entries, including dead ones; also the number of slots in use. */
  private length = 0;
  private live = 0;
  private nextSeq = 0;
  private heapTime: Float64Array;
  // perf: seq in a Float64Array stays exact up to 2^53 pushes, where Int32 would wrap at 2^31.
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  private slotKind: Int32Array;
  private slotA: Int32Array;
  private slotB: Int32Array;
  private slotState: Uint8Array;
  private freeSlots: Int32Array;
  private freeTop = 0;

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
    const n = initialCapacity;
    this.capacity = n;
    this.heapTime = new Float64Array(n);
    this.heapSeq = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.slotKind = new Int32Array(n);
    this.slotA = new Int32Array(n);
    this.slotB = new Int32Array(n);
    this.slotState = new Uint8Array(n);
    this.freeSlots = new Int32Array(n);
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
   * @returns a handle (slot id) for {@link cancel}, valid until the event is popped or cancelled.
   * @throws EngineError if `time` is NaN or `kind`, `a` or `b` is not an int32.
   */
  push(time: number, kind: number, a: number, b: number): number {
    if (time !== time || (kind | 0) !== kind || (a | 0) !== a || (b | 0) !== b) {
      throw new EngineError(
        `Invalid event: Expected a time that is not NaN and int32 kind, a, b but received ` +
          `time ${time}, kind ${kind}, a ${a}, b ${b}`,
      );
    }
    if (this.length === this.capacity) this.grow();
    // Slots below `length + freeTop` have been handed out; with the free stack empty exactly
    // `length` are in use, so `length` is the next never-used slot.
    const slot = this.freeTop > 0 ? (this.freeSlots[--this.freeTop] as number) : this.length;
    this.slotState[slot] = LIVE;
    this.slotKind[slot] = kind;
    this.slotA[slot] = a;
    this.slotB[slot] = b;
    this.live++;
    this.siftUp(this.length++, time, this.nextSeq++, slot);
    return slot;
  }

  /**
   * Cancels a pending event in O(1); it will never pop.
   *
   * A handle names a slot, and slots are reused: a stale handle (its event already popped or
   * cancelled) whose slot now holds a newer event would cancel that newer event. Callers must
   * forget a handle once its event has fired or been cancelled.
   * @throws EngineError if the handle does not name a live event (e.g. cancelled twice, or popped
   *   and its slot not yet reused).
   */
  cancel(handle: number): void {
    if (this.slotState[handle] !== LIVE) {
      throw new EngineError(`Invalid handle: Expected a pending event but received ${handle}`);
    }
    this.slotState[handle] = DEAD;
    this.live--;
  }

  /** Time of the earliest live event in seconds, or Infinity if there is none. */
  peekTime(): number {
    this.discardDeadTop();
    return this.length > 0 ? (this.heapTime[0] as number) : Infinity;
  }

  /**
   * Removes the earliest live event and exposes it in `time`, `kind`, `a` and `b`.
   * @returns false (and leaves those fields unchanged) if there is no live event.
   */
  pop(): boolean {
    this.discardDeadTop();
    if (this.length === 0) return false;
    const slot = this.heapSlot[0] as number;
    this.time = this.heapTime[0] as number;
    this.kind = this.slotKind[slot] as number;
    this.a = this.slotA[slot] as number;
    this.b = this.slotB[slot] as number;
    this.live--;
    this.freeSlot(slot);
    this.removeTop();
    return true;
  }

  /** Removes every event; all outstanding handles become invalid. Keeps the allocated capacity. */
  clear(): void {
    this.length = 0;
    this.live = 0;
    this.freeTop = 0;
    this.nextSeq = 0;
    this.slotState.fill(FREE);
  }

  private freeSlot(slot: number): void {
    this.slotState[slot] = FREE;
    this.freeSlots[this.freeTop++] = slot;
  }

  /** Pops cancelled entries off the top so that the root, if any, is live. */
  private discardDeadTop(): void {
    const state = this.slotState;
    const heapSlot = this.heapSlot;
    while (this.length > 0) {
      const slot = heapSlot[0] as number;
      if (state[slot] !== DEAD) return;
      this.freeSlot(slot);
      this.removeTop();
    }
  }

  /** Moves a new entry up from `pos` to its place. */
  private siftUp(pos: number, time: number, seq: number, slot: number): void {
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const parentTime = heapTime[parent] as number;
      // perf: a new seq exceeds every stored seq, so an equal time already sorts after its parent.
      if (time >= parentTime) break;
      heapTime[pos] = parentTime;
      heapSeq[pos] = heapSeq[parent] as number;
      heapSlot[pos] = heapSlot[parent] as number;
      pos = parent;
    }
    heapTime[pos] = time;
    heapSeq[pos] = seq;
    heapSlot[pos] = slot;
  }

  /** Removes the root entry: the last entry takes its place and sifts down. */
  private removeTop(): void {
    const last = --this.length;
    if (last === 0) return;
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const time = heapTime[last] as number;
    const seq = heapSeq[last] as number;
    const slot = heapSlot[last] as number;
    let pos = 0;
    // perf: 4-ary rather than binary: half the levels, and four sibling times share a cache line.
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= last) break;
      const end = first + 4 < last ? first + 4 : last;
      let best = first;
      let bestTime = heapTime[first] as number;
      // perf: seq is read only on a time tie, which is rare for continuous times.
      for (let c = first + 1; c < end; c++) {
        const t = heapTime[c] as number;
        if (t < bestTime || (t === bestTime && (heapSeq[c] as number) < (heapSeq[best] as number))) {
          best = c;
          bestTime = t;
        }
      }
      if (time < bestTime || (time === bestTime && seq < (heapSeq[best] as number))) break;
      heapTime[pos] = bestTime;
      heapSeq[pos] = heapSeq[best] as number;
      heapSlot[pos] = heapSlot[best] as number;
      pos = best;
    }
    heapTime[pos] = time;
    heapSeq[pos] = seq;
    heapSlot[pos] = slot;
  }

  /** Doubles every array; the only allocation the queue ever makes after construction. */
  private grow(): void {
    const n = this.capacity * 2;
    this.heapTime = copyInto(new Float64Array(n), this.heapTime);
    this.heapSeq = copyInto(new Float64Array(n), this.heapSeq);
    this.heapSlot = copyInto(new Int32Array(n), this.heapSlot);
    this.slotKind = copyInto(new Int32Array(n), this.slotKind);
    this.slotA = copyInto(new Int32Array(n), this.slotA);
    this.slotB = copyInto(new Int32Array(n), this.slotB);
    this.slotState = copyInto(new Uint8Array(n), this.slotState);
    this.freeSlots = copyInto(new Int32Array(n), this.freeSlots);
    this.capacity = n;
  }
}

function copyInto<T extends Float64Array | Int32Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
