// `warmup: auto`: the warm-up found from the run itself. A pilot pass runs each replication and records
// its connected users at the timeline's sampling; MSER-5 (stats/mser.ts) picks one truncation point on
// the replication-averaged series; every replication then runs again with that warm-up (same seed, so
// the same run: a warm-up changes no user's way through it, only what the summary counts).
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { mser5, MSER_BATCH } from '../../stats/mser.js';
import { estimateCost, estimateRuns } from './cost-estimate.js';
import { replicationTasks, type ReplicationTask } from './replicate.js';
import { runGuard } from './run-guard.js';
import { SampleSchedule } from './sample-schedule.js';
import { runTasks, type ProgressFn, type RunnerOptions } from './task-runner.js';

/** Batches of 5 samples the series before the first scheduled fault must hold at least (assumption). */
export const MIN_PILOT_BATCHES = 4;

/** What the pilot of one configuration found. */
export interface FoundWarmup {
  /** The warm-up, seconds: the time of the first sample kept. */
  readonly warmupS: number;
  /** The latest warm-up searched, seconds (the first half of the series). */
  readonly searchedToS: number;
  /** The minimum lies at the end of the searched range: the run may be too short to reach steady state. */
  readonly atEdge: boolean;
  /** Timeline samples per replication the pilot recorded. */
  readonly samples: number;
}

/**
 * Timeline samples the pilot of `config` records: every sample of the run, or with scheduled faults or
 * actions those before the first of them (random faults are part of the steady state).
 * @param where - names the setting in an error, e.g. `scenarios/x.yaml: warmup` or `--warmup`.
 * @throws UsageError when fewer than {@link MIN_PILOT_BATCHES} batches of 5 samples come before it.
 */
export function pilotSamples(config: SimConfig, where: string): number {
  const schedule = new SampleSchedule(config);
  const first = config.faults.reduce((t, f) => Math.min(t, f.at), Infinity);
  let n = schedule.count;
  if (first < Infinity) {
    n = Math.min(n, Math.ceil(first / config.sampleEveryS) + 1);
    while (n > 0 && schedule.timeAt(n - 1) >= first) n--;
  }
  const need = MIN_PILOT_BATCHES * MSER_BATCH;
  if (n >= need) return n;
  const before =
    first < Infinity ? ` before the first scheduled fault or action (at ${first} s)` : ' in the whole run';
  throw new UsageError(
    `${where}: auto needs at least ${need} timeline samples (${MIN_PILOT_BATCHES} batches of ${MSER_BATCH}) to search for steady state${before}: lower sampleEvery${first < Infinity ? ' or schedule the first fault later' : ' or run longer'}; received ${n}`,
  );
}

/** `config` with the warm-up found: every summary figure is taken after it. */
export function withWarmup(config: SimConfig, warmupS: number): SimConfig {
  return Object.freeze({ ...config, warmupS });
}

/** How the pilots run: the runner's options, and where the setting comes from (for error lines). */
export interface PilotOptions extends RunnerOptions {
  readonly where: string;
  /**
   * --yes: the planner confirmed the cost. A pilot is guarded as its run is (run-guard.ts): past its
   * estimate unless confirmed, past its memory, or stuck at one instant, it stops the command.
   */
  readonly confirmed: boolean;
}

/**
 * Runs the pilots of every config with `warmup: auto` (`replications` each, replication k with the seed
 * of replication k) and returns what MSER-5 found on each one's replication-averaged connected users;
 * null for the others. @throws UsageError (see {@link pilotSamples}) before anything runs.
 */
export async function findWarmups(
  configs: readonly SimConfig[],
  replications: number,
  opts: PilotOptions,
): Promise<(FoundWarmup | null)[]> {
  const samples = configs.map((c) => (c.warmupAuto ? pilotSamples(c, opts.where) : 0));
  const auto = configs.flatMap((c, i) => (c.warmupAuto ? [i] : []));
  if (auto.length === 0) return configs.map(() => null);
  const tasks = pilotTasks(configs, auto, samples, replications, opts.confirmed);
  const { results } = await runTasks(tasks, opts);
  const found: (FoundWarmup | null)[] = configs.map(() => null);
  auto.forEach((i, a) => {
    const n = samples[i] as number;
    const mean = new Float64Array(n);
    for (let k = 0; k < replications; k++) {
      const series = results[a * replications + k]?.timeline ?? new Float64Array(n);
      for (let j = 0; j < n; j++) mean[j] = (mean[j] as number) + (series[j] as number) / replications;
    }
    const m = mser5(mean);
    const schedule = new SampleSchedule(configs[i] as SimConfig);
    found[i] = {
      warmupS: schedule.timeAt(m.truncate),
      searchedToS: schedule.timeAt((m.searched - 1) * MSER_BATCH),
      atEdge: m.atEdge,
      samples: n,
    };
  });
  return found;
}

/**
 * The pilot tasks of the configs `auto` indexes, `replications` each, sampling `samples[i]`: each
 * guarded as its run is, since a pilot runs no further than its run and the run's estimate bounds it.
 */
function pilotTasks(
  configs: readonly SimConfig[],
  auto: readonly number[],
  samples: readonly number[],
  replications: number,
  confirmed: boolean,
): ReplicationTask[] {
  const guards = auto.map((i) => {
    const c = configs[i] as SimConfig;
    return runGuard(estimateCost(c), estimateRuns([c], replications), confirmed);
  });
  return replicationTasks(
    auto.map((i) => withWarmup(configs[i] as SimConfig, 0)),
    replications,
    { timeline: false, events: false, warmupS: null },
  ).map((t): ReplicationTask => ({
    ...t,
    pilot: samples[auto[Math.floor(t.index / replications)] ?? 0],
    guard: guards[Math.floor(t.index / replications)] ?? null,
  }));
}

/** The warning when the minimum is at the edge of the searched range, else null. */
export function warmupWarning(found: FoundWarmup | null, label: string): string | null {
  if (found === null || !found.atEdge) return null;
  return `warning: ${label}: warmup auto: MSER-5's minimum is at the end of the range searched (${found.warmupS} s of 0 to ${found.searchedToS} s): run too short to reach steady state`;
}

/**
 * Progress of the two passes as one: the pilots' tasks first, then the runs', out of both together
 * (the bar does not start again at 0).
 */
export function twoPassProgress(
  onProgress: ProgressFn | undefined,
  pilotTasks: number,
  runTasksCount: number,
): { pilot: ProgressFn | undefined; runs: ProgressFn | undefined } {
  if (onProgress === undefined || pilotTasks === 0) return { pilot: onProgress, runs: onProgress };
  const total = pilotTasks + runTasksCount;
  let pilotDone = { simulatedS: 0, events: 0 };
  return {
    pilot: (p) => {
      pilotDone = { simulatedS: p.simulatedS, events: p.events };
      onProgress({ ...p, total });
    },
    runs: (p) =>
      onProgress({
        ...p,
        done: p.done + pilotTasks,
        total,
        simulatedS: p.simulatedS + pilotDone.simulatedS,
        events: p.events + pilotDone.events,
      }),
  };
}
