// `run --replications N`: N independent replications of one scenario, on worker threads, aggregated in
// replication order (finish-run.ts) into summary.json, timeline.csv, timeline-bands.csv and events.csv;
// or, with a shard, this shard's partial result.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineError, UsageError } from '../../errors.js';
import { writeJsonAtomic } from '../../io/atomic-file.js';
import { currentBuild } from '../../io/build-id.js';
import type { PendingInfo } from '../../io/checkpoint/checkpoint-header.js';
import type { SimConfig } from '../../model/config.js';
import { checkTimelineBudget } from '../aggregate/timeline-bands.js';
import { findWarmups, twoPassProgress, withWarmup, type FoundWarmup } from '../run/auto-warmup.js';
import { memberFile, writeCheckpoint } from '../run/checkpoint.js';
import { estimateCost, estimateRuns } from '../run/cost-estimate.js';
import {
  eventsOf,
  replicationSource,
  timelineHeader,
  type ReplicationResult,
  type TaskSource,
} from '../run/replicate.js';
import { runGuard, type RunGuard } from '../run/run-guard.js';
import { SampleSchedule } from '../run/sample-schedule.js';
import { runTasks, type ProgressFn } from '../run/task-runner.js';
import type { RunMeta } from '../shards/experiment-meta.js';
import { fingerprint, writePartial } from '../shards/partial.js';
import { shardIndices, shardTasks, type Shard } from '../shards/shard.js';
import { finishRun, type ExperimentSummary } from './finish-run.js';

function pendingOf(r: ReplicationResult): PendingInfo {
  if (r.pending === undefined) throw new EngineError(`replication ${r.index} wrote no checkpoint member`);
  return r.pending;
}

/** How to run a replication experiment. */
export interface ExperimentOptions {
  readonly replications: number;
  readonly workers: number;
  /** Run only this shard and write a partial result; null = everything. */
  readonly shard: Shard | null;
  /**
   * Warm-up deleted from the steady-state means, seconds; null = no steady-state section; `auto` (or
   * the scenario's `warmup: auto`): the one a pilot pass finds (auto-warmup.ts).
   */
  readonly warmupS: number | 'auto' | null;
  readonly onProgress?: ProgressFn;
  /** --yes: the planner confirmed the run's cost, so only its memory stops it (run-guard.ts). */
  readonly confirmed?: boolean;
  /** Also write checkpoint.pchat: every replication's world once every event at or before `atS` fired. */
  readonly checkpoint?: CheckpointRequest;
}

/** A checkpoint a run is asked for: its instant, and the scenario as the header records it. */
export interface CheckpointRequest {
  readonly atS: number;
  readonly scenarioFile: string;
  /** The scenario file's object with the run's overrides set. */
  readonly scenario: Record<string, unknown>;
}

/** What an experiment command reports back (wall-clock figures go to run.json only). */
export interface ExperimentReport {
  readonly partial: boolean;
  readonly summary: ExperimentSummary | null;
  readonly tasks: number;
  readonly threads: number;
  readonly wallS: number;
  readonly eventsPerS: number;
  /** What `warmup: auto` found, per scenario run (null where the warm-up was given). */
  readonly warmups?: readonly (FoundWarmup | null)[];
}

/** @throws UsageError when the warm-up does not leave part of the run to measure. */
export function checkWarmup(warmupS: number | 'auto' | null, config: SimConfig): void {
  if (typeof warmupS === 'number' && !(warmupS >= 0 && warmupS < config.durationS)) {
    throw new UsageError(
      `--warmup: the warm-up is shorter than the run (${config.durationS} s); received ${warmupS} s`,
    );
  }
}

/** The meta and tasks of an N-replication experiment (task k = replication k, own derived seed). */
export function replicationPlan(
  config: SimConfig,
  n: number,
  warmupS: number | null,
  guard: RunGuard | null = null,
): { meta: RunMeta; tasks: TaskSource } {
  const header = timelineHeader(config);
  const meta: RunMeta = {
    kind: 'run',
    scenario: config.name,
    seed: config.seed,
    replications: n,
    warmupS,
    header,
    rows: new SampleSchedule(config).count,
  };
  const keep = { timeline: true, events: true, warmupS, guard };
  return {
    meta,
    tasks: replicationSource(
      1,
      () => config,
      n,
      () => keep,
    ),
  };
}

