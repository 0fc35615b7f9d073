// `pchat-sim plan <scenario> --users N --max-blocking 0.1% [--n-minus 1]`: the capacity answer with
// its evidence and reasoning, printed and written to plan.txt, plan.csv and report.html.
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import type { PlanOptions } from '../../experiment/plan/plan-evaluator.js';
import type { Console2 } from '../console.js';
import {
  duration,
  experimentOptions,
  outputOptions,
  text,
  whole,
  yesOption,
  type ArgsOf,
} from '../options.js';

/**
 * `0.1%` → 0.001. A bare number is refused: `0.1` could mean 0.1% or 10%, and a target read the other
 * way would pass or fail a plan a hundredfold off. @throws UsageError unless a percentage from 0% to 100%.
 */
export function parseFraction(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  if (m !== null && m[2] === '')
    throw new UsageError(`--${option}: a percentage needs its % sign: write 0.1% or 10%; received "${text}"`);
  const v = m === null ? NaN : Number(m[1]) / 100;
  if (!(v >= 0 && v <= 1))
    throw new UsageError(`--${option}: expected a percentage from 0% to 100%, like 0.1%; received "${text}"`);
  return v;
}

/** Why plan refuses `warmup: auto`. */
const PLAN_NO_AUTO =
  'plan judges the window after the failure it makes, not a steady state, so a warm-up found by auto is refused: give a duration (e.g. 1h) or none';

/** Checks every plan option. @throws UsageError naming the option, the rule and the value. */
async function planOptions(args: ArgumentsCamelCase<PlanArgs>): Promise<PlanOptions> {
  const { experimentSettings } = await import('../experiment-cli.js');
  const { parseDuration } = await import('../../scenario/duration.js');
  const settings = await experimentSettings(args, 5);
  if (settings.warmupS === 'auto') throw new UsageError(`--warmup: ${PLAN_NO_AUTO}; received auto`);
  const seconds = (option: string, v: string | number | undefined, like: string): number | null => {
    if (v === undefined) return null;
    const d = parseDuration(v);
    if (d === undefined)
      throw new UsageError(`--${option}: expected a duration like ${like}; received "${String(v)}"`);
    return d;
  };
  const failAt = seconds('fail-at', args.failAt, '1h');
  const overS = seconds('max-over-capacity', args.maxOverCapacity, '0s or 10m') ?? 0;
  const windowS = seconds('window', args.window, '4h');
  if (windowS === 0)
    throw new UsageError(`--window: expected a duration above 0 like 4h; received "${String(args.window)}"`);
  return {
    users: args.users ?? null,
    maxBlocking: parseFraction('max-blocking', args.maxBlocking),
    maxLost: parseFraction('max-lost', args.maxLost),
    maxOverCapacityS: overS,
    maxRehomeS: seconds('max-rehome', args.maxRehome, '30m'),
    windowS,
    settleS: seconds('settle', args.settle, '15m'),
    restoreAfterS: seconds('restore-after', args.restoreAfter, '2h'),
    nMinus: args.nMinus,
    failAtS: failAt,
    warmupS: settings.warmupS,
    replications: settings.replications,
    maxReplications: Math.max(settings.replications, args.maxReplications),
    workers: settings.workers,
    resolution: args.resolution ?? null,
  };
}

