// `pchat-sim sweep <scenario> --set key=values ...`: a grid over scenario keys, written to sweep.csv.
import type { Argv, CommandModule, Options } from 'yargs';
import type { Console2 } from '../console.js';
import {
  duration,
  experimentOptions,
  outputOptions,
  shardOption,
  text,
  withExamples,
  yesOption,
  type ArgsOf,
  type Examples,
} from '../options.js';

/** The sweep's own options: the grid, and the targets its report judges each point by. */
const SWEEP_OPTIONS = {
  set: {
    type: 'string',
    array: true,
    demandOption: true,
    describe:
      'key.path=v1,v2 or key.path=from..to:step, e.g. topology.pools[0].servers=3,4 (active servers; 4+2 = 4 active + 2 standby); users=40000..80000:10000 scales the load as plan --users does',
  },
  'max-blocking': {
    type: 'string',
    coerce: text('max-blocking'),
    describe: "target, as plan's: refused first sign-ins / first sign-ins, e.g. 0.1%",
  },
  'max-lost': {
    type: 'string',
    coerce: text('max-lost'),
    describe: "target, as plan's: users lost / users who wanted service, e.g. 1%",
  },
  'max-over-capacity': {
    type: 'string',
    coerce: duration('max-over-capacity'),
    describe: "target, as plan's: time any server spends above its supported capacity, e.g. 0s",
  },
} as const satisfies Record<string, Options>;

const SWEEP_EXAMPLES: Examples = [
  [
    '$0 sweep scenarios/default.yaml --set users=40000..80000:10000',
    'five user counts (users on, arrival rates and population scaled), 5 replications each',
  ],
  [
    '$0 sweep scenarios/n-minus-1-refused.yaml --set topology.pools[0].admissionLimitPerServer=20000,30000',
    'two admission limits',
  ],
  [
    '$0 sweep scenarios/n-minus-1-refused.yaml --set users=40000..80000:10000 --max-blocking 0.1% --out results/n-1-users',
    'report.html marks the first user count that meets the target',
  ],
];

const builder = (y: Argv) =>
  withExamples(
    yesOption(
      shardOption(experimentOptions(outputOptions(y, 'results/<name>-sweep'), 'per grid point, default 5')),
    )
      .positional('scenario', {
        type: 'string',
        describe: 'scenario file (YAML or JSON)',
        demandOption: true,
      })
      .options(SWEEP_OPTIONS),
    SWEEP_EXAMPLES,
  );

/** What the sweep's handler receives. */
export type SweepArgs = ArgsOf<typeof builder>;

/** The `sweep` command module. */
export function sweepCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, SweepArgs> {
  return {
    command: 'sweep <scenario>',
    describe:
      'Run every combination of --set values (R replications each) and write sweep.csv, chart-sweep.svg and report.html',
    builder,
    handler: async (args) => {
      const { sweepHandler } = await import('./sweep-handler.js');
      setCode(await sweepHandler(args, io));
    },
  };
}
