// `pchat-sim branch <checkpoint> [--set key=values ...]`: a checkpoint's world run on from its instant,
// as it was or with changed settings (a grid, compared with the unchanged continuation).
import type { Argv, CommandModule, Options } from 'yargs';
import type { Console2 } from '../console.js';
import {
  outputOptions,
  seconds,
  warmupValue,
  whole,
  withExamples,
  yesOption,
  type ArgsOf,
  type Examples,
} from '../options.js';

/** The branch's own options: what changes from the instant, and how its runs are taken. */
const BRANCH_OPTIONS = {
  set: {
    type: 'string',
    array: true,
    describe:
      'key.path=v1,v2 as for sweep: what acts after the checkpoint (failover, retry, admission and sign-in limits, arrivals, faults and actions after it; faults[i]=none removes one)',
  },
  'checkpoint-at': {
    type: 'string',
    describe: 'also write checkpoint.pchat in each result folder at this later instant',
    coerce: seconds('checkpoint-at'),
  },
  warmup: {
    type: 'string',
    describe:
      'warm-up of every run of the branch, base included: a time after the checkpoint, or auto (MSER-5 on a pilot pass of the continuation)',
    coerce: warmupValue('warmup'),
  },
  workers: {
    type: 'string',
    describe: 'worker threads for a replicated checkpoint (default and most: the cores of this machine)',
    coerce: whole('workers', 1, 1024),
  },
} as const satisfies Record<string, Options>;

const BRANCH_EXAMPLES: Examples = [
  ['$0 branch results/standby-promotion/checkpoint.pchat', 'the rest of the run, as the straight run'],
  [
    '$0 branch results/standby-promotion/checkpoint.pchat --set failover.promoteStandbyAfter=5m,15m,30m --out results/promotion-branches',
    'three reaction times from the same state, compared with the unchanged continuation',
  ],
];

const builder = (y: Argv) =>
  withExamples(
    yesOption(outputOptions(y, 'results/<name>-branch'))
      .positional('checkpoint', {
        type: 'string',
        demandOption: true,
        describe: 'checkpoint.pchat written by run --checkpoint-at',
      })
      .options(BRANCH_OPTIONS),
    BRANCH_EXAMPLES,
  );

/** What the branch's handler receives. */
export type BranchArgs = ArgsOf<typeof builder>;

/** The `branch` command module. */
export function branchCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, BranchArgs> {
  return {
    command: 'branch <checkpoint>',
    describe: 'Run a checkpoint on from its instant, as it was or with changed settings compared',
    builder,
    handler: async (args) => {
      const { branchHandler } = await import('./branch-handler.js');
      setCode(await branchHandler(args, io));
    },
  };
}
