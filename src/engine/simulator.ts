// The simulation kernel in SimPy's vocabulary: a clock (`now`), `schedule`, `cancel`, `peek`, `step`
// and `run(until)`, dispatching integer-kind events to one handler, plus one pending event per entity
// kept in the entity's own record. Domain-free. The per-event speed doors are behind `hotPath`.
import { EngineError } from '../errors.js';
import type { StateIn, StateOut } from '../state-io.js';
import { entityKindTaken, invalidTime } from './engine-errors.js';
import { EventQueue, type PendingEvent } from './event-queue.js';
import { HotPath } from './hot-path.js';

export { ENTITY_WORDS } from './entity-record.js';
export type { PendingEvent } from './event-queue.js';
export type { HotPath } from './hot-path.js';

/** Receives every event the simulator fires; the model's single dispatch point. */
export interface EventHandler {
  /** Called with `Simulator.now` already set to the event's time. */
  handle(kind: number, a: number, b: number): void;
}

/**
 * A discrete-event simulator. Events fire in `(time, seq)` order: by time, then in the order
 * they were scheduled. All state lives in the instance, so simulations can run side by side.
 */
export class Simulator {
  private readonly queue: EventQueue;
  /** The current simulated time in seconds, in element 0 (shared with {@link hotPath}). */
  private readonly time = new Float64Array(1);
  /**
   * The speed doors for a model's per-event path: the clock and the time to schedule at as typed
   * arrays (see HotPath). Everything else goes through the verbs here.
   */
  readonly hotPath: HotPath;
  private processed = 0;
  private running = false;
  private discarded = false;

