// `pchat-sim run [scenario]`: one run of a scenario, written to results/<name>/ (or --out).
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { DEFAULT_SCENARIO } from '../paths.js';
import {
  duration,
  experimentOptions,
  outputOptions,
  seedOption,
  shardOption,
  yesOption,
  type ArgsOf,
} from '../options.js';

const builder = (y: Argv) =>
  yesOption(
    seedOption(shardOption(experimentOptions(outputOptions(y, 'results/<name>'), 'default: one plain run'))),
  )
    .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON)' })
    .option('duration', {
      type: 'string',
      describe: 'override the duration: seconds, or e.g. 2h',
      coerce: duration('duration'),
    })
    .example('$0 run', 'the built-in default scenario, into results/default/')
    .example(
      '$0 run scenarios/n-minus-1-absorbed.yaml --duration 8h',
      "one run of a shipped scenario, 8 hours long like the default's, so compare measures both over one window",
    )
    .example(
      '$0 run scenarios/site-dr-failback.yaml --warmup 02:00 --out results/dr-from-2h',
      'every figure taken from 02:00 of the run on (a clock time; 2h is the same)',
    )
    .example(
      '$0 run scenarios/default.yaml --replications 16 --out results/default-16',
      '16 replications: every figure with its 95% interval',
    )
    .example(
      '$0 run scenarios/stretched-2-2.yaml --replications 16 --seed 7 --out results/stretched-16',
      "another layout with default.yaml's seed, so compare pairs the replications",
    )
    .example(
      '$0 run scenarios/default.yaml --replications 64 --shard 0/2',
      'one shard of two (on any machine) into results/default-shard-0-of-2/',
    )
    .example('$0 run scenarios/default.yaml --replications 64 --shard 1/2', 'the other shard; merge both');

type RunArgs = ArgsOf<typeof builder>;

export function runCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, RunArgs> {
  return {
    command: 'run [scenario]',
    describe: 'Run a scenario (default: the built-in stretched-pool scenario) and write its results',
    builder,
    handler: async (args) => {
      const { loadScenario } = await import('../../scenario/load.js');
      const { runScenario } = await import('../../experiment/run/run-scenario.js');
      const { textSummary } = await import('../../io/text-summary.js');
      const file = args.scenario ?? DEFAULT_SCENARIO;
      const overrides: Record<string, unknown> = {};
      if (args.seed !== undefined) overrides['seed'] = args.seed;
      if (args.duration !== undefined) overrides['duration'] = args.duration;
      if (args.warmup !== undefined) overrides['warmup'] = args.warmup;
      const config = await loadScenario(file, overrides);
      const { checkAutoWarmup, reportWarmups } = await import('../experiment-cli.js');
      await checkAutoWarmup([config], file, args.warmup);
      const replicated = args.replications !== undefined || args.shard !== undefined;
      const { refuseCostly } = await import('../../experiment/run/cost-estimate.js');
      const n = replicated ? (args.replications ?? 1) : 1;
      refuseCostly([config], n, file, args.yes, replicated ? 'kept' : 'streamed');
      if (replicated) {
        const { runReplicationsCli } = await import('../experiment-cli.js');
        await runReplicationsCli(config, args, io);
        setCode(0);
        return;
      }
      const outDir = args.out ?? join('results', config.name);
      const { writeStaged } = await import('../staged-output.js');
      const { runProgressBar } = await import('../progress.js');
      const progress = runProgressBar(args.quiet, io.progress, io.status);
      const { findWarmups, withWarmup } = await import('../../experiment/run/auto-warmup.js');
      const { summary, run, found } = await writeStaged(outDir, args.force, io, async (dir) => {
        let result;
        // warmup: auto: a pilot pass of this one run (in this thread, paced) finds the warm-up first.
        const [found = null] = await findWarmups([config], 1, { workers: 1, where: 'warmup' });
        const resolved = found === null ? config : withWarmup(config, found.warmupS);
        try {
          const { estimateRuns } = await import('../../experiment/run/cost-estimate.js');
          const { runGuard } = await import('../../experiment/run/run-guard.js');
          const cost = estimateRuns([resolved], 1, 'streamed');
          const guard = runGuard(cost, cost, args.yes);
          result = await runScenario(resolved, dir, {
            guard,
            ...(progress.onTick ? { onTick: progress.onTick } : {}),
          });
        } finally {
          progress.stop();
        }
        // perf: the report's modules (vega) load after the run: loaded before it, their start-up garbage
        // grows V8's young generation to its largest for the whole run (bench/README.md, "Memory after
        // the run").
        const { writeRunReport } = await import('../../io/report/write-report.js');
        await writeRunReport(resolved, dir, result.summary);
        return { ...result, found };
      });
      await reportWarmups([found], [config.name], io, args.quiet);
      if (!args.quiet) {
        io.out(textSummary(summary));
        io.out(`wrote ${outDir}/ in ${run.wall_s} s (${run.events_per_s} events/s)`);
        io.out(`report: ${join(outDir, 'report.html')}`);
      }
      setCode(0);
    },
  };
}
