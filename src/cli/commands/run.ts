// `pchat-sim run [scenario]`: one run of a scenario, written to results/<name>/ (or --out).
import type { Argv, CommandModule, Options } from 'yargs';
import type { Console2 } from '../console.js';
import {
  duration,
  experimentOptions,
  outputOptions,
  seconds,
  seedOption,
  shardOption,
  withExamples,
  yesOption,
  type ArgsOf,
  type Examples,
} from '../options.js';

/** The run's own options: its length, and the checkpoint to keep. */
const RUN_OPTIONS = {
  duration: {
    type: 'string',
    describe: 'override the duration: seconds, or e.g. 2h',
    coerce: duration('duration'),
  },
  'checkpoint-at': {
    type: 'string',
    describe:
      'also write checkpoint.pchat: the world once every event at or before this time has fired (branch it later)',
    coerce: seconds('checkpoint-at'),
  },
} as const satisfies Record<string, Options>;

const RUN_EXAMPLES: Examples = [
  ['$0 run', 'the built-in default scenario, into results/default/'],
  [
    '$0 run scenarios/n-minus-1-absorbed.yaml --duration 8h',
    "one run of a shipped scenario, 8 hours long like the default's, so compare measures both over one window",
  ],
  [
    '$0 run scenarios/site-dr-failback.yaml --warmup 02:00 --out results/dr-from-2h',
    'every figure taken from 02:00 of the run on (a clock time; 2h is the same)',
  ],
  [
    '$0 run scenarios/default.yaml --replications 16 --out results/default-16',
    '16 replications: every figure with its 95% interval',
  ],
  [
    '$0 run scenarios/stretched-2-2.yaml --replications 16 --seed 7 --out results/stretched-16',
    "another layout with default.yaml's seed, so compare pairs the replications",
  ],
  [
    '$0 run scenarios/default.yaml --replications 64 --shard 0/2',
    'one shard of two (on any machine) into results/default-shard-0-of-2/',
  ],
  ['$0 run scenarios/default.yaml --replications 64 --shard 1/2', 'the other shard; merge both'],
  [
    '$0 run scenarios/standby-promotion.yaml --checkpoint-at 1h10s',
    'the run, and checkpoint.pchat to branch from 1h10s with pchat-sim branch',
  ],
];

const builder = (y: Argv) =>
  withExamples(
    yesOption(
      seedOption(
        shardOption(experimentOptions(outputOptions(y, 'results/<name>'), 'default: one plain run')),
      ),
    )
      .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON)' })
      .options(RUN_OPTIONS),
    RUN_EXAMPLES,
  );

/** What the run's handler receives. */
export type RunArgs = ArgsOf<typeof builder>;

/** The `run` command module. */
export function runCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, RunArgs> {
  return {
    command: 'run [scenario]',
    describe: 'Run a scenario (default: the built-in stretched-pool scenario) and write its results',
    builder,
    handler: async (args) => {
      const { runHandler } = await import('./run-handler.js');
      setCode(await runHandler(args, io));
    },
  };
}
