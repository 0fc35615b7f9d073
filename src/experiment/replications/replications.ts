// `run --replications N`: N independent replications of one scenario, on worker threads, aggregated in
// replication order into summary.json (statistics per metric), timeline.csv (per-time means),
// timeline-bands.csv (p5, p95) and events.csv; or, with a shard, this shard's partial result.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineError, UsageError } from '../../errors.js';
import { writeJsonAtomic } from '../../io/atomic-file.js';
import { currentBuild } from '../../io/build-id.js';
import { CsvFile } from '../../io/csv-file.js';
import type { SimConfig } from '../../model/config.js';
import { aggregateSummaries, aggregateValues, type Aggregate } from '../aggregate/aggregate.js';
import { outagePlace, summaryWindow } from '../aggregate/figure-range.js';
import { figure } from '../../model/figures/catalogue.js';
import { EVENT_COLUMNS } from '../../model/figures/event-names.js';
import type { RunMeta } from '../shards/experiment-meta.js';
import { fingerprint, writePartial } from '../shards/partial.js';
import { writeReplicationsCsv } from './replications-csv.js';
import {
  eventsOf,
  metricsOf,
  replicationSource,
  seedOf,
  timelineHeader,
  type Json,
  type ReplicationResult,
  type TaskSource,
} from '../run/replicate.js';
import { SampleSchedule } from '../run/sample-schedule.js';
import { aggregateWarnings } from '../aggregate/warning-stats.js';
import { shardIndices, shardTasks, type Shard } from '../shards/shard.js';
import { steadyStateStats } from '../aggregate/steady-state.js';
import { runTasks, type ProgressFn } from '../run/task-runner.js';
import { findWarmups, twoPassProgress, withWarmup, type FoundWarmup } from '../run/auto-warmup.js';
import { memberFile, writeCheckpoint } from '../run/checkpoint.js';
import type { PendingInfo } from '../../io/checkpoint/checkpoint-header.js';

function pendingOf(r: ReplicationResult): PendingInfo {
  if (r.pending === undefined) throw new EngineError(`replication ${r.index} wrote no checkpoint member`);
  return r.pending;
}
import { checkTimelineBudget } from '../aggregate/timeline-bands.js';
import { estimateCost, estimateRuns } from '../run/cost-estimate.js';
import { runGuard, type RunGuard } from '../run/run-guard.js';
import { writeTimelineStats } from '../aggregate/timeline-bands.js';

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

/** summary.json of a replication experiment. */
export interface ExperimentSummary {
  scenario: string;
  seed: number;
  replications: number;
  /** Each replication's seed, in order (replication 0 uses the scenario's seed). */
  seeds: Json[];
  confidence: number;
  warmup_s: number | null;
  /** The run summary's tree with {mean, sd, ci95, min, max} at every numeric leaf. */
  metrics: Aggregate;
  /** Per timeline column: statistics of each replication's mean over t ≥ warm-up (only with a warm-up). */
  steadyState?: Aggregate;
  /**
   * Outages by order of occurrence: entry k aggregates the k-th outage of every replication that had
   * one (`n` in its statistics says how many did), for the first {@link MAX_OUTAGES_BY_ORDER}.
   */
  outagesByOrder: Aggregate[];
  /**
   * The warnings per code and subject (see warning-stats.ts): in how many replications each limit was
   * passed, with the statistics of its figures. Not in `metrics`.
   */
  warnings: Json[];
}

/** Outages aggregated by order of occurrence at most (random failures over a year have thousands). */
export const MAX_OUTAGES_BY_ORDER = 100;

/** Entry k: the k-th outage of every replication, aggregated (missing ones left out, counted by `n`). */
export function outagesByOrder(results: readonly ReplicationResult[]): Aggregate[] {
  const lists = results.map((r) => {
    const o = OUTAGES.at(r.summary);
    return Array.isArray(o) ? (o as Json[]) : [];
  });
  const most = Math.min(MAX_OUTAGES_BY_ORDER, Math.max(0, ...lists.map((l) => l.length)));
  const at = outagePlace(summaryWindow(results[0]?.summary ?? {}));
  return Array.from({ length: most }, (_, k) =>
    aggregateValues(
      lists.map((l) => l[k]),
      at,
    ),
  );
}

