// What a replication keeps of its run as it goes: timeline rows, events and warm-up window sums (a
// Keeper), or a warm-up pilot's connected users (a PilotKeeper); and what it returns at the end.
import type { EventRecord } from '../../model/event-log.js';
import { summarise } from '../../model/summary.js';
import { StateMismatch } from '../../io/checkpoint/state-parts.js';
import type { RunKept } from './checkpoint.js';
import type { Json, ReplicationResult, ReplicationTask } from './replicate.js';
import type { RunCursor, SampleSink } from './run-cursor.js';

/** What a run hands its samples and event log to, and what it returns at the end. */
export interface TaskKeeper {
  readonly sink: SampleSink;
  readonly drain: () => void;
  result(): ReplicationResult;
}

/** The keeper of `task`: a warm-up pilot's (which stops the run after its samples), else a Keeper. */
export function keeperFor(task: ReplicationTask, cursor: RunCursor, kept: RunKept | null = null): TaskKeeper {
  if (task.pilot === undefined) return new Keeper(task, cursor);
  cursor.stopAfter(task.pilot);
  return new PilotKeeper(task, cursor, kept);
}

/**
 * A warm-up pilot's keeper: the connected users of each sample (column 1 of the timeline); a pilot
 * resumed from a checkpoint reads the samples before it from the rows the run kept.
 */
class PilotKeeper implements TaskKeeper {
  private readonly series: Float64Array;

  constructor(
    private readonly task: ReplicationTask,
    private readonly cursor: RunCursor,
    kept: RunKept | null,
  ) {
    this.series = new Float64Array(task.pilot ?? 0);
    if (kept === null) return;
    const cols = cursor.world.timelineColumns().length;
    const before = Math.min(cursor.samplesTaken, this.series.length);
    if (kept.rows.length < before * cols)
      throw new StateMismatch('the member holds no timeline rows for a warm-up pilot');
    for (let k = 0; k < before; k++) this.series[k] = kept.rows[k * cols + 1] as number;
  }

  readonly sink = (row: Float64Array, k: number): void => {
    this.series[k] = row[1] as number;
  };

  readonly drain = (): void => {
    this.cursor.world.log.drain();
  };

  result(): ReplicationResult {
    const events = this.cursor.world.sim.eventsProcessed;
    this.cursor.world.discard();
    return {
      index: this.task.index,
      summary: { events_processed: events },
      steady: null,
      events: [],
      timeline: this.series,
    };
  }
}

/** Collects what a task keeps of a run: timeline rows, events, warm-up window sums. */
export class Keeper implements TaskKeeper {
  private readonly cols: number;
  private readonly timeline: Float64Array | null;
  private readonly events: EventRecord[] = [];
  private readonly sums: Float64Array;
  private steadyRows = 0;

  /** @param kept - what the run kept before its checkpoint, when it starts from one. */
  constructor(
    private readonly task: ReplicationTask,
    private readonly cursor: RunCursor,
    kept: RunKept | null = null,
  ) {
    this.cols = cursor.world.timelineColumns().length;
    const length = cursor.schedule.count * this.cols;
    this.timeline = task.timeline ? new Float64Array(length) : null;
    this.sums = new Float64Array(this.cols);
    if (kept === null) return;
    if (kept.sums.length !== this.cols || (this.timeline !== null && kept.rows.length !== length))
      throw new StateMismatch('the member was written by a run with another timeline');
    this.timeline?.set(kept.rows);
    this.sums.set(kept.sums);
    this.steadyRows = kept.steadyRows;
    if (task.events) this.events.push(...kept.events);
  }

  /** What the run has kept so far, for its checkpoint. */
  kept(): RunKept {
    return {
      rows: this.timeline ?? new Float64Array(0),
      events: this.events,
      sums: this.sums,
      steadyRows: this.steadyRows,
    };
  }

  readonly sink = (row: Float64Array, k: number): void => {
    this.timeline?.set(row, k * this.cols);
    const warmupS = this.task.warmupS;
    if (warmupS === null || (row[0] as number) < warmupS) return;
    this.steadyRows++;
    const sums = this.sums;
    for (let c = 1; c < this.cols; c++) sums[c] = (sums[c] as number) + (row[c] as number);
  };

  /** Moves the world's new event records into the result, or drops them; the log never grows unbounded. */
  readonly drain = (): void => {
    const drained = this.cursor.world.log.drain();
    if (this.task.events) for (const r of drained) this.events.push(r);
  };

  result(): ReplicationResult {
    const { task, cursor } = this;
    const summary = JSON.parse(JSON.stringify(summarise(cursor.world))) as { [key: string]: Json };
    cursor.world.discard();
    return {
      index: task.index,
      summary,
      steady: this.steady(),
      events: this.events,
      timeline: this.timeline,
    };
  }

  /** Per-column means of the rows at t >= warm-up (column 0, time_s, skipped); null without a warm-up. */
  private steady(): { [column: string]: number } | null {
    if (this.task.warmupS === null) return null;
    const header = this.cursor.world.timelineColumns();
    const out: { [column: string]: number } = {};
    const n = this.steadyRows;
    for (let c = 1; c < this.cols; c++)
      out[header[c] as string] = n === 0 ? NaN : (this.sums[c] as number) / n;
    return out;
  }
}
