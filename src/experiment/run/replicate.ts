// One replication in memory: its summary, its timeline samples as one flat Float64Array, its events.
// The unit of work worker threads run. Replication k's seed depends only on (scenario seed, k), and
// every experiment (replications, sweep, plan) builds its tasks here.
import type { SimConfig } from '../../model/config.js';
import { figure } from '../../model/figures/catalogue.js';
import type { EventRecord } from '../../model/event-log.js';
import { timelineColumns } from '../../model/timeline.js';
import { Rng, streamSeed } from '../../random/rng.js';
import { EngineError } from '../../errors.js';
import { writeMember } from '../../io/checkpoint/checkpoint-file.js';
import type { PendingInfo } from '../../io/checkpoint/checkpoint-header.js';
import { pendingInfo, resumeFrom, runParts, type ResumeFrom } from './checkpoint.js';
import { Pacer, RunCursor, runPaced, runToEnd, type RunTick } from './run-cursor.js';
import type { RunGuard } from './run-guard.js';
import { Keeper, keeperFor, type TaskKeeper } from './task-keeper.js';

/** A JSON value: what summaries become after a JSON round trip (the form partial results store). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One replication to run: `config` already carries the replication's own seed. */
export interface ReplicationTask {
  /** Position in the experiment (replication order, or point × replications + replication). */
  readonly index: number;
  readonly config: SimConfig;
  /** Keep every timeline sample (replication runs need them for per-time means and bands). */
  readonly timeline: boolean;
  /** Keep the event log (failures, promotions...) for events.csv. */
  readonly events: boolean;
  /** Warm-up deletion: per-column means of the samples at t ≥ warmupS; null = none. */
  readonly warmupS: number | null;
  /** Stops the run when it is far costlier than estimated (run-guard.ts); none when absent. */
  readonly guard?: RunGuard | null;
  /**
   * A warm-up pilot (auto-warmup.ts): run only this many samples and keep nothing but their connected
   * users, as `timeline` (one value per sample); the summary holds only `events_processed`.
   */
  readonly pilot?: number;
  /** Pause once every event at or before `atS` has fired, write the checkpoint member to `memberFile`, go on. */
  readonly checkpoint?: { readonly atS: number; readonly memberFile: string };
  /** Start where a checkpoint member left the run (a branch's edits applied) instead of at t = 0. */
  readonly resume?: ResumeFrom;
}

/** What a replication returns; everything but the timeline is plain JSON, so it survives a file. */
export interface ReplicationResult {
  readonly index: number;
  /** The run's Summary after a JSON round trip (non-finite numbers become null, as in summary.json). */
  readonly summary: { [key: string]: Json };
  /** Timeline column → mean of its samples at t ≥ warm-up; null without a warm-up. */
  readonly steady: { [column: string]: number } | null;
  readonly events: readonly EventRecord[];
  /** Row-major samples (rows × columns of {@link timelineHeader}), or null when not kept. */
  readonly timeline: Float64Array | null;
  /** With a checkpoint: the pending model events at its instant (for its header). */
  readonly pending?: PendingInfo;
}

/**
 * The seed of replication `k`: the scenario's own seed for k = 0 (so replication 0 is the plain run),
 * else 53 bits drawn from the named stream `seed/replication/k`. It depends on neither the number of
 * replications nor the worker count.
 */
export function replicationSeed(seed: number, k: number): number {
  if (k === 0) return seed;
  return Math.floor(new Rng(streamSeed(seed, 'replication', k)).next() * 2 ** 53);
}

/** Replication `k` of `config`: the same scenario with {@link replicationSeed}'s seed. */
export function replicationConfig(config: SimConfig, k: number): SimConfig {
  return Object.freeze({ ...config, seed: replicationSeed(config.seed, k) });
}

/** What every replication of an experiment keeps. */
export type TaskKeep = Pick<ReplicationTask, 'timeline' | 'events' | 'warmupS'>;

/** R replications of each config: task i × R + k is replication k of `configs[i]`, with its own seed. */
export function replicationTasks(
  configs: readonly SimConfig[],
  replications: number,
  keep: TaskKeep,
): ReplicationTask[] {
  return configs.flatMap((config, i) =>
    Array.from({ length: replications }, (_, k): ReplicationTask => ({
      index: i * replications + k,
      config: replicationConfig(config, k),
      ...keep,
    })),
  );
}

/**
 * An experiment's tasks, made one at a time when asked for (an experiment of millions of runs, or a
 * sweep at its grid limit, never holds them all): `task(i)` for i from 0 to count − 1.
 */
export interface TaskSource {
  readonly count: number;
  task(i: number): ReplicationTask;
}