/** Runs the experiment (or one shard of it) and writes its files into `outDir`. */
export async function runReplications(
  config: SimConfig,
  outDir: string,
  opts: ExperimentOptions,
): Promise<ExperimentReport> {
  checkWarmup(opts.warmupS, config);
  checkTimelineBudget(new SampleSchedule(config).count, timelineHeader(config).length, opts.replications);
  const started = performance.now();
  const mineCount = shardIndices(opts.replications, opts.shard).length;
  const progress = twoPassProgress(opts.onProgress, config.warmupAuto ? opts.replications : 0, mineCount);
  const found = await pilotWarmup(config, opts, progress.pilot);
  const run = found === null ? config : withWarmup(config, found.warmupS);
  const steadyS = steadyWarmup(config, opts.warmupS, found);
  const guard = runGuard(
    estimateCost(run),
    estimateRuns([run], opts.replications, 'kept'),
    opts.confirmed === true,
  );
  const { meta, tasks } = replicationPlan(run, opts.replications, steadyS, guard);
  const { results, threads } = await runTasks(withCheckpoint(shardTasks(tasks, opts.shard), opts, outDir), {
    workers: opts.workers,
    ...(progress.runs ? { onProgress: progress.runs } : {}),
  });
  if (opts.checkpoint !== undefined)
    await replicationsCheckpoint(
      outDir,
      opts.checkpoint,
      { run, found, steadyS, n: opts.replications },
      results,
    );
  let summary: ExperimentSummary | null = null;
  if (opts.shard !== null) writePartial(outDir, meta, fingerprint(meta, tasks), opts.shard, results, run);
  else summary = await finishRun(meta, results, outDir);
  return {
    ...writeRunInfo(outDir, results, threads, started, opts.shard !== null, summary),
    warmups: [found],
  };
}

/** With `warmup: auto`, the warm-up the pilot finds; every shard runs the whole pilot, so all find the same. */
async function pilotWarmup(
  config: SimConfig,
  opts: ExperimentOptions,
  onProgress: ProgressFn | undefined,
): Promise<FoundWarmup | null> {
  const [found = null] = await findWarmups([config], opts.replications, {
    workers: opts.workers,
    where: 'warmup',
    confirmed: opts.confirmed === true,
    ...(onProgress ? { onProgress } : {}),
  });
  return found;
}

/** The warm-up used: found by auto, given by --warmup, or the scenario's own warmup key (null: none). */
function steadyWarmup(
  config: SimConfig,
  given: number | 'auto' | null,
  found: FoundWarmup | null,
): number | null {
  if (found !== null) return found.warmupS;
  if (given === 'auto') return null;
  return given ?? (config.warmupS > 0 ? config.warmupS : null);
}

/** The tasks, each writing its checkpoint member when one is asked for. */
function withCheckpoint(tasks: TaskSource, opts: ExperimentOptions, outDir: string): TaskSource {
  const ask = opts.checkpoint;
  if (ask === undefined) return tasks;
  return {
    count: tasks.count,
    task: (k) => {
      const t = tasks.task(k);
      return { ...t, checkpoint: { atS: ask.atS, memberFile: memberFile(outDir, t.index) } };
    },
  };
}

/** checkpoint.pchat's header for the replications' members: the scenario as run, its warm-up. */
async function replicationsCheckpoint(
  outDir: string,
  ask: CheckpointRequest,
  ran: { run: SimConfig; found: FoundWarmup | null; steadyS: number | null; n: number },
  results: readonly ReplicationResult[],
): Promise<void> {
  const { run, found } = ran;
  await writeCheckpoint(
    outDir,
    {
      config: run,
      atS: ask.atS,
      scenarioFile: ask.scenarioFile,
      scenario: found === null ? ask.scenario : { ...ask.scenario, warmup: found.warmupS },
      experiment: { replications: ran.n, warmupS: ran.steadyS },
    },
    results.map((r) => ({ index: r.index, seed: Number(r.summary['seed']), pending: pendingOf(r) })),
  );
}

/** Writes run.json (machine-dependent figures) and returns the report. */
export function writeRunInfo(
  outDir: string,
  results: readonly ReplicationResult[],
  threads: number,
  started: number,
  partial: boolean,
  summary: ExperimentSummary | null,
): ExperimentReport {
  const wallS = (performance.now() - started) / 1000;
  const events = results.reduce((a, r) => a + eventsOf(r), 0);
  const eventsPerS = Math.round(events / Math.max(wallS, 1e-9));
  writeJsonAtomic(join(outDir, 'run.json'), {
    wall_s: Number(wallS.toFixed(3)),
    events_per_s: eventsPerS,
    node: process.version,
    build: currentBuild(),
    replications_run: results.length,
    worker_threads: threads,
  });
  return { partial, summary, tasks: results.length, threads, wallS, eventsPerS };
}
