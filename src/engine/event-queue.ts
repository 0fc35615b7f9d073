// The pending-event set: the events kept in an EventStore (event-store.ts), ordered by a ladder queue
// (ladder.ts) on `(time, seq)`. Nothing is allocated per push or pop.
import type { StateIn, StateOut } from '../state-io.js';
import {
  entityBusy,
  invalidEntity,
  invalidEvent,
  invalidQueueState,
  queueMiscounted,
} from './engine-errors.js';
import { ENTITY_CANCELLED, NO_ENTITY_EVENT } from './entity-record.js';
import { DEAD, EventStore, type PendingEvent } from './event-store.js';
import { Ladder, NODE_WORDS } from './ladder.js';

export type { PendingEvent } from './event-store.js';

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
 *
 * Entities (see `useEntities`) may each have one pending event of their own, kept in the
 * entity's record rather than in a node, so a pop reads one record that the handler then uses.
 */
export class EventQueue extends EventStore {
  /** Time of the last popped event, in seconds. */
  time = 0;
  /** Kind of the last popped event. */
  kind = 0;
  /** First payload field of the last popped event. */
  a = 0;
  /** Second payload field of the last popped event. */
  b = 0;

  // perf: the (time, seq) key of the event being inserted travels through this array rather than
  // as arguments: V8 boxes (heap-allocates) a double passed to a call it did not inline.
  private readonly key = new Float64Array(2);
  /**
   * Where a caller of {@link pushEntity} writes the event's time (element 0; a view on the insert key).
   * perf: V8 boxes (heap-allocates) a double passed to a call it does not inline; an entity event is
   * scheduled per sign-in and sign-out, and those boxes kept the young generation at its largest.
   */
  readonly when = this.key.subarray(0, 1);
  private readonly ladder: Ladder;
  private limit = Infinity;

  /**
   * @param initialCapacity - events held before the first growth (doubling); a positive integer.
   * @throws EngineError if `initialCapacity` is not a positive integer.
   */
  constructor(initialCapacity = 1024) {
    super(initialCapacity);
    this.ladder = new Ladder(this.key, initialCapacity);
  }

  /**
   * Adds an event.
   * @param time - event time in seconds; any number but NaN.
   * @param kind - event kind, an int32.
   * @param a - first payload field, an int32.
   * @param b - second payload field, an int32.
   * @returns a handle (node id) for `cancel`, valid until the event is popped or cancelled.
   * @throws EngineError if `time` is NaN or `kind`, `a` or `b` is not an int32.
   */
  push(time: number, kind: number, a: number, b: number): number {
    if (time !== time || (kind | 0) !== kind || (a | 0) !== a || (b | 0) !== b)
      throw invalidEvent(time, kind, a, b);
    this.key[0] = time;
    return this.insert(kind, a, b);
  }

  /**
   * {@link push} at the time in `when[0]` (perf: see {@link when}).
   * @throws EngineError as {@link push} does.
   */
  pushWhen(kind: number, a: number, b: number): number {
    const time = this.key[0] as number;
    if (time !== time || (kind | 0) !== kind || (a | 0) !== a || (b | 0) !== b)
      throw invalidEvent(time, kind, a, b);
    return this.insert(kind, a, b);
  }

