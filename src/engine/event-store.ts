// Where pending events are kept: each in a node of one typed array, or an entity's own event in the
// entity's record; nodes are recycled through a free stack. EventQueue (event-queue.ts) orders them.
// Nothing is allocated per event; the node arrays grow by doubling.
import type { StateIn, StateOut } from '../state-io.js';
import { discardBuffers } from './discard.js';
import {
  entitiesChanged,
  invalidCapacity,
  invalidEntities,
  invalidEntity,
  invalidHandle,
  invalidQueueState,
  noEntityEvent,
} from './engine-errors.js';
import { clearEntityWords, ENTITY_CANCELLED, ENTITY_WORDS, NO_ENTITY_EVENT } from './entity-record.js';
import { NODE_WORDS } from './ladder.js';

const TWO_32 = 4294967296;

/** A pending event as `EventQueue.restoreState`'s `edit` sees it; set `time` to NaN to drop it. */
export interface PendingEvent {
  time: number;
  kind: number;
  a: number;
  b: number;
}

/** Node state, kept in the high word of the node's seq: a live node's is >= 0. */
export const FREE = -1;
export const DEAD = -2;
/** A kind no int32 kind equals: the entity kind before {@link EventStore.useEntities}. */
const NO_KIND = 0.5;

/**
 * The pending events' storage, the base of EventQueue: the nodes (sequence number and payload), the
 * free stack, the entity records, the counts. Cancelling is O(1) and lazy: a cancelled event is marked
 * dead where it is kept and stays in the ordering until it reaches the front.
 */
export class EventStore {
  protected capacity: number;
  /** Nodes handed out so far (the high-water mark); ids below it are live, dead or free. */
  protected used = 0;
  protected live = 0;
  protected nextSeq = 0;
  // perf: a node is five int32 words, [seq high, seq low, kind, a, b], 20 bytes: its seq and
  // payload share a cache line, so a pop costs one miss. The two seq words keep it exact up to
  // 2^53 pushes, where one int32 would wrap at 2^31.
  protected nodes: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  // Entity records (see useEntities): `stride` int32 words each, the first ENTITY_WORDS the queue's.
  protected ents: Int32Array = new Int32Array(0);
  protected stride = 0;
  protected entityKind = NO_KIND;

