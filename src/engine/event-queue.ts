// The pending-event set: events as nodes (sequence number and payload) in one typed-array buffer,
// ordered by a ladder queue. Nothing is allocated per push or pop; arrays grow by doubling.
import { EngineError } from '../errors.js';
import type { StateIn, StateOut } from '../state-io.js';
import { discardBuffers } from './discard.js';
import { ENTITY_WORDS } from './entity-record.js';
import { Ladder, NODE_WORDS } from './ladder.js';

/** Node state, kept in the high word of the node's seq: a live node's is >= 0. */
const FREE = -1;
const DEAD = -2;
const TWO_32 = 4294967296;
/** A pending event as {@link EventQueue.restoreState}'s `edit` sees it; set `time` to NaN to drop it. */
export interface PendingEvent {
  time: number;
  kind: number;
  a: number;
  b: number;
}

/** A kind no int32 kind equals: the entity kind before {@link EventQueue.useEntities}. */
const NO_KIND = 0.5;

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
 * Entities (see {@link useEntities}) may each have one pending event of their own, kept in the
 * entity's record rather than in a node, so a pop reads one record that the handler then uses.
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
  /**
   * Where a caller of {@link pushEntity} writes the event's time (element 0; a view on the insert key).
   * perf: V8 boxes (heap-allocates) a double passed to a call it does not inline; an entity event is
   * scheduled per sign-in and sign-out, and those boxes kept the young generation at its largest.
   */
  readonly when = this.key.subarray(0, 1);
  private readonly ladder: Ladder;
  private limit = Infinity;
  // Entity records (see useEntities): `stride` int32 words each, the first ENTITY_WORDS the queue's.
  private ents: Int32Array = new Int32Array(0);
  private stride = 0;
  private entityKind = NO_KIND;

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

  /**
   * Lets entities (e.g. users) each have at most one pending event kept in their own record, which
   * pops as `(kind, e, 0)`. Call again with the new array whenever the caller grows it (the old
   * records copied); `kind` must not change once set and must not be used with {@link push}.
   * @param records - `stride` int32 words per entity, the first {@link ENTITY_WORDS} the queue's.
   * @throws EngineError if `stride` or `kind` is invalid, or `kind` differs from an earlier call.
   */
  useEntities(records: Int32Array, stride: number, kind: number): void {
    if (!Number.isInteger(stride) || stride < ENTITY_WORDS || (kind | 0) !== kind) {
      throw new EngineError(
        `Invalid entities: Expected stride >= ${ENTITY_WORDS} and an int32 kind but received ${stride}, ${kind}`,
      );
    }
    if (this.entityKind !== NO_KIND && (this.entityKind !== kind || this.stride !== stride)) {
      throw new EngineError('Invalid entities: the kind and stride of entity events cannot change');
    }
    this.ents = records;
    this.stride = stride;
    this.entityKind = kind;
  }

  /** The kind entity events pop with (see {@link useEntities}); not an int32 before that. */
  get entityEventKind(): number {
    return this.entityKind;
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
    if (state === FREE && ents[o + 1] === -1) {
      const seq = this.nextSeq++;
      this.key[1] = seq;
      ents[o] = Math.floor(seq / TWO_32);
      ents[o + 1] = seq | 0;
      this.live++;
      this.ladder.insert(-1 - e);
      return;
    }
    if (state >= 0 || ents[o + 1] !== -1) throw entityBusy(e);
    ents[o + 1] = this.insert(this.entityKind, e, 0);
  }

  /**
   * Cancels entity `e`'s pending event in O(1).
   * @throws EngineError if the entity has no pending event.
   */
  cancelEntity(e: number): void {
    const o = e * this.stride;
    const ents = this.ents;
    if (e >>> 0 !== e || o >= ents.length) throw invalidEntity(0, e);
    if ((ents[o] as number) >= 0) {
      ents[o] = DEAD;
      ents[o + 1] = -1;
      this.live--;
      return;
    }
    const node = ents[o + 1] as number;
    if (node < 0) throw noEntityEvent(e);
    this.cancel(node);
    ents[o + 1] = -1;
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
    this.time = time;
    this.live--;
    if (node < 0) {
      const o = (-1 - node) * this.stride;
      this.ents[o] = FREE;
      this.ents[o + 1] = -1;
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
    if (kind === this.entityKind) this.ents[a * this.stride + 1] = -1;
    return true;
  }

  /**
   * Removes every event (entities' included: their records' queue words are reset); all outstanding
   * handles become invalid. Keeps the allocated capacity.
   */
  clear(): void {
    for (let o = 0; o < this.ents.length; o += this.stride) {
      this.ents[o] = FREE;
      this.ents[o + 1] = -1;
    }
    this.used = 0;
    this.live = 0;
    this.freeTop = 0;
    this.nextSeq = 0;
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
    if (n !== this.live) throw new EngineError(`Invalid queue: ${n} live events found, ${this.live} counted`);
    out.numbers(this.nextSeq, this.used, this.capacity);
    out.array(this.nodes);
    out.array(times);
    out.array(ids);
  }

  /**
   * Reads the pending events back into this empty queue (entity records already restored and given
   * to {@link useEntities}). `edit` may change a node event's time and payload, or drop it (time NaN):
   * it keeps its seq, so a re-timed event still comes after the events scheduled before it at its time.
   */
  restoreState(inp: StateIn, edit?: (e: PendingEvent) => void): void {
    const [nextSeq = 0, used = 0, capacity = 1] = inp.numbers(3);
    const nodes = inp.int32();
    const times = inp.float64();
    const ids = inp.int32();
    if (nodes.length !== capacity * NODE_WORDS || used > capacity || times.length !== ids.length)
      throw new EngineError('Invalid queue state: its arrays do not fit together');
    this.nodes = nodes;
    this.capacity = capacity;
    this.used = used;
    this.nextSeq = nextSeq;
    this.free = new Int32Array(capacity);
    this.freeTop = 0;
    this.ladder.clear();
    const held = new Uint8Array(used);
    const ev: PendingEvent = { time: 0, kind: 0, a: 0, b: 0 };
    const key = this.key;
    let live = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      let time = times[i] as number;
      if (id >= 0) {
        const o = id * NODE_WORDS;
        if (edit !== undefined) {
          ev.time = time;
          ev.kind = nodes[o + 2] as number;
          ev.a = nodes[o + 3] as number;
          ev.b = nodes[o + 4] as number;
          edit(ev);
          if (ev.time !== ev.time) continue;
          time = ev.time;
          nodes[o + 3] = ev.a;
          nodes[o + 4] = ev.b;
        }
        held[id] = 1;
        key[1] = (nodes[o] as number) * TWO_32 + ((nodes[o + 1] as number) >>> 0);
      } else {
        const o = (-1 - id) * this.stride;
        key[1] = (this.ents[o] as number) * TWO_32 + ((this.ents[o + 1] as number) >>> 0);
      }
      key[0] = time;
      this.ladder.insert(id);
      live++;
    }
    this.live = live;
    for (let node = used - 1; node >= 0; node--) {
      if (held[node] === 1) continue;
      nodes[node * NODE_WORDS] = FREE;
      this.free[this.freeTop++] = node;
    }
    // An entity whose cancelled event was left out may queue one of its own again.
    for (let o = 0; o < this.ents.length; o += this.stride) if (this.ents[o] === DEAD) this.ents[o] = FREE;
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

  /** True if `handle` names a pending (pushed, not yet popped or cancelled) node event. */
  isPending(handle: number): boolean {
    return handle >= 0 && handle < this.used && (this.nodes[handle * NODE_WORDS] as number) >= 0;
  }

  /** A node id or entity's `-1 - e` names a live (not cancelled) event. */
  private isLive(id: number): boolean {
    return id >= 0
      ? (this.nodes[id * NODE_WORDS] as number) >= 0
      : (this.ents[(-1 - id) * this.stride] as number) >= 0;
  }

  /** Gives the nodes' and the ladder's memory back; the queue must not be used afterwards. */
  discard(): void {
    discardBuffers([this.nodes, this.free]);
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
      const node = bottom.node[0] as number;
      if (node >= 0) {
        if (nodes[node * NODE_WORDS] !== DEAD) return true;
        bottom.removeTop();
        this.release(node);
      } else {
        const o = (-1 - node) * this.stride;
        if (ents[o] !== DEAD) return true;
        // A cancelled entity event: the entity may now queue an event of its own again.
        bottom.removeTop();
        ents[o] = FREE;
      }
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

function invalidEntity(time: number, e: number): EngineError {
  return new EngineError(
    `Invalid entity event: Expected a time that is not NaN and an entity index but received time ${time}, entity ${e}`,
  );
}

function noEntityEvent(e: number): EngineError {
  return new EngineError(`Invalid cancel: entity ${e} has no pending event`);
}

function entityBusy(e: number): EngineError {
  return new EngineError(`Invalid entity event: entity ${e} already has a pending event`);
}

function invalidHandle(handle: number): EngineError {
  return new EngineError(`Invalid handle: Expected a pending event but received ${handle}`);
}
