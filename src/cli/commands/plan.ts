// `pchat-sim plan <scenario> --users N --max-blocking 0.1% [--n-minus 1]`: the capacity answer with
// its evidence and reasoning, printed and written to plan.txt, plan.csv and report.html.
import type { Argv, CommandModule, Options } from 'yargs';
import type { Console2 } from '../console.js';
import {
  duration,
  experimentOptions,
  outputOptions,
  text,
  whole,
  withExamples,
  yesOption,
  type ArgsOf,
  type Examples,
} from '../options.js';

/** The plan's own options: what to size for, the targets, the failure it makes and the search. */
const PLAN_OPTIONS = {
  users: {
    type: 'string',
    coerce: whole('users', 1, 100_000_000),
    describe: 'users to size for (all pools); without it only the largest user count is found',
  },
  'max-blocking': {
    type: 'string',
    default: '0.1%',
    coerce: text('max-blocking'),
    describe: 'target: refused first sign-ins / first sign-ins',
  },
  'max-replications': {
    type: 'string',
    default: 50,
    coerce: whole('max-replications', 1, 100_000),
    describe: 'at most this many per scenario; still undecided then counts as a miss',
  },
  'max-lost': {
    type: 'string',
    default: '0.1%',
    coerce: text('max-lost'),
    describe:
      'target: affected users who gave up or were not back by the window’s end / affected users who still wanted service',
  },
  'max-over-capacity': {
    type: 'string',
    default: '0s',
    coerce: duration('max-over-capacity'),
    describe:
      'target: time the worst server spends above its supported capacity (20,000), from the warm-up’s end to the run’s end',
  },
  'max-rehome': {
    type: 'string',
    coerce: duration('max-rehome'),
    describe: 'target: 95% of the affected users back within this (default: reported, not judged)',
  },
  window: {
    type: 'string',
    coerce: duration('window'),
    describe:
      "an outage's window: from its start until every affected user who still wants service is back, gave up or left, at most this long after it; every outage that began after the warm-up (the failure's, a forced drain's, a --restore-after rebalancing's) is judged over its own (default: the scenario's outageWindow.max, 4h)",
  },
  settle: {
    type: 'string',
    coerce: duration('settle'),
    describe:
      "added to each outage's window to settle, after every affected user who still wants service is back, gave up or left, or after the --window most (default: the scenario's outageWindow.settle, one retry.maxDelay: 15m)",
  },
  'restore-after': {
    type: 'string',
    coerce: duration('restore-after'),
    describe:
      'restore the failed servers this long after the failure, active again and taking the users above capacity (default: never)',
  },
  'n-minus': {
    type: 'string',
    default: 1,
    coerce: whole('n-minus', 0, 8),
    describe: 'active servers failed at peak (1 = N-1)',
  },
  'fail-at': {
    type: 'string',
    coerce: duration('fail-at'),
    describe:
      "when they fail, at or after the warm-up (default: the scenario's first server failure, else the peak; one inside the warm-up moves to its end)",
  },
  resolution: {
    type: 'string',
    coerce: whole('resolution', 1, 100_000_000),
    describe: 'users step of the largest-user-count search',
  },
} as const satisfies Record<string, Options>;

const PLAN_EXAMPLES: Examples = [
  ['$0 plan scenarios/n-minus-1-refused.yaml --users 60000', 'servers for 60,000 users with one down'],
  [
    '$0 plan scenarios/n-minus-1-refused.yaml --users 80000 --max-blocking 1% --n-minus 2 --out results/plan-n-2',
    'with two down and up to 1% of first sign-ins refused',
  ],
  [
    '$0 plan scenarios/n-minus-1-refused.yaml --out results/plan-most',
    "the most users the template's servers carry",
  ],
];

const builder = (y: Argv) =>
  withExamples(
    yesOption(
      experimentOptions(
        outputOptions(y, 'results/<name>-plan'),
        'each evaluated scenario starts with, default 5',
      ),
    )
      .positional('scenario', {
        type: 'string',
        demandOption: true,
        describe: 'template scenario: its workload, timing and failover settings',
      })
      .options(PLAN_OPTIONS),
    PLAN_EXAMPLES,
  );

/** What the plan's handler receives. */
export type PlanArgs = ArgsOf<typeof builder>;

/** The `plan` command module. */
export function planCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, PlanArgs> {
  return {
    command: 'plan <scenario>',
    describe:
      'Smallest server counts that meet blocking and over-capacity targets with N servers failed, and the most users a topology carries',
    builder,
    handler: async (args) => {
      const { planHandler } = await import('./plan-handler.js');
      setCode(await planHandler(args, io));
    },
  };
}
