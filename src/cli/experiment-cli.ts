// Options shared by the experiment commands (run --replications, sweep, plan), composed once, and the
// `run --replications` handler. Parses and checks every option before anything runs.
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { FoundWarmup } from '../experiment/run/auto-warmup.js';
import type { CheckpointRequest } from '../experiment/replications/replications.js';
import type { SimConfig } from '../model/config.js';
import type { Console2 } from './console.js';
import { openFilesProblem } from './open-files.js';

/** The experiment options as the shared builders give them (already whole numbers where they count). */
export interface ExperimentArgs {
  replications?: number | undefined;
  workers?: number | undefined;
  shard?: string | undefined;
  /** Seconds, parsed by the option itself (options.ts), or `auto`. */
  warmup?: number | 'auto' | undefined;
  out?: string | undefined;
  force: boolean;
  /** --yes: run past the cost limits; then only memory stops a run. */
  yes?: boolean;
  quiet: boolean;
}

/** The checked options. */
export interface ExperimentSettings {
  readonly replications: number;
  /** Worker threads: as asked, at most the cores of this machine (more only add memory and switching). */
  readonly workers: number;
  readonly shard: { index: number; count: number } | null;
  /** `--warmup`: seconds, `auto` (found by a pilot pass), or null without the option. */
  readonly warmupS: number | 'auto' | null;
  /** A line for stderr when --workers asked for more threads than cores. */
  readonly workersNote: string | null;
}

/**
 * Checks the experiment options, and that the open-file limit allows the worker threads.
 * @throws UsageError with the option, the rule and the value
 */
export async function experimentSettings(
  args: ExperimentArgs,
  replicationsDefault: number,
): Promise<ExperimentSettings> {
  const { defaultWorkers } = await import('../experiment/run/task-runner.js');
  const { parseShard } = await import('../experiment/shards/shard.js');
  const cores = defaultWorkers();
  const asked = args.workers ?? cores;
  const tooFew = openFilesProblem(Math.min(asked, cores));
  if (tooFew !== null) throw new UsageError(tooFew);
  return {
    replications: args.replications ?? replicationsDefault,
    workers: Math.min(asked, cores),
    shard: args.shard === undefined ? null : parseShard(args.shard),
    warmupS: args.warmup ?? null,
    workersNote:
      asked > cores
        ? `note: --workers ${asked}: this machine has ${cores} cores; using ${cores} threads`
        : null,
  };
}

/**
 * Refuses, before anything runs, a `warmup: auto` that has too little of the run to search (see
 * pilotSamples): the line names `--warmup` when the option asked for it, else the file's key.
 * @throws UsageError
 */
export async function checkAutoWarmup(
  configs: readonly SimConfig[],
  file: string,
  warmup: number | 'auto' | undefined,
): Promise<void> {
  const { pilotSamples } = await import('../experiment/run/auto-warmup.js');
  const where = warmup === 'auto' ? '--warmup' : `${file}: warmup`;
  for (const c of configs) if (c.warmupAuto) pilotSamples(c, where);
}

/** The lines `warmup: auto` leaves: what it found (stdout), and a warning at the edge (stderr). */
export async function reportWarmups(
  found: readonly (FoundWarmup | null)[] | undefined,
  labels: readonly string[],
  io: Console2,
  quiet: boolean,
): Promise<void> {
  const { warmupWarning } = await import('../experiment/run/auto-warmup.js');
  (found ?? []).forEach((f, i) => {
    if (f === null) return;
    const label = labels[i] ?? '';
    const warning = warmupWarning(f, label);
    if (warning !== null) io.err(warning);
    if (!quiet)
      io.out(
        `${label}: warm-up ${f.warmupS} s, found by MSER-5 on a pilot pass (searched 0 to ${f.searchedToS} s)`,
      );
  });
}

