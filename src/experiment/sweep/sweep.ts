// `sweep`: a grid over scenario keys. Each grid point is validated like a scenario file, then run for
// R replications (the same R seeds at every point: common random numbers, so differences between
// points are not seed noise); sweep.csv has one row per point with every metric's mean and 95% CI.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CsvFile } from '../../io/csv-file.js';
import type { SimConfig } from '../../model/config.js';
import { scenarioFromObject } from '../../scenario/load.js';
import {
  aggregateSummaries,
  flattenStats,
  round9,
  type Aggregate,
  type MetricStats,
} from '../aggregate/aggregate.js';
import type { SweepMeta } from '../shards/experiment-meta.js';
import { fingerprint, writePartial } from '../shards/partial.js';
import {
  metricsOf,
  replicationSource,
  type Json,
  type ReplicationResult,
  type TaskSource,
} from '../run/replicate.js';
import { checkWarmup, writeRunInfo, type ExperimentReport } from '../replications/replications.js';
import { shardIndices, shardTasks, type Shard } from '../shards/shard.js';
import { steadyStateStats } from '../aggregate/steady-state.js';
import { applyPoint, gridPoints, pointLabel, type SweepAxis } from './sweep-spec.js';
import { runTasks, type ProgressFn } from '../run/task-runner.js';
import { estimateCost, estimateRuns } from '../run/cost-estimate.js';
import { runGuard, type RunGuard } from '../run/run-guard.js';
import { findWarmups, twoPassProgress, withWarmup, type FoundWarmup } from '../run/auto-warmup.js';
import { aggregateWarnings, WARNING_FIGURE, warningSecondsStats } from '../aggregate/warning-stats.js';

/** How to run a sweep: replications per point, workers, shard and warm-up. */
export interface SweepOptions {
  readonly replications: number;
  readonly workers: number;
  readonly shard: Shard | null;
  /** `--warmup`: seconds, `auto` (each point's own, found by a pilot pass), or null without it. */
  readonly warmupS: number | 'auto' | null;
  readonly onProgress?: ProgressFn;
  /** --yes: the planner confirmed the sweep's cost, so only memory stops a run (run-guard.ts). */
  readonly confirmed?: boolean;
}

/** A validated grid point. */
export interface SweepPoint {
  readonly values: readonly Json[];
  readonly config: SimConfig;
}

/** Validates every grid point (before anything runs). @throws ScenarioError for the first bad point. */
export function sweepPoints(
  file: string,
  data: Record<string, unknown>,
  axes: readonly SweepAxis[],
  warmupS: number | 'auto' | null,
): SweepPoint[] {
  // --warmup is the scenario's warmup key: every summary figure is taken after it.
  const base = warmupS === null ? data : { ...data, warmup: warmupS };
  return gridPoints(axes).map((values) => {
    const config = scenarioFromObject(applyPoint(base, axes, values), pointLabel(file, axes, values));
    checkWarmup(warmupS, config);
    return { values, config };
  });
}

/** A point's own warm-up: found by auto, or its scenario's warmup key; null without one. */
function pointWarmup(c: SimConfig): number | null {
  return c.warmupAuto || c.warmupS > 0 ? c.warmupS : null;
}

/**
 * Task p × R + k: replication k of point p, with the seed replication k has in any experiment. Its
 * steady-state means start at `warmupS` (`--warmup`), or at the point's own warm-up (auto's, or its key).
 */
export function pointTasks(
  points: readonly SweepPoint[],
  replications: number,
  warmupS: number | null,
  confirmed: boolean | null = null,
): TaskSource {
  const configOf = (p: number): SimConfig => (points[p] as SweepPoint).config;
  const guard = (c: SimConfig): RunGuard | null =>
    confirmed === null ? null : runGuard(estimateCost(c), estimateRuns([c], replications), confirmed);
  return replicationSource(points.length, configOf, replications, (p) => ({
    timeline: false,
    events: false,
    warmupS: warmupS ?? pointWarmup(configOf(p)),
    guard: guard(configOf(p)),
  }));
}

/** What a sweep is, for its shards and its merge: the axes, the points, the replications, the warm-up. */
function sweepMeta(
  base: SimConfig,
  axes: readonly SweepAxis[],
  points: readonly SweepPoint[],
  opts: SweepOptions,
): SweepMeta {
  return {
    kind: 'sweep',
    scenario: base.name,
    seed: base.seed,
    replications: opts.replications,
    // auto: each point's warm-up is in its replications' summaries (warmup_s), not one for the sweep.
    warmupS: opts.warmupS === 'auto' ? null : opts.warmupS,
    axes: axes.map((a) => a.key),
    points: points.map((p) => p.values),
  };
}

/** The points with `warmup: auto` (`pilots`) given the warm-up their pilot found. */
function withFoundWarmups(
  points: readonly SweepPoint[],
  pilots: readonly number[],
  found: readonly (FoundWarmup | null)[],
): SweepPoint[] {
  const resolved = points.slice();
  pilots.forEach((p, i) => {
    const f = found[i];
    const point = points[p] as SweepPoint;
    if (f) resolved[p] = { ...point, config: withWarmup(point.config, f.warmupS) };
  });
  return resolved;
}

