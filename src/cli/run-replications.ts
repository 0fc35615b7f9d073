// `run --replications N [--workers W] [--shard i/n] [--warmup T] [--checkpoint-at T]`: the replications
// run into a staged results folder, the report drawn after them, then their short report.
import { experimentText } from '../experiment/replications/experiment-text.js';
import {
  runReplications,
  type CheckpointRequest,
  type ExperimentReport,
} from '../experiment/replications/replications.js';
import { checkShardTasks } from '../experiment/shards/check-shard-tasks.js';
import type { SimConfig } from '../model/config.js';
import type { Console2 } from './console.js';
import {
  experimentOutDir,
  experimentSettings,
  reportWarmups,
  threadNote,
  type ExperimentArgs,
  type ExperimentSettings,
} from './experiment-cli.js';
import { progressBar } from './progress.js';
import { writeStaged } from './staged-output.js';

/** Runs the replications of `config` and says what they found. @throws UsageError */
export async function runReplicationsCli(
  config: SimConfig,
  args: ExperimentArgs,
  io: Console2,
  checkpoint: CheckpointRequest | null = null,
): Promise<void> {
  const settings = await experimentSettings(args, 1);
  checkShardTasks(settings.shard, settings.replications);
  const outDir = experimentOutDir(args, config.name, settings);
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
  if (!args.quiet) sayReport(report, settings, outDir, io);
}

/** The terminal's lines: a thread note, the replicated figures, what was written. */
function sayReport(
  report: ExperimentReport,
  settings: ExperimentSettings,
  outDir: string,
  io: Console2,
): void {
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
