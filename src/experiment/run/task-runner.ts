// Runs replication tasks on a piscina worker pool, or in this thread when one worker is asked for (or
// when running from TypeScript sources, where no compiled worker exists). Results come back in task
// order whatever order they finish in, so every aggregate is independent of the worker count. Runs on
// workers report how far they are through shared memory, read here on a timer, so progress moves
// within a run there as it does in this thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { Pacer, type RunTick } from './run-cursor.js';
import { RunStopped } from './run-guard.js';
import { TICK_CELLS, type StoppedTask, type WorkerTask } from './worker.js';
import {
  eventsOf,
  runReplicationPaced,
  taskArray,
  type ReplicationResult,
  type ReplicationTask,
  type TaskSource,
} from './replicate.js';

/** The runs in progress: how many, and how far they have got together. */
export interface Running {
  readonly runs: number;
  /** Simulated seconds the runs have reached, summed. */
  readonly simulatedS: number;
  /** Events the runs have processed, summed. */
  readonly events: number;
  /** Simulated seconds of the whole runs, summed: `simulatedS` / `durationS` is the share simulated. */
  readonly durationS: number;
}

/**
 * How far an experiment has got: reported once at the start, after each finished task, and while
 * tasks run (in this thread each time the running task yields to the event loop, on workers every
 * {@link READ_TICKS_MS}).
 */
export interface Progress {
  /** Finished tasks. */
  readonly done: number;
  readonly total: number;
  /** Simulated seconds of the finished tasks, plus those of the tasks running. */
  readonly simulatedS: number;
  /** Events processed by the finished tasks, plus those of the tasks running. */
  readonly events: number;
  /** The tasks running, when any has reported how far it is. */
  readonly running?: Running;
  /**
   * Set when the experiment's size is not known up front (plan: each candidate adds replications until
   * it is decided, and the searches choose the next candidates from the results): candidates judged so
   * far; `total` then counts only the runs started so far.
   */
  readonly judged?: number;
}

export type ProgressFn = (p: Progress) => void;

export interface RunnerOptions {
  /** Worker threads to use; 1 runs in this thread. */
  readonly workers: number;
  readonly onProgress?: ProgressFn;
}

export interface RunnerReport {
  /** One result per task, in the order of `tasks`. */
  readonly results: ReplicationResult[];
  /** Worker threads actually used; 0 = ran in this thread. */
  readonly threads: number;
}

