// Runs replication tasks on a piscina worker pool, or in this thread when one worker is asked for (or
// when running from TypeScript sources, where no compiled worker exists). Results come back in task
// order whatever order they finish in, so every aggregate is independent of the worker count.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { RunTick } from './run-cursor.js';
import { runReplicationPaced, type ReplicationResult, type ReplicationTask } from './replicate.js';

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

/** Runs every task and returns the results in task order. */
export async function runTasks(
  tasks: readonly ReplicationTask[],
  options: RunnerOptions,
): Promise<RunnerReport> {
  const results = new Array<ReplicationResult>(tasks.length);
  const progress = { done: 0, total: tasks.length, simulatedS: 0, events: 0 };
  const finished = (i: number, r: ReplicationResult): void => {
    results[i] = r;
    progress.done += 1;
    progress.simulatedS += tasks[i]?.config.durationS ?? 0;
    const ev = r.summary['events_processed'];
    progress.events += typeof ev === 'number' ? ev : 0;
    options.onProgress?.({ ...progress });
  };
  options.onProgress?.({ ...progress });
  const file = options.workers > 1 && tasks.length > 1 ? workerFile() : null;
  if (file === null) {
    const onProgress = options.onProgress;
    const onTick =
      onProgress === undefined
        ? undefined
        : (t: RunTick): void =>
            onProgress({
              ...progress,
              simulatedS: progress.simulatedS + t.simulatedS,
              events: progress.events + t.events,
            });
    // Paced: the run yields to the event loop as it goes, so signals and the progress bar are served.
    for (let i = 0; i < tasks.length; i++)
      finished(i, await runReplicationPaced(tasks[i] as ReplicationTask, onTick));
    return { results, threads: 0 };
  }
  const threads = Math.min(options.workers, tasks.length);
  const pool = new Piscina<ReplicationTask, ReplicationResult>({
    filename: pathToFileURL(file).href,
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    await Promise.all(tasks.map((t, i) => pool.run(t).then((r) => finished(i, r))));
  } finally {
    await pool.destroy();
  }
  return { results, threads };
}
