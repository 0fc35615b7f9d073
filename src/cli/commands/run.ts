// `pchat-sim run [scenario]`: one run of a scenario, written to results/<name>/ (or --out).
import type { Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { DEFAULT_SCENARIO } from '../paths.js';
import {
  duration,
  experimentOptions,
  outputOptions,
  seconds,
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
    .option('checkpoint-at', {
      type: 'string',
      describe:
        'also write checkpoint.pchat: the world once every event at or before this time has fired (branch it later)',
      coerce: seconds('checkpoint-at'),
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
    .example('$0 run scenarios/default.yaml --replications 64 --shard 1/2', 'the other shard; merge both')
    .example(
      '$0 run scenarios/standby-promotion.yaml --checkpoint-at 1h10s',
      'the run, and checkpoint.pchat to branch from 1h10s with pchat-sim branch',
    );

type RunArgs = ArgsOf<typeof builder>;

export function runCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, RunArgs> {
  return {
    command: 'run [scenario]',
    describe: 'Run a scenario (default: the built-in stretched-pool scenario) and write its results',
    builder,
    handler: async (args) => {
      const { readScenario } = await import('../../scenario/load.js');
      const file = args.scenario ?? DEFAULT_SCENARIO;
      const overrides: Record<string, unknown> = {};
      if (args.seed !== undefined) overrides['seed'] = args.seed;
      if (args.duration !== undefined) overrides['duration'] = args.duration;
      if (args.warmup !== undefined) overrides['warmup'] = args.warmup;
      const { config, data } = await readScenario(file, overrides);
      const { checkAutoWarmup, checkpointRequest } = await import('../experiment-cli.js');
      await checkAutoWarmup([config], file, args.warmup);
      const checkpoint = checkpointRequest(args, config, file, data);
      const replicated = args.replications !== undefined || args.shard !== undefined;
      const { refuseCostly } = await import('../../experiment/run/cost-estimate.js');
      const n = replicated ? (args.replications ?? 1) : 1;
      refuseCostly([config], n, file, args.yes, replicated ? 'kept' : 'streamed');
      if (replicated) {
        const { runReplicationsCli } = await import('../experiment-cli.js');
        await runReplicationsCli(config, args, io, checkpoint);
        setCode(0);
        return;
      }
      const { runSingleCli } = await import('../run-single.js');
      await runSingleCli(config, args, io, checkpoint);
      setCode(0);
    },
  };
}