  /**
   * @param initialCapacity - events held before the first growth (doubling); a positive integer.
   * @throws EngineError if `initialCapacity` is not a positive integer.
   */
  constructor(initialCapacity: number) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) throw invalidCapacity(initialCapacity);
    this.capacity = initialCapacity;
    this.nodes = new Int32Array(initialCapacity * NODE_WORDS);
    this.free = new Int32Array(initialCapacity);
  }

  /** Number of live (pushed, not yet popped, not cancelled) events. */
  get size(): number {
    return this.live;
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
   * records copied); `kind` must not change once set and must not be used with `push`.
   * @param records - `stride` int32 words per entity, the first {@link ENTITY_WORDS} the queue's.
   * @throws EngineError if `stride` or `kind` is invalid, or `kind` differs from an earlier call.
   */
  useEntities(records: Int32Array, stride: number, kind: number): void {
    if (!Number.isInteger(stride) || stride < ENTITY_WORDS || (kind | 0) !== kind) {
      throw invalidEntities(ENTITY_WORDS, stride, kind);
    }
    if (this.entityKind !== NO_KIND && (this.entityKind !== kind || this.stride !== stride)) {
      throw entitiesChanged();
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
   * Cancels entity `e`'s pending event in O(1).
   * @throws EngineError if the entity has no pending event.
   */
  cancelEntity(e: number): void {
    const o = e * this.stride;
    const ents = this.ents;
    if (e >>> 0 !== e || o >= ents.length) throw invalidEntity(0, e);
    if ((ents[o] as number) >= 0) {
      ents[o] = ENTITY_CANCELLED;
      ents[o + 1] = NO_ENTITY_EVENT;
      this.live--;
      return;
    }
    const node = ents[o + 1] as number;
    if (node < 0) throw noEntityEvent(e);
    this.cancel(node);
    ents[o + 1] = NO_ENTITY_EVENT;
  }

  /** True if `handle` names a pending (pushed, not yet popped or cancelled) node event. */
  isPending(handle: number): boolean {
    return handle >= 0 && handle < this.used && (this.nodes[handle * NODE_WORDS] as number) >= 0;
  }

  /** A node id or entity's `-1 - e` names a live (not cancelled) event. */
  protected isLive(id: number): boolean {
    return id >= 0
      ? (this.nodes[id * NODE_WORDS] as number) >= 0
      : (this.ents[(-1 - id) * this.stride] as number) >= 0;
  }

  /** The seq of the live event `id` (a node, or an entity's `-1 - e`), from where it is kept. */
  protected seqOf(id: number): number {
    const words = id >= 0 ? this.nodes : this.ents;
    const o = id >= 0 ? id * NODE_WORDS : (-1 - id) * this.stride;
    return (words[o] as number) * TWO_32 + ((words[o + 1] as number) >>> 0);
  }

  /** Writes the counters and the nodes, for a checkpoint (EventQueue.saveState). */
  protected saveStore(out: StateOut): void {
    out.numbers(this.nextSeq, this.used, this.capacity);
    out.array(this.nodes);
  }

  /**
   * Reads what {@link saveStore} wrote into this store, its free stack empty until {@link freeUnheld}.
   * @throws EngineError if the nodes do not fit the counters.
   */
  protected restoreStore(inp: StateIn): void {
    const [nextSeq = 0, used = 0, capacity = 1] = inp.numbers(3);
    const nodes = inp.int32();
    if (nodes.length !== capacity * NODE_WORDS || used > capacity) throw invalidQueueState();
    this.nodes = nodes;
    this.capacity = capacity;
    this.used = used;
    this.nextSeq = nextSeq;
    this.free = new Int32Array(capacity);
    this.freeTop = 0;
  }

  /**
   * For a restore's `edit`: node `id`'s event as a {@link PendingEvent} at `time`, passed to `edit`,
   * its payload changed as `edit` leaves it. @returns its new time; NaN to drop it.
   */
  protected editNode(id: number, time: number, ev: PendingEvent, edit: (e: PendingEvent) => void): number {
    const o = id * NODE_WORDS;
    const nodes = this.nodes;
    ev.time = time;
    ev.kind = nodes[o + 2] as number;
    ev.a = nodes[o + 3] as number;
    ev.b = nodes[o + 4] as number;
    edit(ev);
    if (ev.time !== ev.time) return NaN;
    nodes[o + 3] = ev.a;
    nodes[o + 4] = ev.b;
    return ev.time;
  }

  /**
   * After a restore: `live` events, every node not `held` freed, and every entity whose cancelled
   * event was left out free to queue one of its own again.
   */
  protected freeUnheld(held: Uint8Array, live: number): void {
    this.live = live;
    for (let node = this.used - 1; node >= 0; node--) {
      if (held[node] === 1) continue;
      this.nodes[node * NODE_WORDS] = FREE;
      this.free[this.freeTop++] = node;
    }
    const ents = this.ents;
    for (let o = 0; o < ents.length; o += this.stride)
      if (ents[o] === ENTITY_CANCELLED) ents[o] = NO_ENTITY_EVENT;
  }

  /** A node for a new event: the last one released, else the next never used (growing first if full). */
  protected newNode(): number {
    if (this.freeTop > 0) return this.free[--this.freeTop] as number;
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  protected release(node: number): void {
    this.nodes[node * NODE_WORDS] = FREE;
    this.free[this.freeTop++] = node;
  }

  /** Forgets every event: nodes, counts and the entities' words (their records' queue words reset). */
  protected clearStore(): void {
    for (let o = 0; o < this.ents.length; o += this.stride) clearEntityWords(this.ents, o);
    this.used = 0;
    this.live = 0;
    this.freeTop = 0;
    this.nextSeq = 0;
  }

  /** Gives the nodes' memory back; the store must not be used afterwards. */
  protected discardStore(): void {
    discardBuffers([this.nodes, this.free]);
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