/** A shard count above the experiment's tasks would leave shards with nothing to do. @throws UsageError */
export function checkShardTasks(settings: ExperimentSettings, tasks: number): void {
  if (settings.shard !== null && settings.shard.count > tasks)
    throw new UsageError(
      `--shard: n is at most the experiment's ${tasks} tasks (replications × grid points); received ${settings.shard.count}`,
    );
}

/** Where an experiment writes: --out, else results/<name>, a shard in results/<name>-shard-i-of-n. */
export function experimentOutDir(args: ExperimentArgs, name: string, settings: ExperimentSettings): string {
  if (args.out !== undefined) return args.out;
  const base = join('results', name);
  return settings.shard === null ? base : `${base}-shard-${settings.shard.index}-of-${settings.shard.count}`;
}

/** Notes worth a line on stderr: worker threads asked for but unavailable. */
export function threadNote(settings: ExperimentSettings, tasks: number, threads: number): string | null {
  if (settings.workersNote !== null) return settings.workersNote;
  if (settings.workers > 1 && tasks > 1 && threads === 0) {
    return 'note: ran in one thread: worker threads need the compiled build (npm run build)';
  }
  return null;
}

/**
 * `--checkpoint-at T`: what the run's checkpoint records, or null without the option.
 * @throws UsageError for an instant outside the run, or with --shard
 */
export function checkpointRequest(
  args: ExperimentArgs & { checkpointAt?: number | undefined },
  config: SimConfig,
  file: string,
  data: unknown,
): CheckpointRequest | null {
  const at = args.checkpointAt;
  if (at === undefined) return null;
  if (args.shard !== undefined)
    throw new UsageError(
      `--checkpoint-at: a checkpoint holds every replication of the run, so a shard cannot write one; received --shard ${args.shard}`,
    );
  if (!(at >= 0 && at < config.durationS))
    throw new UsageError(
      `--checkpoint-at: the instant is within the run, from 0 to before its end (duration ${config.durationS} s); received ${at} s`,
    );
  const scenario =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  return { atS: at, scenarioFile: file, scenario };
}

/** `run --replications N [--workers W] [--shard i/n] [--warmup T] [--checkpoint-at T]`. */
export async function runReplicationsCli(
  config: SimConfig,
  args: ExperimentArgs,
  io: Console2,
  checkpoint: CheckpointRequest | null = null,
): Promise<void> {
  const settings = await experimentSettings(args, 1);
  checkShardTasks(settings, settings.replications);
  const { runReplications } = await import('../experiment/replications/replications.js');
  const { experimentText } = await import('../experiment/replications/experiment-text.js');
  const { progressBar } = await import('./progress.js');
  const outDir = experimentOutDir(args, config.name, settings);
  const { writeStaged } = await import('./staged-output.js');
  const progress = progressBar('replications', args.quiet, io.progress, io.status);
  const report = await writeStaged(outDir, args.force, io, async (dir) => {
    let result;
    try {
      result = await runReplications(config, dir, {
        ...settings,
        onProgress: progress.onProgress,
        confirmed: args.yes === true,
        ...(checkpoint === null ? {} : { checkpoint }),
      });
    } finally {
      progress.stop();
    }
    if (!result.partial && result.summary !== null) {
      const { writeReplicationsReport } = await import('../io/report/experiment-outputs.js');
      await writeReplicationsReport(config, dir, result.summary, result.summary.replications);
    }
    return result;
  });
  await reportWarmups(report.warmups, [config.name], io, args.quiet);
  if (args.quiet) return;
  const note = threadNote(settings, report.tasks, report.threads);
  if (note !== null) io.err(note);
  if (report.summary !== null) io.out(experimentText(report.summary));
  const what = report.partial
    ? `shard ${settings.shard?.index}/${settings.shard?.count} (${report.tasks} replications): partial result`
    : `${report.tasks} replications`;
  io.out(
    `wrote ${outDir}/: ${what} in ${report.wallS.toFixed(2)} s (${report.eventsPerS} events/s, ${report.threads === 0 ? 1 : report.threads} thread${report.threads > 1 ? 's' : ''})`,
  );
}