const builder = (y: Argv) =>
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
    .option('users', {
      type: 'string',
      coerce: whole('users', 1, 100_000_000),
      describe: 'users to size for (all pools); without it only the largest user count is found',
    })
    .option('max-blocking', {
      type: 'string',
      default: '0.1%',
      coerce: text('max-blocking'),
      describe: 'target: refused first sign-ins / first sign-ins',
    })
    .option('max-replications', {
      type: 'string',
      default: 50,
      coerce: whole('max-replications', 1, 100_000),
      describe: 'at most this many per scenario; still undecided then counts as a miss',
    })
    .option('max-lost', {
      type: 'string',
      default: '0.1%',
      coerce: text('max-lost'),
      describe:
        'target: affected users who gave up or were not back by the window’s end / affected users who still wanted service',
    })
    .option('max-over-capacity', {
      type: 'string',
      default: '0s',
      coerce: duration('max-over-capacity'),
      describe:
        'target: time the worst server spends above its supported capacity (20,000), from the failure to the run’s end',
    })
    .option('max-rehome', {
      type: 'string',
      coerce: duration('max-rehome'),
      describe: 'target: 95% of the affected users back within this (default: reported, not judged)',
    })
    .option('window', {
      type: 'string',
      coerce: duration('window'),
      describe:
        "the failure window ends when everyone affected is back, at most this long after the failure (default: the scenario's outageWindow.max, 4h)",
    })
    .option('settle', {
      type: 'string',
      coerce: duration('settle'),
      describe:
        "added to the failure window once everyone is back (default: the scenario's outageWindow.settle, one retry.maxDelay: 15m)",
    })
    .option('restore-after', {
      type: 'string',
      coerce: duration('restore-after'),
      describe:
        'restore the failed servers this long after the failure, active again and taking the users above capacity (default: never)',
    })
    .option('n-minus', {
      type: 'string',
      default: 1,
      coerce: whole('n-minus', 0, 8),
      describe: 'active servers failed at peak (1 = N-1)',
    })
    .option('fail-at', {
      type: 'string',
      coerce: duration('fail-at'),
      describe: "when they fail (default: the scenario's first server failure, else the peak)",
    })
    .option('resolution', {
      type: 'string',
      coerce: whole('resolution', 1, 100_000_000),
      describe: 'users step of the largest-user-count search',
    })
    .example(
      '$0 plan scenarios/n-minus-1-refused.yaml --users 60000',
      'servers for 60,000 users with one down',
    )
    .example(
      '$0 plan scenarios/n-minus-1-refused.yaml --users 80000 --max-blocking 1% --n-minus 2 --out results/plan-n-2',
      'with two down and up to 1% of first sign-ins refused',
    )
    .example(
      '$0 plan scenarios/n-minus-1-refused.yaml --out results/plan-most',
      "the most users the template's servers carry",
    );

type PlanArgs = ArgsOf<typeof builder>;

/** The `plan` command module. */
export function planCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, PlanArgs> {
  return {
    command: 'plan <scenario>',
    describe:
      'Smallest server counts that meet blocking and over-capacity targets with N servers failed, and the most users a topology carries',
    builder,
    handler: async (args) => {
      const options = await planOptions(args);
      const { readScenarioData } = await import('../../experiment/run/scenario-data.js');
      const { planCapacity } = await import('../../experiment/plan/plan.js');
      const { writePlan } = await import('../../experiment/plan/plan-text.js');
      const { writeStaged } = await import('../staged-output.js');
      const { progressBar } = await import('../progress.js');
      const { config, data } = await readScenarioData(args.scenario);
      if (config.warmupAuto && options.warmupS === null)
        throw new UsageError(`${args.scenario}: warmup: ${PLAN_NO_AUTO}; received auto`);
      if (config.workload.initialConnected === 0) {
        throw new UsageError(
          `${args.scenario}: plan scales the workload from workload.initialConnected, the users at t = 0; received 0`,
        );
      }
      if (options.users !== null) {
        const { checkPlanUsers } = await import('../../experiment/plan/plan-variant.js');
        checkPlanUsers(config, options.users);
      }
      const { refusePlanCost } = await import('../../experiment/plan/plan-cost.js');
      refusePlanCost({ file: args.scenario, data, config }, options, args.yes);
      const outDir = args.out ?? join('results', `${config.name}-plan`);
      const progress = progressBar('runs', args.quiet, io.progress, io.status);
      const text = await writeStaged(outDir, args.force, io, async (dir) => {
        try {
          const result = await planCapacity(
            { file: args.scenario, data, config },
            { ...options, onProgress: progress.onProgress },
          );
          return await writePlan(result, args.scenario, dir);
        } finally {
          progress.stop();
        }
      });
      setCode(0);
      if (args.quiet) return;
      io.out(text);
      io.out(`wrote ${outDir}/plan.txt, plan.csv and report.html`);
    },
  };
}