const OUTAGES = figure('outages');

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
  // Every shard runs the whole pilot, so all find the same warm-up.
  const [found = null] = await findWarmups([config], opts.replications, {
    workers: opts.workers,
    where: 'warmup',
    ...(progress.pilot ? { onProgress: progress.pilot } : {}),
  });
  const run = found === null ? config : withWarmup(config, found.warmupS);
  // The warm-up used: found by auto, given by --warmup, or the scenario's own warmup key.
  const steadyS =
    found !== null
      ? found.warmupS
      : opts.warmupS === 'auto'
        ? null
        : (opts.warmupS ?? (config.warmupS > 0 ? config.warmupS : null));
  const guard = runGuard(
    estimateCost(run),
    estimateRuns([run], opts.replications, 'kept'),
    opts.confirmed === true,
  );
  const { meta, tasks } = replicationPlan(run, opts.replications, steadyS, guard);
  const ask = opts.checkpoint;
  const shard = shardTasks(tasks, opts.shard);
  const mine: TaskSource =
    ask === undefined
      ? shard
      : {
          count: shard.count,
          task: (k) => {
            const t = shard.task(k);
            return { ...t, checkpoint: { atS: ask.atS, memberFile: memberFile(outDir, t.index) } };
          },
        };
  const { results, threads } = await runTasks(mine, {
    workers: opts.workers,
    ...(progress.runs ? { onProgress: progress.runs } : {}),
  });
  if (ask !== undefined)
    await writeCheckpoint(
      outDir,
      {
        config: run,
        atS: ask.atS,
        scenarioFile: ask.scenarioFile,
        scenario: found === null ? ask.scenario : { ...ask.scenario, warmup: found.warmupS },
        experiment: { replications: opts.replications, warmupS: steadyS },
      },
      results.map((r) => ({ index: r.index, seed: Number(r.summary['seed']), pending: pendingOf(r) })),
    );
  let summary: ExperimentSummary | null = null;
  if (opts.shard !== null) writePartial(outDir, meta, fingerprint(meta, tasks), opts.shard, results, run);
  else summary = await finishRun(meta, results, outDir);
  return {
    ...writeRunInfo(outDir, results, threads, started, opts.shard !== null, summary),
    warmups: [found],
  };
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

/** Aggregates all N results (in replication order) and writes the experiment's files. */
export async function finishRun(
  meta: RunMeta,
  results: readonly ReplicationResult[],
  outDir: string,
): Promise<ExperimentSummary> {
  const summary: ExperimentSummary = {
    scenario: meta.scenario,
    seed: meta.seed,
    replications: meta.replications,
    seeds: results.map(seedOf),
    confidence: 0.95,
    warmup_s: meta.warmupS,
    metrics: aggregateSummaries(results.map(metricsOf)),
    outagesByOrder: outagesByOrder(results),
    warnings: aggregateWarnings(results),
  };
  if (meta.warmupS !== null)
    summary.steadyState = steadyStateStats(
      results.map((r) => r.steady),
      summary.metrics,
    );
  await writeTimelineStats(
    results.map((r) => r.timeline ?? new Float64Array(meta.rows * meta.header.length)),
    meta.header,
    outDir,
  );
  await writeEvents(results, join(outDir, 'events.csv'));
  await writeReplicationsCsv(results, join(outDir, 'replications.csv'));
  writeJsonAtomic(join(outDir, 'summary.json'), summary);
  return summary;
}

async function writeEvents(results: readonly ReplicationResult[], path: string): Promise<void> {
  const csv = new CsvFile(path, [...EVENT_COLUMNS, 'replication']);
  try {
    for (const r of results) {
      for (const e of r.events)
        csv.write([Math.round(e.time_s * 1000) / 1000, e.event, e.server, e.detail, r.index]);
      await csv.drain();
    }
    await csv.close();
  } catch (e) {
    await csv.abort();
    throw e;
  }
}
