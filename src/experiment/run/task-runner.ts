// Runs replication tasks on a piscina worker pool, or in this thread when one worker is asked for (or
// when running from TypeScript sources, where no compiled worker exists). Results come back in task
// order whatever order they finish in, so every aggregate is independent of the worker count.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { Pacer, type RunTick } from './run-cursor.js';
import { RunStopped } from './run-guard.js';
import type { StoppedTask } from './worker.js';
import {
  eventsOf,
  runReplicationPaced,
  taskArray,
  type ReplicationResult,
  type ReplicationTask,
  type TaskSource,
} from './replicate.js';

/**
 * How far an experiment has got: reported once at the start, after each finished task, and (in this
 * thread) each time the running task yields to the event loop.
 */
export interface Progress {
  /** Finished tasks. */
  readonly done: number;
  readonly total: number;
  /** Simulated seconds of the finished tasks, plus those of the task running in this thread. */
  readonly simulatedS: number;
  /** Events processed by the finished tasks, plus those of the task running in this thread. */
  readonly events: number;
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

  finished(i: number, r: ReplicationResult, durationS: number): void {
    this.results[i] = r;
    this.progress.done += 1;
    this.progress.simulatedS += durationS;
    this.progress.events += eventsOf(r);
    this.onProgress?.({ ...this.progress });
  }

  /** The progress of the task running in this thread, on top of the finished ones. */
  onTick(): ((t: RunTick) => void) | undefined {
    const { onProgress, progress } = this;
    if (onProgress === undefined) return undefined;
    return (t) =>
      onProgress({
        ...progress,
        simulatedS: progress.simulatedS + t.simulatedS,
        events: progress.events + t.events,
      });
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
  const pool = new Piscina<ReplicationTask, ReplicationResult | StoppedTask>({
    filename: pathToFileURL(file).href,
    minThreads: threads,
    maxThreads: threads,
  });
  let next = 0;
  const feed = async (): Promise<void> => {
    while (next < source.count) {
      const i = next++;
      const task = source.task(i);
      const r = await pool.run(task);
      if ('stopped' in r) throw new RunStopped(r.stopped);
      collector.finished(i, r, task.config.durationS);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(source.count, threads * IN_FLIGHT_PER_THREAD) }, feed));
  } finally {
    await pool.destroy();
  }
  return { results: collector.results, threads };
}
