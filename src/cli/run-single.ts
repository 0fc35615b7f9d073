// `run` without replications: one run of a scenario into its results folder, its report drawn after it;
// with `warmup: auto` a pilot pass first, with `--checkpoint-at` checkpoint.pchat beside the results.
import { join } from 'node:path';
import { findWarmups, withWarmup, type FoundWarmup } from '../experiment/run/auto-warmup.js';
import { memberFile, writeCheckpoint } from '../experiment/run/checkpoint.js';
import { estimateRuns } from '../experiment/run/cost-estimate.js';
import { runGuard } from '../experiment/run/run-guard.js';
import { runScenario, type RunResult } from '../experiment/run/run-scenario.js';
import type { CheckpointRequest } from '../experiment/replications/replications.js';
import type { PendingInfo } from '../io/checkpoint/checkpoint-header.js';
import type { SimConfig } from '../model/config.js';
import type { Console2 } from './console.js';
import { reportWarmups } from './experiment-cli.js';
import { runProgressBar, type RunProgressHandle } from './progress.js';
import { writeStaged } from './staged-output.js';

/** What the single run needs of the command line. */
export interface SingleRunArgs {
  readonly out?: string | undefined;
  readonly force: boolean;
  readonly quiet: boolean;
  /** --yes: the cost was confirmed, so only memory stops the run (run-guard.ts). */
  readonly yes: boolean;
}

/** Runs `config` once and writes its results (and checkpoint) into the output folder. */
export async function runSingleCli(
  config: SimConfig,
  args: SingleRunArgs,
  io: Console2,
  checkpoint: CheckpointRequest | null,
): Promise<void> {
  const outDir = args.out ?? join('results', config.name);
  const progress = runProgressBar(args.quiet, io.progress, io.status);
  const { summary, run, notes, found } = await writeStaged(outDir, args.force, io, async (dir) => {
    // warmup: auto: a pilot pass of this one run (in this thread, paced) finds the warm-up first.
    const [found = null] = await findWarmups([config], 1, {
      workers: 1,
      where: 'warmup',
      confirmed: args.yes,
    });
    const resolved = found === null ? config : withWarmup(config, found.warmupS);
    const result = await runWithBar(resolved, dir, args.yes, progress, checkpoint);
    if (checkpoint !== null && result.pending !== undefined)
      await keepCheckpoint(dir, resolved, { request: checkpoint, found, pending: result.pending });
    // perf: the report's modules (vega) load after the run: loaded before it, their start-up garbage
    // grows V8's young generation to its largest for the whole run (bench/README.md, "Memory after
    // the run").
    const { writeRunReport } = await import('../io/report/write-report.js');
    await writeRunReport(resolved, dir, result.summary, { timeline: result.chartTimeline });
    return { ...result, found };
  });
  await reportWarmups([found], [config.name], io, args.quiet);
  if (args.quiet) return;
  for (const note of notes) io.err(note);
  const { textSummary } = await import('../io/text-summary.js');
  io.out(textSummary(summary));
  io.out(`wrote ${outDir}/ in ${run.wall_s} s (${run.events_per_s} events/s)`);
  io.out(`report: ${join(outDir, 'report.html')}`);
}

/** The run itself, guarded by its estimated cost, its bar taken off when it ends. */
async function runWithBar(
  config: SimConfig,
  dir: string,
  yes: boolean,
  progress: RunProgressHandle,
  checkpoint: CheckpointRequest | null,
): Promise<RunResult> {
  const member = memberFile(dir, 0);
  try {
    const cost = estimateRuns([config], 1, 'streamed');
    return await runScenario(config, dir, {
      guard: runGuard(cost, cost, yes),
      ...(progress.onTick ? { onTick: progress.onTick } : {}),
      ...(checkpoint === null ? {} : { checkpoint: { atS: checkpoint.atS, memberFile: member } }),
    });
  } finally {
    progress.stop();
  }
}

/** What checkpoint.pchat records of the run: the request, the warm-up found, the pending events. */
interface KeptCheckpoint {
  readonly request: CheckpointRequest;
  readonly found: FoundWarmup | null;
  readonly pending: PendingInfo;
}

/** Writes checkpoint.pchat; a warm-up found by auto is written into its scenario as a time. */
function keepCheckpoint(dir: string, config: SimConfig, k: KeptCheckpoint): Promise<void> {
  const { request, found } = k;
  return writeCheckpoint(
    dir,
    {
      config,
      atS: request.atS,
      scenarioFile: request.scenarioFile,
      scenario: found === null ? request.scenario : { ...request.scenario, warmup: found.warmupS },
      experiment: null,
    },
    [{ index: 0, seed: config.seed, pending: k.pending }],
  );
}
