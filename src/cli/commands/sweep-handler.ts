// The `sweep` command's work: its options read once, the grid checked and run by the experiment layer
// into a staged results folder (the report drawn after the runs), then the lines a planner reads.
import type { ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import { sweepText } from '../../experiment/replications/experiment-text.js';
import { prepareSweep, type PreparedSweep } from '../../experiment/sweep/prepare-sweep.js';
import { pointLabel, type SweepAxis } from '../../experiment/sweep/sweep-spec.js';
import { runSweep } from '../../experiment/sweep/sweep.js';
import type { SweepRow, SweepTargets } from '../../io/charts/sweep-file.js';
import { parseDuration } from '../../scenario/duration.js';
import type { Console2 } from '../console.js';
import {
  experimentOutDir,
  experimentSettings,
  reportWarmups,
  threadNote,
  type ExperimentSettings,
} from '../experiment-cli.js';
import { parseFraction } from '../options.js';
import { progressBar } from '../progress.js';
import { writeStaged } from '../staged-output.js';
import type { SweepArgs } from './sweep.js';

type Args = ArgumentsCamelCase<SweepArgs>;

/** One sweep as the command runs it. */
interface SweepJob {
  readonly sweep: PreparedSweep;
  readonly settings: ExperimentSettings;
  readonly targets: SweepTargets;
  readonly outDir: string;
}

/** Runs `pchat-sim sweep`. @returns the exit code. @throws UsageError, ScenarioError */
export async function sweepHandler(args: Args, io: Console2): Promise<number> {
  const settings = await experimentSettings(args, 5);
  const targets = sweepTargets(args);
  const sweep = await prepareSweep(args.scenario, {
    sets: args.set,
    replications: settings.replications,
    shard: settings.shard,
    warmupS: settings.warmupS,
    yes: args.yes,
  });
  const job = {
    sweep,
    settings,
    targets,
    outDir: experimentOutDir(args, `${sweep.config.name}-sweep`, settings),
  };
  const outcome = await runStaged(job, args, io);
  const found = outcome.report.warmups;
  if (found !== undefined && found.some((f) => f !== null)) {
    const { config, axes, points } = sweep;
    const labels = points.map((p) => pointLabel(config.name, axes, p.values));
    await reportWarmups(found, labels, io, args.quiet);
  }
  if (!args.quiet) sayOutcome(job, outcome, io);
  return 0;
}

/** The targets given, read as plan reads them. @throws UsageError for a bad value or with --shard. */
function sweepTargets(args: Args): SweepTargets {
  const t = {
    ...(args.maxBlocking === undefined
      ? {}
      : { maxBlocking: parseFraction('max-blocking', args.maxBlocking) }),
    ...(args.maxLost === undefined ? {} : { maxLost: parseFraction('max-lost', args.maxLost) }),
    ...(args.maxOverCapacity === undefined
      ? {}
      : { maxOverCapacityS: parseDuration(args.maxOverCapacity) ?? 0 }),
  };
  if (Object.keys(t).length > 0 && args.shard !== undefined)
    throw new UsageError(
      '--shard: a sharded sweep is judged by no targets (merge writes its report); drop --max-blocking, --max-lost and --max-over-capacity, or run the sweep whole',
    );
  return t;
}

/** Runs the grid into a staged folder; a whole sweep also gets its report and the first point meeting the targets. */
async function runStaged(job: SweepJob, args: Args, io: Console2) {
  const { sweep, settings, targets } = job;
  const progress = progressBar('runs', args.quiet, io.progress, io.status);
  return writeStaged(job.outDir, args.force, io, async (dir) => {
    let result;
    try {
      result = await runSweep(sweep.config, sweep.axes, sweep.points, dir, {
        ...settings,
        onProgress: progress.onProgress,
        confirmed: args.yes,
      });
    } finally {
      progress.stop();
    }
    if (result.report.partial) return { ...result, answer: null };
    // The report's modules (vega) load after the runs, as run-single.ts explains.
    const { writeSweepOutputs } = await import('../../io/report/experiment-outputs.js');
    const { first } = await writeSweepOutputs(sweep.config, dir, settings.replications, targets);
    return { ...result, answer: Object.keys(targets).length === 0 ? null : first };
  });
}

/** The terminal's lines: a thread note, each point's figures, the answer to the targets, what was written. */
function sayOutcome(job: SweepJob, outcome: Awaited<ReturnType<typeof runStaged>>, io: Console2): void {
  const { sweep, settings, targets } = job;
  const { report, perPoint, answer } = outcome;
  const note = threadNote(settings, report.tasks, report.threads);
  if (note !== null) io.err(note);
  if (perPoint !== null)
    io.out(
      sweepText(
        sweep.axes.map((a) => a.key),
        sweep.points.map((p) => p.values),
        perPoint,
      ),
    );
  if (Object.keys(targets).length > 0 && !report.partial) io.out(answerLine(answer, sweep.axes));
  const what = report.partial
    ? `shard ${settings.shard?.index}/${settings.shard?.count}: partial result`
    : `sweep.csv, ${sweep.points.length} points × ${settings.replications} replications`;
  io.out(`wrote ${job.outDir}/: ${what} in ${report.wallS.toFixed(2)} s (${report.eventsPerS} events/s)`);
}

/** The first point that meets every target, or that none does. */
function answerLine(answer: SweepRow | null, axes: readonly SweepAxis[]): string {
  return answer === null
    ? 'no point meets every target (report.html)'
    : `first point that meets every target: ${answer.point} (${axes.map((a, i) => `${a.key}=${answer.values[i] ?? ''}`).join(', ')}; report.html)`;
}
