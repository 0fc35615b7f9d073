// The engine's one door for a model's per-event path: the clock and the time to schedule at as
// typed arrays, and the two schedules that read their time from there. Everything else a model
// does goes through Simulator's verbs.
import { entityKindTaken, invalidTime } from './engine-errors.js';
import type { EventQueue } from './event-queue.js';

/**
 * A simulator's speed doors (`Simulator.hotPath`), for the code that runs per event. Each does what
 * a Simulator verb does, with every time in a typed array: no double crosses a call.
 * perf: V8 boxes (heap-allocates) a double passed to or returned from a call it does not inline,
 * and whether it inlines depends on the caller's budget (bench/README.md, "No double crosses a call").
 */
export class HotPath {
  /** The current simulated time in seconds, in element 0: `Simulator.now`. Read only. */
  readonly time: Float64Array;
  /** The time {@link scheduleAtTime} and {@link scheduleEntityAtTime} schedule at, in seconds (element 0). */
  readonly nextTime: Float64Array;

  /** Made by the Simulator, over its clock and its queue. */
  constructor(
    private readonly queue: EventQueue,
    time: Float64Array,
  ) {
    this.time = time;
    this.nextTime = queue.when;
  }

  /**
   * `Simulator.schedule(nextTime[0], kind, a, b)`.
   * @throws EngineError as `Simulator.schedule` does.
   */
  scheduleAtTime(kind: number, a = 0, b = 0): number {
    const at = this.nextTime[0] as number;
    if (!(at >= (this.time[0] as number)) || at === Infinity) throw invalidTime(this.time[0] as number, at);
    if (kind === this.queue.entityEventKind) throw entityKindTaken(kind);
    return this.queue.pushWhen(kind, a, b);
  }

  /**
   * `Simulator.scheduleEntity(nextTime[0], e)`.
   * @throws EngineError as `Simulator.scheduleEntity` does.
   */
  scheduleEntityAtTime(e: number): void {
    const at = this.nextTime[0] as number;
    if (!(at >= (this.time[0] as number)) || at === Infinity) throw invalidTime(this.time[0] as number, at);
    this.queue.pushEntity(e);
  }
}
