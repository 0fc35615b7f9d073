// `warmup: auto` in a branch: the pilot pass runs every replication on from the checkpoint (the point's
// changes made, no warm-up) and reads the samples before the instant from the rows the run kept, so
// MSER-5 sees the series a straight run's pilot would. The warm-up found must lie after the instant:
// the summary's window cannot open in a past the checkpoint has already counted.
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { MSER_BATCH, mser5 } from '../../stats/mser.js';
import { pilotSamples, withWarmup, type FoundWarmup } from '../run/auto-warmup.js';
import type { ReplicationResult, ReplicationTask } from '../run/replicate.js';
import { SampleSchedule } from '../run/sample-schedule.js';
import { runTasks, type RunnerOptions } from '../run/task-runner.js';
import type { BranchPoint } from './branch-changes.js';
import { branchEdits } from './branch-edits.js';
import type { OpenCheckpoint } from './open-checkpoint.js';

const at = (t: number): string => `${Number(t.toPrecision(12))} s`;

/**
 * Refuses, before anything runs, a `warmup: auto` whose search cannot reach past the instant `atS`:
 * MSER-5 looks only at the first half of the pilot's samples. @returns the pilot's samples
 * @throws UsageError naming the point, the range searched and the instant
 */
export function checkBranchAutoWarmup(config: SimConfig, atS: number, label: string): number {
  const n = pilotSamples(config, `${label}: warmup`);
  const lastS = new SampleSchedule(config).timeAt(Math.floor(Math.floor(n / MSER_BATCH) / 2) * MSER_BATCH);
  if (lastS <= atS)
    throw new UsageError(
      `${label}: warmup auto searches for the warm-up from 0 to ${at(lastS)}, all at or before the checkpoint at ${at(atS)}: checkpoint earlier, or give the warm-up as a time after it`,
    );
  return n;
}

/** The pilots' connected users, sample by sample, averaged over the replications. */
function meanSeries(results: readonly ReplicationResult[], n: number): Float64Array {
  const mean = new Float64Array(n);
  for (const r of results) {
    const series = r.timeline ?? new Float64Array(n);
    for (let j = 0; j < n; j++) mean[j] = (mean[j] as number) + (series[j] as number) / results.length;
  }
  return mean;
}

/**
 * Finds point `point`'s warm-up (its config has `warmup: auto`) from a pilot of every replication of
 * `cp` continued from its instant. @throws UsageError when the warm-up found is at or before the instant
 */
export async function findBranchWarmup(
  cp: OpenCheckpoint,
  point: BranchPoint,
  opts: RunnerOptions,
): Promise<FoundWarmup> {
  const atS = cp.header.atS;
  const n = checkBranchAutoWarmup(point.config, atS, point.label);
  const pilot: BranchPoint = { ...point, config: withWarmup(point.config, 0) };
  const tasks = cp.header.replications.map((rep, k): ReplicationTask => ({
    index: k,
    config: Object.freeze({ ...pilot.config, seed: rep.seed }),
    timeline: false,
    events: false,
    warmupS: null,
    pilot: n,
    resume: {
      path: cp.path,
      place: cp.members[k] ?? { offset: 0, length: 0 },
      edits: branchEdits(cp.config, pilot, atS, rep),
    },
  }));
  const { results } = await runTasks(tasks, opts);
  const m = mser5(meanSeries(results, n));
  const schedule = new SampleSchedule(point.config);
  const found: FoundWarmup = {
    warmupS: schedule.timeAt(m.truncate),
    searchedToS: schedule.timeAt((m.searched - 1) * MSER_BATCH),
    atEdge: m.atEdge,
    samples: n,
  };
  if (found.warmupS <= atS)
    throw new UsageError(
      `${point.label}: warmup auto: MSER-5 puts the warm-up at ${at(found.warmupS)}, at or before the checkpoint at ${at(atS)}: the summary cannot start in the past; checkpoint before ${at(found.warmupS)}, or give the warm-up as a time after the checkpoint`,
    );
  return found;
}