/** The default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** The compiled worker module next to this one, or null when running from TypeScript sources. */
export function workerFile(): string | null {
  const path = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/** A task array or a source making tasks on demand. */
export type Tasks = readonly ReplicationTask[] | TaskSource;

/** Tasks handed to the worker pool at once per thread: enough to keep every thread busy, no more. */
const IN_FLIGHT_PER_THREAD = 2;
/** How often the workers' runs are read for progress: a few times a second is enough for a bar. */
export const READ_TICKS_MS = 250;

/** The results of one runTasks call as they come in, and its progress, reported after each. */
class Collector {
  readonly results: ReplicationResult[];
  readonly progress: { done: number; total: number; simulatedS: number; events: number };

  constructor(
    count: number,
    readonly onProgress: ProgressFn | undefined,
  ) {
    this.results = new Array<ReplicationResult>(count);
    this.progress = { done: 0, total: count, simulatedS: 0, events: 0 };
  }

  /** Task `i` is over; `running`: the tasks still running, when any has said how far it is. */
  finished(i: number, r: ReplicationResult, durationS: number, running: Running | null = null): void {
    this.results[i] = r;
    this.progress.done += 1;
    this.progress.simulatedS += durationS;
    this.progress.events += eventsOf(r);
    if (running === null) this.onProgress?.({ ...this.progress });
    else this.running(running);
  }

  /** Reports the tasks running on top of the finished ones. */
  running(running: Running): void {
    const { progress } = this;
    this.onProgress?.({
      ...progress,
      simulatedS: progress.simulatedS + running.simulatedS,
      events: progress.events + running.events,
      running,
    });
  }

  /** The progress of the task running in this thread, on top of the finished ones. */
  onTick(): ((t: RunTick) => void) | undefined {
    if (this.onProgress === undefined) return undefined;
    return (t) => this.running({ runs: 1, ...t });
  }
}

/**
 * Where the runs on workers say how far they are: per feeding slot (one task in flight each), the cells
 * its worker writes (worker.ts) and the length of the run it holds, read on a timer.
 */
class TickBoard {
  /** Shared with the workers: {@link TICK_CELLS} per slot, written by the worker whose task holds it. */
  readonly cells: Float64Array;
  /** Simulated seconds of the run each slot holds; 0 when it holds none. */
  private readonly durations: Float64Array;

  constructor(slots: number) {
    this.cells = new Float64Array(new SharedArrayBuffer(slots * TICK_CELLS * Float64Array.BYTES_PER_ELEMENT));
    this.durations = new Float64Array(slots);
  }

  /** A run of `durationS` goes into `slot`; called before its task is handed over. */
  hold(slot: number, durationS: number): void {
    this.cells.fill(0, slot * TICK_CELLS, (slot + 1) * TICK_CELLS);
    this.durations[slot] = durationS;
  }

  /** The run in `slot` is over (its result counted): no reading may count it again. */
  free(slot: number): void {
    this.hold(slot, 0);
  }

  /** The runs that have said how far they are (a task still queued has not), or null when none has. */
  read(): Running | null {
    const { cells, durations } = this;
    let runs = 0;
    let simulatedS = 0;
    let events = 0;
    let durationS = 0;
    for (let slot = 0; slot < durations.length; slot++) {
      const e = cells[slot * TICK_CELLS + 1] as number;
      if (e === 0 || durations[slot] === 0) continue;
      runs++;
      simulatedS += cells[slot * TICK_CELLS] as number;
      events += e;
      durationS += durations[slot] as number;
    }
    return runs === 0 ? null : { runs, simulatedS, events, durationS };
  }

  /** Reads every {@link READ_TICKS_MS}, reporting each reading that moved. @returns what stops it. */
  watch(report: (running: Running) => void): () => void {
    let eventsRead = 0;
    const timer = setInterval(() => {
      const running = this.read();
      if (running === null || running.events === eventsRead) return;
      eventsRead = running.events;
      report(running);
    }, READ_TICKS_MS);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/**
 * Runs every task and returns the results in task order. Tasks are made only when they are about to
 * run; in this thread, the experiment yields to the event loop between and inside runs on one budget.
 */
export async function runTasks(tasks: Tasks, options: RunnerOptions): Promise<RunnerReport> {
  const source: TaskSource = 'task' in tasks ? tasks : taskArray(tasks);
  const collector = new Collector(source.count, options.onProgress);
  options.onProgress?.({ ...collector.progress });
  const file = options.workers > 1 && source.count > 1 ? workerFile() : null;
  if (file === null) return runInThread(source, collector);
  return runOnPool(source, collector, file, Math.min(options.workers, source.count));
}

async function runInThread(source: TaskSource, collector: Collector): Promise<RunnerReport> {
  const onTick = collector.onTick();
  // Paced, on one budget for the whole experiment: short runs yield between them as long ones do inside.
  const pacer = new Pacer();
  for (let i = 0; i < source.count; i++) {
    const task = source.task(i);
    collector.finished(i, await runReplicationPaced(task, onTick, pacer), task.config.durationS);
    await pacer.pace();
  }
  return { results: collector.results, threads: 0 };
}

/** Runs the tasks on `threads` worker threads of the compiled worker `file`, a few in flight per thread. */
async function runOnPool(
  source: TaskSource,
  collector: Collector,
  file: string,
  threads: number,
): Promise<RunnerReport> {
  const pool = new Piscina<WorkerTask, ReplicationResult | StoppedTask>({
    filename: pathToFileURL(file).href,
    minThreads: threads,
    maxThreads: threads,
  });
  const slots = Math.min(source.count, threads * IN_FLIGHT_PER_THREAD);
  // Only a progress bar reads the board: without one, workers run their tasks as before, unpaced.
  const board = collector.onProgress === undefined ? null : new TickBoard(slots);
  const unwatch = board?.watch((running) => collector.running(running));
  let next = 0;
  const feed = async (slot: number): Promise<void> => {
    while (next < source.count) {
      const i = next++;
      const task = source.task(i);
      board?.hold(slot, task.config.durationS);
      const r = await pool.run({ task, ticks: board?.cells ?? null, slot });
      if ('stopped' in r) throw new RunStopped(r.stopped);
      board?.free(slot);
      collector.finished(i, r, task.config.durationS, board?.read() ?? null);
    }
  };
  try {
    await Promise.all(Array.from({ length: slots }, (_, slot) => feed(slot)));
  } finally {
    unwatch?.();
    await pool.destroy();
  }
  return { results: collector.results, threads };
}