  /** Pushes an event whose time is in `key[0]`; returns its handle. */
  private insert(kind: number, a: number, b: number): number {
    const node = this.newNode();
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
   * Schedules entity `e`'s event at the time in `when[0]` (not NaN). Usually its record holds it;
   * while a cancelled event of the entity is still queued, a node does (a fallback, found through
   * the record). perf: the time comes through `when`, not as an argument (see {@link when}).
   * @throws EngineError if `e` is not an entity or already has a pending event.
   */
  pushEntity(e: number): void {
    const time = this.key[0] as number;
    const o = e * this.stride;
    const ents = this.ents;
    if (time !== time || e >>> 0 !== e || o >= ents.length) throw invalidEntity(time, e);
    const state = ents[o] as number;
    if (state === NO_ENTITY_EVENT && ents[o + 1] === NO_ENTITY_EVENT) {
      const seq = this.nextSeq++;
      this.key[1] = seq;
      ents[o] = Math.floor(seq / TWO_32);
      ents[o + 1] = seq | 0;
      this.live++;
      this.ladder.insert(-1 - e);
      return;
    }
    if (state >= 0 || ents[o + 1] !== NO_ENTITY_EVENT) throw entityBusy(e);
    ents[o + 1] = this.insert(this.entityKind, e, 0);
  }

  /** Time of the earliest live event in seconds, or Infinity if there is none. */
  peekTime(): number {
    return this.frontIsLive() ? (this.ladder.bottom.time[this.ladder.bottom.head] as number) : Infinity;
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
    const head = bottom.head;
    const time = bottom.time[head] as number;
    if (time > this.limit) return false;
    const node = bottom.node[head] as number;
    bottom.removeTop();
    this.time = time;
    this.live--;
    if (node < 0) {
      const o = (-1 - node) * this.stride;
      this.ents[o] = NO_ENTITY_EVENT;
      this.ents[o + 1] = NO_ENTITY_EVENT;
      this.kind = this.entityKind;
      this.a = -1 - node;
      this.b = 0;
      return true;
    }
    const o = node * NODE_WORDS;
    const nodes = this.nodes;
    const kind = nodes[o + 2] as number;
    const a = nodes[o + 3] as number;
    this.kind = kind;
    this.a = a;
    this.b = nodes[o + 4] as number;
    this.release(node);
    // A fallback node of entity a (see pushEntity): the entity no longer has it.
    if (kind === this.entityKind) this.ents[a * this.stride + 1] = NO_ENTITY_EVENT;
    return true;
  }

  /**
   * Removes every event (entities' included: their records' queue words are reset); all outstanding
   * handles become invalid. Keeps the allocated capacity.
   */
  clear(): void {
    this.clearStore();
    this.ladder.clear();
  }

  /**
   * Writes the pending events for a checkpoint: the nodes (payloads and seqs), and the time and id of
   * every live event (an entity's seq is in its record, which its owner saves). Cancelled events are
   * left out. Changes nothing.
   */
  saveState(out: StateOut): void {
    const times = new Float64Array(this.live);
    const ids = new Int32Array(this.live);
    let n = 0;
    this.ladder.entries((time, id) => {
      if (this.isLive(id)) {
        times[n] = time;
        ids[n++] = id;
      }
    });
    if (n !== this.live) throw queueMiscounted(n, this.live);
    this.saveStore(out);
    out.array(times);
    out.array(ids);
  }

  /**
   * Reads the pending events back into this empty queue (entity records already restored and given
   * to `useEntities`). `edit` may change a node event's time and payload, or drop it (time NaN):
   * it keeps its seq, so a re-timed event still comes after the events scheduled before it at its time.
   */
  restoreState(inp: StateIn, edit?: (e: PendingEvent) => void): void {
    this.restoreStore(inp);
    const times = inp.float64();
    const ids = inp.int32();
    if (times.length !== ids.length) throw invalidQueueState();
    this.ladder.clear();
    const held = new Uint8Array(this.used);
    const ev: PendingEvent = { time: 0, kind: 0, a: 0, b: 0 };
    let live = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      let time = times[i] as number;
      if (id >= 0 && edit !== undefined) time = this.editNode(id, time, ev, edit);
      if (time !== time) continue;
      if (id >= 0) held[id] = 1;
      this.key[0] = time;
      this.key[1] = this.seqOf(id);
      this.ladder.insert(id);
      live++;
    }
    this.freeUnheld(held, live);
  }

  /**
   * Calls `visit(time, kind, a, b)` for every live event kept in a node (entities' own events left
   * out), in no particular order; changes nothing. For a checkpoint, never per event.
   */
  forEachPending(visit: (time: number, kind: number, a: number, b: number) => void): void {
    const nodes = this.nodes;
    this.ladder.entries((time, id) => {
      if (id < 0 || (nodes[id * NODE_WORDS] as number) < 0) return;
      const o = id * NODE_WORDS;
      const kind = nodes[o + 2] as number;
      if (kind !== this.entityKind) visit(time, kind, nodes[o + 3] as number, nodes[o + 4] as number);
    });
  }

  /** Gives the nodes' and the ladder's memory back; the queue must not be used afterwards. */
  discard(): void {
    this.discardStore();
    this.ladder.discard();
  }

  /** Discards cancelled events at the front; true if a live event is then at the front. */
  private frontIsLive(): boolean {
    const ladder = this.ladder;
    const bottom = ladder.bottom;
    const nodes = this.nodes;
    const ents = this.ents;
    for (;;) {
      if (bottom.length === 0 && !ladder.refill(nodes, ents, this.stride)) return false;
      const node = bottom.node[bottom.head] as number;
      if (node >= 0) {
        if (nodes[node * NODE_WORDS] !== DEAD) return true;
        bottom.removeTop();
        this.release(node);
      } else {
        const o = (-1 - node) * this.stride;
        if (ents[o] !== ENTITY_CANCELLED) return true;
        // A cancelled entity event: the entity may now queue an event of its own again.
        bottom.removeTop();
        ents[o] = NO_ENTITY_EVENT;
      }
    }
  }
}
