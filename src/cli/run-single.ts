// `run` without replications: one run of a scenario into its results folder, its report drawn after it;
// with `warmup: auto` a pilot pass first, with `--checkpoint-at` checkpoint.pchat beside the results.
import { join } from 'node:path';
import type { CheckpointRequest } from '../experiment/replications/replications.js';
import type { SimConfig } from '../model/config.js';
import type { Console2 } from './console.js';

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
  const { runScenario } = await import('../experiment/run/run-scenario.js');
  const { findWarmups, withWarmup } = await import('../experiment/run/auto-warmup.js');
  const { memberFile, writeCheckpoint } = await import('../experiment/run/checkpoint.js');
  const { writeStaged } = await import('./staged-output.js');
  const { runProgressBar } = await import('./progress.js');
  const { reportWarmups } = await import('./experiment-cli.js');
  const outDir = args.out ?? join('results', config.name);
  const progress = runProgressBar(args.quiet, io.progress, io.status);
  const { summary, run, found } = await writeStaged(outDir, args.force, io, async (dir) => {
    let result;
    // warmup: auto: a pilot pass of this one run (in this thread, paced) finds the warm-up first.
    const [found = null] = await findWarmups([config], 1, { workers: 1, where: 'warmup' });
    const resolved = found === null ? config : withWarmup(config, found.warmupS);
    const member = memberFile(dir, 0);
    try {
      const { estimateRuns } = await import('../experiment/run/cost-estimate.js');
      const { runGuard } = await import('../experiment/run/run-guard.js');
      const cost = estimateRuns([resolved], 1, 'streamed');
      result = await runScenario(resolved, dir, {
        guard: runGuard(cost, cost, args.yes),
        ...(progress.onTick ? { onTick: progress.onTick } : {}),
        ...(checkpoint === null ? {} : { checkpoint: { atS: checkpoint.atS, memberFile: member } }),
      });
    } finally {
      progress.stop();
    }
    if (checkpoint !== null && result.pending !== undefined)
      await writeCheckpoint(
        dir,
        {
          config: resolved,
          atS: checkpoint.atS,
          scenarioFile: checkpoint.scenarioFile,
          scenario: found === null ? checkpoint.scenario : { ...checkpoint.scenario, warmup: found.warmupS },
          experiment: null,
        },
        [{ index: 0, seed: resolved.seed, pending: result.pending }],
      );
    // perf: the report's modules (vega) load after the run: loaded before it, their start-up garbage
    // grows V8's young generation to its largest for the whole run (bench/README.md, "Memory after
    // the run").
    const { writeRunReport } = await import('../io/report/write-report.js');
    await writeRunReport(resolved, dir, result.summary);
    return { ...result, found };
  });
  await reportWarmups([found], [config.name], io, args.quiet);
  if (args.quiet) return;
  const { textSummary } = await import('../io/text-summary.js');
  io.out(textSummary(summary));
  io.out(`wrote ${outDir}/ in ${run.wall_s} s (${run.events_per_s} events/s)`);
  io.out(`report: ${join(outDir, 'report.html')}`);
}
