// `branch`: a checkpoint's world run on from its instant, as it was (the straight run's files, byte for
// byte) or with changed settings: a grid of points (the sweep's syntax), each a full result folder
// beside `base/` (the unchanged continuation), compared with it through compare. Every branch shares
// the random streams from the instant on (common random numbers). The grid is walked point by point.
import { join } from 'node:path';
import { writeReplicationsReport } from '../../io/report/experiment-outputs.js';
import { writeCompare } from '../../io/report/write-compare.js';
import { writeRunReport } from '../../io/report/write-report.js';
import { compareRows, nameRuns, readComparedRun } from '../combine/compare.js';
import { finishRun, replicationPlan, writeRunInfo } from '../replications/replications.js';
import { EngineError } from '../../errors.js';
import type { CheckpointReplication } from '../../io/checkpoint/checkpoint-header.js';
import type { ReplicationResult, ReplicationTask, TaskSource } from '../run/replicate.js';
import { memberFile, writeCheckpoint } from '../run/checkpoint.js';
import { runScenario } from '../run/run-scenario.js';
import { runTasks, type ProgressFn } from '../run/task-runner.js';
import { eachGridPoint, type SweepAxis } from '../sweep/sweep-spec.js';
import { branchEdits, branchPoint, type BranchPoint } from './branch-changes.js';
import type { OpenCheckpoint } from './open-checkpoint.js';

/** How a branch runs its replications. */
export interface BranchOptions {
  readonly workers: number;
  readonly onProgress?: ProgressFn;
  /** Also write each result folder's checkpoint.pchat at this later instant (null: none). */
  readonly checkpointAtS: number | null;
}

/** What a branch did, for the terminal. */
export interface BranchReport {
  /** Result folders written (`.` for a branch without --set), in order. */
  readonly folders: readonly string[];
  readonly events: number;
}

/** The folder of a grid point: its `key=value` pairs, or `point-<k>` when they do not make a tidy name. */
export function pointFolder(axes: readonly SweepAxis[], values: readonly unknown[], k: number): string {
  const name = axes.map((a, i) => `${a.key}=${String(values[i])}`).join(',');
  return /^[A-Za-z0-9._=,+[\]-]{1,100}$/.test(name) && name !== 'base' ? name : `point-${k}`;
}

/** Runs the continuation of every replication of `cp` (with `point`'s changes) into the result folder `dir`. */
export async function runContinuation(
  cp: OpenCheckpoint,
  point: BranchPoint | null,
  dir: string,
  opts: BranchOptions,
): Promise<number> {
  const { header } = cp;
  const config = point?.config ?? cp.config;
  const edits = header.replications.map((rep) =>
    point === null ? null : branchEdits(cp.config, point, header.atS, rep),
  );
  const exp = header.experiment;
  const atS = opts.checkpointAtS;
  const of = {
    config,
    atS: atS ?? 0,
    scenarioFile: header.scenarioFile,
    scenario: point?.data ?? header.scenario,
    experiment: exp,
  };
  if (exp === null) {
    const place = cp.members[0];
    if (place === undefined) return 0;
    const result = await runScenario(config, dir, {
      resume: { path: cp.path, place, edits: edits[0] ?? null },
      ...(atS === null ? {} : { checkpoint: { atS, memberFile: memberFile(dir, 0) } }),
    });
    if (result.pending !== undefined)
      await writeCheckpoint(dir, of, [{ index: 0, seed: config.seed, pending: result.pending }]);
    await writeRunReport(config, dir, result.summary);
    return result.summary.events_processed;
  }
  const started = performance.now();
  const { meta, tasks } = replicationPlan(config, exp.replications, exp.warmupS);
  const resumed: TaskSource = {
    count: tasks.count,
    task: (i): ReplicationTask => {
      const t = tasks.task(i);
      return {
        ...t,
        resume: { path: cp.path, place: cp.members[i] ?? { offset: 0, length: 0 }, edits: edits[i] ?? null },
        ...(atS === null ? {} : { checkpoint: { atS, memberFile: memberFile(dir, t.index) } }),
      };
    },
  };
  const { results, threads } = await runTasks(resumed, {
    workers: opts.workers,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  if (atS !== null) await writeCheckpoint(dir, of, results.map(checkpointReplication));
  const summary = await finishRun(meta, results, dir);
  writeRunInfo(dir, results, threads, started, false, summary);
  await writeReplicationsReport(config, dir, summary, summary.replications);
  return results.reduce((a, r) => a + Number(r.summary['events_processed'] ?? 0), 0);
}

function checkpointReplication(r: ReplicationResult): Omit<CheckpointReplication, 'sha256'> {
  if (r.pending === undefined) throw new EngineError(`replication ${r.index} wrote no checkpoint member`);
  return { index: r.index, seed: Number(r.summary['seed']), pending: r.pending };
}

/**
 * Checks every point of the grid (each built, its edits worked out for every replication, then
 * dropped), so a refusal comes before anything runs. @throws ScenarioError, UsageError
 */
export function checkBranchGrid(cp: OpenCheckpoint, axes: readonly SweepAxis[]): number {
  let n = 0;
  for (const values of eachGridPoint(axes)) {
    const point = branchPoint(baseOf(cp), axes, values);
    for (const rep of cp.header.replications) branchEdits(cp.config, point, cp.header.atS, rep);
    n++;
  }
  return n;
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
 */
export async function runBranch(
  cp: OpenCheckpoint,
  axes: readonly SweepAxis[],
  dir: string,
  opts: BranchOptions,
): Promise<BranchReport> {
  if (axes.length === 0) return { folders: ['.'], events: await runContinuation(cp, null, dir, opts) };
  let events = await runContinuation(cp, null, join(dir, 'base'), opts);
  const folders = ['base'];
  let k = 0;
  for (const values of eachGridPoint(axes)) {
    const name = pointFolder(axes, values, k++);
    const folder = folders.includes(name) ? `${name}-${k}` : name;
    events += await runContinuation(cp, branchPoint(baseOf(cp), axes, values), join(dir, folder), opts);
    folders.push(folder);
  }
  const runs = nameRuns(folders.map((f) => readComparedRun(join(dir, f))));
  await writeCompare(dir, runs, compareRows(runs));
  return { folders, events };
}
