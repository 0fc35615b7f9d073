// The piscina worker entry (run from the compiled dist/ only): one replication per task. The timeline's
// buffer is transferred back to the main thread, not copied. A run stopped by its guard comes back as
// its line (an error's class does not cross threads), for the main thread to raise. While a progress
// bar watches, the run says how far it is in memory shared with the main thread (task-runner.ts).
import { move, transferableSymbol, valueSymbol } from 'piscina';
import {
  runReplicationPaced,
  runReplicationTask,
  type ReplicationResult,
  type ReplicationTask,
} from './replicate.js';
import type { RunTick } from './run-cursor.js';
import { RunStopped } from './run-guard.js';

/** What the worker hands back for a run its guard stopped. */
export interface StoppedTask {
  readonly stopped: string;
}

/** Cells per slot of the shared progress: the run's simulated seconds, then its events. */
export const TICK_CELLS = 2;

/** A task as the main thread hands it over: the replication, and where to say how far its run is. */
export interface WorkerTask {
  readonly task: ReplicationTask;
  /** Memory shared with the main thread, {@link TICK_CELLS} per slot; null: nobody reads it. */
  readonly ticks: Float64Array | null;
  /** This task's slot in `ticks`. */
  readonly slot: number;
}

/**
 * Writes each tick into the slot's cells: a few times a second (runPaced ticks when it yields), so
 * nothing is allocated or posted per event.
 */
function tickWriter(cells: Float64Array, slot: number): (t: RunTick) => void {
  const at = slot * TICK_CELLS;
  return (t) => {
    cells[at] = t.simulatedS;
    cells[at + 1] = t.events;
  };
}

/**
 * Runs one replication (a checkpoint or a resume included); piscina calls this for every task. Watched,
 * the run is paced, yielding to this thread's event loop as runs in the main thread do: the same
 * events in the same order, so the same result.
 */
export default async function runTask({
  task,
  ticks,
  slot,
}: WorkerTask): Promise<ReplicationResult | StoppedTask | ReturnType<typeof move>> {
  let result: ReplicationResult;
  try {
    result =
      ticks === null
        ? await runReplicationTask(task)
        : await runReplicationPaced(task, tickWriter(ticks, slot));
  } catch (e) {
    if (e instanceof RunStopped) return { stopped: e.message };
    throw e;
  }
  const timeline = result.timeline;
  if (timeline === null) return result;
  return move({
    get [transferableSymbol]() {
      return [timeline.buffer];
    },
    get [valueSymbol]() {
      return result;
    },
  });
}
