// `branch`: a checkpoint's world run on from its instant, as it was (the straight run's files, byte for
// byte) or with changed settings: a grid of points (the sweep's syntax), each a full result folder
// beside `base/` (the unchanged continuation), compared with it through compare. Every branch shares
// the random streams from the instant on (common random numbers). The grid is walked point by point.
import { join } from 'node:path';
import { writeReplicationsReport } from '../../io/report/experiment-outputs.js';
import { writeCompare } from '../../io/report/write-compare.js';
import { writeRunReport } from '../../io/report/write-report.js';
import { compareRows, nameRuns, readComparedRun } from '../combine/compare.js';
import { finishRun } from '../replications/finish-run.js';
import { replicationPlan, writeRunInfo } from '../replications/replications.js';
import { EngineError } from '../../errors.js';
import type { CheckpointReplication } from '../../io/checkpoint/checkpoint-header.js';
import type { SimConfig } from '../../model/config.js';
import type { Json, ReplicationResult, ReplicationTask, TaskSource } from '../run/replicate.js';
import { memberFile, writeCheckpoint, type CheckpointOf, type EventEdits } from '../run/checkpoint.js';
import type { RunGuard } from '../run/run-guard.js';
import { runScenario } from '../run/run-scenario.js';
import { runTasks, type ProgressFn, type RunnerOptions } from '../run/task-runner.js';
import { withWarmup, type FoundWarmup } from '../run/auto-warmup.js';
import { eachGridPoint, type SweepAxis } from '../sweep/sweep-spec.js';
import { branchPoint, type BranchPoint } from './branch-changes.js';
import { branchGuard } from './branch-cost.js';
import { branchEdits } from './branch-edits.js';
import { checkBranchAutoWarmup, findBranchWarmup } from './branch-warmup.js';
import type { OpenCheckpoint } from './open-checkpoint.js';

/** How a branch runs its replications. */
export interface BranchOptions {
  readonly workers: number;
  readonly onProgress?: ProgressFn;
  /** Also write each result folder's checkpoint.pchat at this later instant (null: none). */
  readonly checkpointAtS: number | null;
  /** Settings every run of the branch takes, `base/` included (`--warmup`): axes of one value each. */
  readonly fixed?: readonly SweepAxis[];
  /** --yes: the planner confirmed the branch's cost, so only memory stops a run (run-guard.ts). */
  readonly confirmed?: boolean;
}

/** A warm-up found by `warmup: auto` for one result folder. */
export interface BranchWarmup {
  readonly folder: string;
  readonly found: FoundWarmup;
}

/** What a branch did, for the terminal. */
export interface BranchReport {
  /** Result folders written (`.` for a branch without --set), in order. */
  readonly folders: readonly string[];
  readonly events: number;
  readonly warmups: readonly BranchWarmup[];
}

/** The folder of a grid point: its `key=value` pairs, or `point-<k>` when they do not make a tidy name. */
export function pointFolder(axes: readonly SweepAxis[], values: readonly unknown[], k: number): string {
  const name = axes.map((a, i) => `${a.key}=${String(values[i])}`).join(',');
  return /^[A-Za-z0-9._=,+[\]-]{1,100}$/.test(name) && name !== 'base' ? name : `point-${k}`;
}

/** The point as it runs: with `warmup: auto`, the warm-up a pilot of the continuation finds. */
async function resolvedPoint(
  cp: OpenCheckpoint,
  given: BranchPoint | null,
  runner: RunnerOptions,
): Promise<{ point: BranchPoint | null; found: FoundWarmup | null }> {
  const found = given?.config.warmupAuto === true ? await findBranchWarmup(cp, given, runner) : null;
  if (given === null || found === null) return { point: given, found };
  const config = withWarmup(given.config, found.warmupS);
  return { point: { ...given, config, data: { ...given.data, warmup: found.warmupS } }, found };
}