/**
 * {@link replicationTasks} made on demand: task p × R + k is replication k of `configOf(p)` (p below
 * `points`), with the seed replication k has in any experiment.
 */
export function replicationSource(
  points: number,
  configOf: (p: number) => SimConfig,
  replications: number,
  keep: (p: number) => TaskKeep,
): TaskSource {
  return {
    count: points * replications,
    task: (i) => {
      const p = Math.floor(i / replications);
      return { index: i, config: replicationConfig(configOf(p), i - p * replications), ...keep(p) };
    },
  };
}

/** The tasks of an array, as a source. */
export function taskArray(tasks: readonly ReplicationTask[]): TaskSource {
  return { count: tasks.length, task: (i) => tasks[i] as ReplicationTask };
}

/** The timeline columns of a run (the timeline.csv contract), as the model names them. */
export function timelineHeader(config: SimConfig): string[] {
  return timelineColumns(config);
}

/** Runs one replication to the end of its scenario, synchronously (no checkpoint, no resume). */
export function runReplication(task: ReplicationTask): ReplicationResult {
  if (task.checkpoint !== undefined || task.resume !== undefined)
    throw new EngineError('Invalid task: a checkpoint or a resume runs through runReplicationTask');
  const cursor = new RunCursor(task.config);
  const keeper = keeperFor(task, cursor);
  runToEnd(cursor, keeper.sink, keeper.drain, task.guard ?? null);
  return keeper.result();
}

/**
 * Runs one replication, a checkpoint or a resume included, without yielding between chunks (the
 * worker threads' path; only the checkpoint's file is awaited).
 */
export async function runReplicationTask(task: ReplicationTask): Promise<ReplicationResult> {
  if (task.checkpoint === undefined && task.resume === undefined) return runReplication(task);
  return driveTask(task, (cursor, keeper) => {
    runToEnd(cursor, keeper.sink, keeper.drain, task.guard ?? null);
    return Promise.resolve();
  });
}

/** Runs a task with `drive`, pausing for its checkpoint and starting from its resume point. */
async function driveTask(
  task: ReplicationTask,
  drive: (cursor: RunCursor, keeper: TaskKeeper) => Promise<void>,
): Promise<ReplicationResult> {
  const resumed = task.resume === undefined ? null : await resumeFrom(task.resume);
  const cursor = new RunCursor(task.config, resumed?.start);
  const kept = resumed?.kept() ?? null;
  if (task.pilot !== undefined) {
    const pilot = keeperFor(task, cursor, kept);
    await drive(cursor, pilot);
    return pilot.result();
  }
  const keeper = new Keeper(task, cursor, kept);
  let pending: PendingInfo | undefined;
  if (task.checkpoint !== undefined) {
    cursor.pauseAt(task.checkpoint.atS);
    await drive(cursor, keeper);
    await writeMember(runParts(cursor, keeper.kept()), task.checkpoint.memberFile);
    pending = pendingInfo(cursor.world);
    cursor.resume();
  }
  await drive(cursor, keeper);
  const result = keeper.result();
  return pending === undefined ? result : { ...result, pending };
}

/** Runs one replication, yielding to the event loop as it goes (the in-thread path), on `pacer`'s budget. */
export async function runReplicationPaced(
  task: ReplicationTask,
  onTick?: (tick: RunTick) => void,
  pacer: Pacer = new Pacer(),
): Promise<ReplicationResult> {
  const pacing = (keeper: TaskKeeper) => ({
    onChunk: keeper.drain,
    pacer,
    guard: task.guard ?? null,
    ...(onTick ? { onTick } : {}),
  });
  if (task.checkpoint !== undefined || task.resume !== undefined)
    return driveTask(task, (cursor, keeper) => runPaced(cursor, keeper.sink, pacing(keeper)));
  const cursor = new RunCursor(task.config);
  const keeper = keeperFor(task, cursor);
  await runPaced(cursor, keeper.sink, pacing(keeper));
  return keeper.result();
}

const EVENTS = figure('events_processed');
const SEED = figure('seed');

/** The events a replication's run handled (0 when its summary lacks them). */
export function eventsOf(r: ReplicationResult): number {
  const e = EVENTS.at(r.summary);
  return typeof e === 'number' ? e : 0;
}

/** A replication's seed, or null when its summary lacks it. */
export function seedOf(r: ReplicationResult): number | null {
  const s = SEED.at(r.summary);
  return typeof s === 'number' ? s : null;
}

/**
 * The run summary without the fields that identify a replication rather than measure it, and without
 * its warnings (aggregated per code and subject by aggregateWarnings, warning-stats.ts).
 */
export function metricsOf(r: ReplicationResult): { [key: string]: Json } {
  const { seed: _seed, scenario: _scenario, warnings: _warnings, ...rest } = r.summary;
  return rest;
}