/** Runs the sweep (or one shard of it) and writes sweep.csv (or the partial result) into `outDir`. */
export async function runSweep(
  base: SimConfig,
  axes: readonly SweepAxis[],
  points: readonly SweepPoint[],
  outDir: string,
  opts: SweepOptions,
): Promise<{ report: ExperimentReport; perPoint: Aggregate[] | null }> {
  const meta = sweepMeta(base, axes, points, opts);
  const r = opts.replications;
  // Before the warm-ups are found: every shard has the same fingerprint, whichever points it ran.
  const given = opts.warmupS === 'auto' ? null : opts.warmupS;
  const print = fingerprint(meta, pointTasks(points, r, given));
  const started = performance.now();
  const mineIndices = shardIndices(points.length * r, opts.shard);
  // The pilots of the points this shard runs (all replications of each, so every shard finds the same).
  const touched = [...new Set(mineIndices.map((j) => Math.floor(j / r)))];
  const pilots = touched.filter((p) => points[p]?.config.warmupAuto === true);
  const progress = twoPassProgress(opts.onProgress, pilots.length * r, mineIndices.length);
  const found = await findWarmups(
    pilots.map((p) => (points[p] as SweepPoint).config),
    r,
    {
      workers: opts.workers,
      where: 'warmup',
      confirmed: opts.confirmed === true,
      ...(progress.pilot ? { onProgress: progress.pilot } : {}),
    },
  );
  const resolved = withFoundWarmups(points, pilots, found);
  const mine = shardTasks(pointTasks(resolved, r, given, opts.confirmed === true), opts.shard);
  const { results, threads } = await runTasks(mine, {
    workers: opts.workers,
    ...(progress.runs ? { onProgress: progress.runs } : {}),
  });
  let perPoint: Aggregate[] | null = null;
  if (opts.shard !== null) writePartial(outDir, meta, print, opts.shard, results, base);
  else perPoint = await finishSweep(meta, results, outDir);
  const report = writeRunInfo(outDir, results, threads, started, opts.shard !== null, null);
  return { report: { ...report, warmups: points.map((_, p) => found[pilots.indexOf(p)] ?? null) }, perPoint };
}

/** Each point's aggregate: the summary tree with statistics, `warnings` per code and subject, plus `steadyState` with a warm-up. */
export function aggregatePoints(meta: SweepMeta, results: readonly ReplicationResult[]): Aggregate[] {
  const r = meta.replications;
  return meta.points.map((_, p) => {
    const mine = results.slice(p * r, (p + 1) * r);
    const tree = aggregateSummaries(mine.map(metricsOf)) as { [key: string]: Aggregate };
    // With a warm-up (given, or each point's own found by auto), the replications' steady-state means.
    if (mine.some((x) => x.steady !== null))
      tree['steadyState'] = steadyStateStats(
        mine.map((x) => x.steady),
        tree,
      );
    tree['warnings'] = aggregateWarnings(mine);
    return tree;
  });
}

/** Aggregates the results (in task order) and writes sweep.csv. */
export async function finishSweep(
  meta: SweepMeta,
  results: readonly ReplicationResult[],
  outDir: string,
): Promise<Aggregate[]> {
  const perPoint = aggregatePoints(meta, results);
  const r = meta.replications;
  const flat = perPoint.map(
    (a, p) => new Map([...flattenStats(a), ...warningSecondsStats(results.slice(p * r, (p + 1) * r))]),
  );
  await writeSweepCsv(join(outDir, 'sweep.csv'), meta, flat);
  return perPoint;
}

/** sweep.csv: a row per point, its values, then every figure any point has (mean, bounds). */
async function writeSweepCsv(
  path: string,
  meta: SweepMeta,
  flat: readonly Map<string, MetricStats>[],
): Promise<void> {
  const metrics = [...new Set(flat.flatMap((m) => [...m.keys()]))];
  const header = [
    'point',
    ...meta.axes,
    ...metrics.flatMap((k) => [`${k}.mean`, `${k}.ci95_lo`, `${k}.ci95_hi`]),
  ];
  const csv = new CsvFile(path, header);
  const cell = (x: number | undefined): number | string => (x === undefined ? '' : (round9(x) ?? ''));
  try {
    meta.points.forEach((values, p) => {
      const m = flat[p] as Map<string, MetricStats>;
      const row: (number | string)[] = [
        p,
        ...values.map((v) => (typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v))),
      ];
      for (const k of metrics) {
        const s = m.get(k);
        // A point where no replication passed a limit spent 0 s above it.
        if (s === undefined && k.startsWith(WARNING_FIGURE)) row.push(0, 0, 0);
        else row.push(cell(s?.mean), cell(s?.lo), cell(s?.hi));
      }
      csv.write(row);
    });
    await csv.close();
  } catch (e) {
    await csv.abort();
    throw e;
  }
}