/** What one continuation runs: its configuration, each replication's edits, its checkpoint's header. */
interface Continuation {
  readonly config: SimConfig;
  readonly edits: readonly (EventEdits | null)[];
  readonly of: CheckpointOf;
  /** The steady-state means' warm-up of a replicated run. */
  readonly steadyS: number | null;
  /** Also write a checkpoint at this instant (null: none). */
  readonly atS: number | null;
  /** Stops each replication far past its estimate (run-guard.ts). */
  readonly guard: RunGuard;
}

function continuation(cp: OpenCheckpoint, point: BranchPoint | null, opts: BranchOptions): Continuation {
  const { header } = cp;
  const atS = opts.checkpointAtS;
  const config = point?.config ?? cp.config;
  const edits = header.replications.map((rep) =>
    point === null ? null : branchEdits(cp.config, point, header.atS, rep),
  );
  const exp = header.experiment;
  // A branch that changes the warm-up takes its steady-state means after the new one.
  const steadyS =
    exp === null || config.warmupS === cp.config.warmupS
      ? (exp?.warmupS ?? null)
      : config.warmupS > 0
        ? config.warmupS
        : null;
  const of: CheckpointOf = {
    config,
    atS: atS ?? 0,
    scenarioFile: header.scenarioFile,
    scenario: point?.data ?? header.scenario,
    experiment: exp === null ? null : { ...exp, warmupS: steadyS },
  };
  return { config, edits, of, steadyS, atS, guard: branchGuard(cp, config, opts.confirmed === true) };
}

/**
 * Runs the continuation of every replication of `cp` (with `point`'s changes) into the result folder
 * `dir`; a point with `warmup: auto` first finds its warm-up from a pilot pass of the continuation.
 * @returns the events run and the warm-up found (null without auto)
 */