  /** @param initialCapacity - pending events held before the queue first grows (by doubling). */
  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
    this.hotPath = new HotPath(this.queue, this.time);
  }

  /** Current simulated time in seconds; starts at 0 and never decreases. */
  get now(): number {
    return this.time[0] as number;
  }

  /** Number of events fired so far (cancelled events are not counted). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Number of pending (scheduled, not yet fired, not cancelled) events. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules an event at an absolute time. On a per-event path, use {@link hotPath}'s
   * `scheduleAtTime`.
   * @param at - event time in seconds, finite and `>= now`.
   * @param kind - event kind, an int32 (the model's `as const` kinds).
   * @param a - first payload field, an int32 (e.g. a user or server index).
   * @param b - second payload field, an int32.
   * @returns a handle for {@link cancel}; forget it once the event has fired (slots are reused).
   * @throws EngineError if `at` is before `now`, NaN or infinite, or a payload is not an int32.
   */
  schedule(at: number, kind: number, a = 0, b = 0): number {
    if (!(at >= (this.time[0] as number)) || at === Infinity) throw invalidTime(this.time[0] as number, at);
    if (kind === this.queue.entityEventKind) throw entityKindTaken(kind);
    return this.queue.push(at, kind, a, b);
  }

  /**
   * Schedules an event `delay` seconds from now.
   * @throws EngineError if `delay` is negative, NaN or infinite, or a payload is not an int32.
   */
  scheduleIn(delay: number, kind: number, a = 0, b = 0): number {
    if (!(delay >= 0)) {
      throw new EngineError(`Invalid delay: Expected a delay >= 0 s but received ${delay}`);
    }
    return this.schedule((this.time[0] as number) + delay, kind, a, b);
  }

  /**
   * Cancels a pending event so it never fires.
   * @throws EngineError if the handle names no pending event (already fired or cancelled).
   */
  cancel(handle: number): void {
    this.queue.cancel(handle);
  }

  /** Time of the next pending event in seconds, or Infinity if there is none. */
  peek(): number {
    return this.queue.peekTime();
  }

  /**
   * Lets entities (users, say) each have at most one pending event of their own, fired as
   * `handle(kind, e, 0)`: see {@link scheduleEntity}. Their pending events are kept in their records,
   * so firing one reads the record the handler is about to use, and nothing else.
   * perf: one cache miss per fired event, not two (bench/README.md, "User events in the user's record").
   * @param records - `stride` int32 words per entity; the first {@link ENTITY_WORDS} belong to the
   *   engine and must be -1 in a new record. Call again with the new array after growing it.
   * @param kind - the kind entity events fire with; {@link schedule} refuses it.
   * @throws EngineError if `stride` is below {@link ENTITY_WORDS}, `kind` is not an int32, or either
   *   differs from an earlier call.
   */
  useEntities(records: Int32Array, stride: number, kind: number): void {
    this.queue.useEntities(records, stride, kind);
  }

  /**
   * Schedules entity `e`'s event at an absolute time; fires as `handle(kind, e, 0)` unless cancelled.
   * On a per-event path, use {@link hotPath}'s `scheduleEntityAtTime`.
   * @throws EngineError if `at` is before `now`, NaN or infinite, or `e` is not an entity or already
   *   has a pending event.
   */
  scheduleEntity(at: number, e: number): void {
    this.hotPath.nextTime[0] = at;
    this.hotPath.scheduleEntityAtTime(e);
  }

  /**
   * Cancels entity `e`'s pending event so it never fires.
   * @throws EngineError if the entity has no pending event.
   */
  cancelEntity(e: number): void {
    this.queue.cancelEntity(e);
  }

  /**
   * Fires the next pending event, if any, advancing `now` to its time.
   * @returns false if no event was pending.
   * @throws EngineError if called from inside a handler.
   */
  step(handler: EventHandler): boolean {
    this.enter();
    try {
      return this.fireNext(handler);
    } finally {
      this.running = false;
    }
  }

  /**
   * Fires, in `(time, seq)` order, every event with time `<= until`, including events the handler
   * schedules meanwhile, then sets `now = until`. Call repeatedly with increasing `until` to run
   * in chunks. With `until = Infinity` it runs until no event is pending and `now` stays at the
   * last event's time; with `until < now` it does nothing.
   * @param maxEvents - fire at most this many events; when the budget runs out first, `now` stays at
   *   the last fired event's time and a later call with the same `until` carries on where this one stopped.
   * @returns true when every event up to `until` has fired and `now = until`; false when the budget was
   *   spent first (events up to `until` may remain).
   * @throws EngineError if `until` is NaN or if called from inside a handler.
   */
  run(until: number, handler: EventHandler, maxEvents = Infinity): boolean {
    if (until !== until) {
      throw new EngineError('Invalid until: Expected a time in seconds but received NaN');
    }
    this.enter();
    try {
      const queue = this.queue;
      // perf: a tight synchronous loop; the popped event is read from queue fields, not an object,
      // and the limit is set once so no double is passed per event. The budget costs one compare
      // per event against the counter the loop keeps anyway.
      queue.setLimit(until);
      const stop = this.processed + maxEvents;
      while (this.processed < stop) {
        if (!queue.popDue()) {
          if (until > (this.time[0] as number) && until !== Infinity) this.time[0] = until;
          return true;
        }
        this.time[0] = queue.time;
        this.processed++;
        handler.handle(queue.kind, queue.a, queue.b);
      }
      return false;
    } finally {
      this.running = false;
    }
  }

  private fireNext(handler: EventHandler): boolean {
    const queue = this.queue;
    if (!queue.pop()) return false;
    this.time[0] = queue.time;
    this.processed++;
    handler.handle(queue.kind, queue.a, queue.b);
    return true;
  }

  /** Every pending event but entities' own: `visit(time, kind, a, b)`, in no particular order. */
  forEachPending(visit: (time: number, kind: number, a: number, b: number) => void): void {
    this.queue.forEachPending(visit);
  }

  /** True if `handle` (from {@link schedule}) names an event still pending. */
  isPending(handle: number): boolean {
    return this.queue.isPending(handle);
  }

  /** Writes the clock, the count of events fired and the pending events, for a checkpoint. */
  saveState(out: StateOut): void {
    out.numbers(this.time[0] as number, this.processed);
    this.queue.saveState(out);
  }

  /**
   * Reads them back into a simulator that has run nothing (entities' records restored first); `edit`
   * may re-time, change or drop pending events (see EventQueue.restoreState).
   */
  restoreState(inp: StateIn, edit?: (e: PendingEvent) => void): void {
    const [time = 0, processed = 0] = inp.numbers(2);
    this.time[0] = time;
    this.processed = processed;
    this.queue.restoreState(inp, edit);
  }

  /**
   * Gives the event queue's memory back to the system now rather than at the next full garbage
   * collection; `run` and `step` throw afterwards. For a finished run whose process goes on (to
   * write a report, say).
   */
  discard(): void {
    this.discarded = true;
    this.queue.discard();
  }

  /** Guards against a handler calling `run` or `step`: nested dispatch would interleave events. */
  private enter(): void {
    if (this.discarded) throw new EngineError('Invalid call: the simulator was discarded');
    if (this.running) {
      throw new EngineError('Invalid call: run() and step() cannot be called from inside a handler');
    }
    this.running = true;
  }
}