export async function runContinuation(
  cp: OpenCheckpoint,
  given: BranchPoint | null,
  dir: string,
  opts: BranchOptions,
): Promise<{ events: number; found: FoundWarmup | null }> {
  const runner = { workers: opts.workers, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
  const { point, found } = await resolvedPoint(cp, given, runner);
  const c = continuation(cp, point, opts);
  const events =
    cp.header.experiment === null
      ? await continueRun(cp, c, dir)
      : await continueReplications(cp, c, cp.header.experiment.replications, dir, runner);
  return { events, found };
}

/** A single run's continuation: its files, checkpoint and report. @returns the events run */
async function continueRun(cp: OpenCheckpoint, c: Continuation, dir: string): Promise<number> {
  const place = cp.members[0];
  if (place === undefined) return 0;
  const result = await runScenario(c.config, dir, {
    resume: { path: cp.path, place, edits: c.edits[0] ?? null },
    guard: c.guard,
    ...(c.atS === null ? {} : { checkpoint: { atS: c.atS, memberFile: memberFile(dir, 0) } }),
  });
  if (result.pending !== undefined)
    await writeCheckpoint(dir, c.of, [{ index: 0, seed: c.config.seed, pending: result.pending }]);
  await writeRunReport(c.config, dir, result.summary, { timeline: result.chartTimeline });
  return result.summary.events_processed;
}

/** A replicated run's continuation: every replication resumed, then aggregated. @returns the events run */
async function continueReplications(
  cp: OpenCheckpoint,
  c: Continuation,
  replications: number,
  dir: string,
  runner: RunnerOptions,
): Promise<number> {
  const started = performance.now();
  const { meta, tasks } = replicationPlan(c.config, replications, c.steadyS, c.guard);
  const { atS } = c;
  const resumed: TaskSource = {
    count: tasks.count,
    task: (i): ReplicationTask => {
      const t = tasks.task(i);
      return {
        ...t,
        resume: {
          path: cp.path,
          place: cp.members[i] ?? { offset: 0, length: 0 },
          edits: c.edits[i] ?? null,
        },
        ...(atS === null ? {} : { checkpoint: { atS, memberFile: memberFile(dir, t.index) } }),
      };
    },
  };
  const { results, threads } = await runTasks(resumed, runner);
  if (atS !== null) await writeCheckpoint(dir, c.of, results.map(checkpointReplication));
  const summary = await finishRun(meta, results, dir);
  writeRunInfo(dir, results, threads, started, false, summary);
  await writeReplicationsReport(c.config, dir, summary, summary.replications);
  return results.reduce((a, r) => a + Number(r.summary['events_processed'] ?? 0), 0);
}

function checkpointReplication(r: ReplicationResult): Omit<CheckpointReplication, 'sha256'> {
  if (r.pending === undefined) throw new EngineError(`replication ${r.index} wrote no checkpoint member`);
  return { index: r.index, seed: Number(r.summary['seed']), pending: r.pending };
}

/** The values of axes of one value each (`--warmup`'s). */
const only = (fixed: readonly SweepAxis[]): Json[] => fixed.map((a) => a.values[0] ?? null);

/** The point every run of the branch starts from: `base/`, with the fixed settings (null: none). */
function basePoint(cp: OpenCheckpoint, fixed: readonly SweepAxis[]): BranchPoint | null {
  return fixed.length === 0 ? null : branchPoint(baseOf(cp), fixed, only(fixed));
}

/** Grid point `values` of `axes`, with the fixed settings first. */
function gridPoint(
  cp: OpenCheckpoint,
  fixed: readonly SweepAxis[],
  axes: readonly SweepAxis[],
  values: readonly Json[],
): BranchPoint {
  return branchPoint(baseOf(cp), [...fixed, ...axes], [...only(fixed), ...values]);
}

/**
 * Refuses a point before anything runs: its edits for every replication, and its auto warm-up's range.
 * @returns the configuration it runs
 */
function checkPoint(cp: OpenCheckpoint, point: BranchPoint | null): SimConfig {
  if (point === null) return cp.config;
  for (const rep of cp.header.replications) branchEdits(cp.config, point, cp.header.atS, rep);
  if (point.config.warmupAuto) checkBranchAutoWarmup(point.config, cp.header.atS, point.label);
  return point.config;
}

/**
 * The configuration of every run of the branch, `base/` first, then each point of the grid, each
 * checked as it comes (built, its edits worked out for every replication, then dropped: the grid is
 * never held whole). Walked to its end before anything runs, so any refusal comes first.
 * @throws ScenarioError, UsageError
 */
export function* checkedBranchRuns(
  cp: OpenCheckpoint,
  axes: readonly SweepAxis[],
  fixed: readonly SweepAxis[] = [],
): Generator<SimConfig> {
  yield checkPoint(cp, basePoint(cp, fixed));
  if (axes.length === 0) return;
  for (const values of eachGridPoint(axes)) yield checkPoint(cp, gridPoint(cp, fixed, axes, values));
}

function baseOf(cp: OpenCheckpoint) {
  return {
    scenario: cp.header.scenario,
    file: cp.header.scenarioFile,
    atS: cp.header.atS,
    config: cp.config,
  };
}

/**
 * Runs the branch into `dir`: without axes the continuation itself; with axes `base/`, one folder per
 * point (built when its turn comes), then compare.csv and report.html of every point against base.
 * The fixed settings (`--warmup`) apply to every run, `base/` included.
 */
export async function runBranch(
  cp: OpenCheckpoint,
  axes: readonly SweepAxis[],
  dir: string,
  opts: BranchOptions,
): Promise<BranchReport> {
  const fixed = opts.fixed ?? [];
  const warmups: BranchWarmup[] = [];
  const run = async (point: BranchPoint | null, folder: string): Promise<number> => {
    const r = await runContinuation(cp, point, join(dir, folder), opts);
    if (r.found !== null) warmups.push({ folder, found: r.found });
    return r.events;
  };
  if (axes.length === 0) return { folders: ['.'], events: await run(basePoint(cp, fixed), '.'), warmups };
  let events = await run(basePoint(cp, fixed), 'base');
  const folders = ['base'];
  let k = 0;
  for (const values of eachGridPoint(axes)) {
    const name = pointFolder(axes, values, k++);
    const folder = folders.includes(name) ? `${name}-${k}` : name;
    events += await run(gridPoint(cp, fixed, axes, values), folder);
    folders.push(folder);
  }
  const runs = nameRuns(folders.map((f) => readComparedRun(join(dir, f))));
  await writeCompare(dir, runs, compareRows(runs));
  return { folders, events, warmups };
}
