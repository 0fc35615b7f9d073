// `pchat-sim plan <scenario> --users N --max-blocking 0.1% [--n-minus 1]`: the capacity answer with
// its evidence and reasoning, printed and written to plan.txt and plan.csv.
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import type { PlanOptions } from '../../experiment/plan-evaluator.js';
import type { Console2 } from '../console.js';
import { addExperimentOptions, type ExperimentArgs } from '../experiment-cli.js';

interface PlanArgs extends ExperimentArgs {
  scenario: string;
  users?: number;
  maxBlocking: string;
  maxOverCapacity: string;
  nMinus: number;
  failAt?: string;
  resolution?: number;
  force: boolean;
}

/** `0.1%` or `0.001` → 0.001. @throws UsageError unless a fraction in [0, 1]. */
export function parseFraction(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const v = m === null ? NaN : Number(m[1]) / (m[2] === '%' ? 100 : 1);
  if (!(v >= 0 && v <= 1))
    throw new UsageError(
      `--${option}: expected a fraction from 0 to 1 or a percentage like 0.1%; received "${text}"`,
    );
  return v;
}

function wholeNumber(option: string, v: number | undefined, min: number, max: number): number | undefined {
  if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max))
    throw new UsageError(`--${option}: expected an integer from ${min} to ${max}; received ${String(v)}`);
  return v;
}

/** Checks every plan option. @throws UsageError naming the option, the rule and the value. */
async function planOptions(args: PlanArgs): Promise<PlanOptions> {
  const { experimentSettings } = await import('../experiment-cli.js');
  const { parseDuration } = await import('../../scenario/duration.js');
  const settings = await experimentSettings(args, 3);
  const failAt = args.failAt === undefined ? null : parseDuration(args.failAt);
  const overS = parseDuration(args.maxOverCapacity);
  if (failAt === undefined)
    throw new UsageError(`--fail-at: expected a duration like 1h; received "${String(args.failAt)}"`);
  if (overS === undefined)
    throw new UsageError(
      `--max-over-capacity: expected a duration like 0s or 10m; received "${args.maxOverCapacity}"`,
    );
  return {
    users: wholeNumber('users', args.users, 1, 100_000_000) ?? null,
    maxBlocking: parseFraction('max-blocking', args.maxBlocking),
    maxOverCapacityS: overS,
    nMinus: wholeNumber('n-minus', args.nMinus, 0, 8) ?? 1,
    failAtS: failAt,
    replications: settings.replications,
    workers: settings.workers,
    resolution: wholeNumber('resolution', args.resolution, 1, 100_000_000) ?? null,
  };
}

/** The `plan` command module. */
export function planCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, PlanArgs> {
  return {
    command: 'plan <scenario>',
    describe:
      'Smallest server counts that meet blocking and over-capacity targets with N servers failed, and the most users a topology carries',
    builder: (y) =>
      addExperimentOptions(y, 'per evaluated scenario, default 3', false)
        .positional('scenario', {
          type: 'string',
          demandOption: true,
          describe: 'template scenario: its workload, timing and failover settings',
        })
        .option('users', {
          type: 'number',
          describe: 'users to size for (all pools); without it only the largest user count is found',
        })
        .option('max-blocking', {
          type: 'string',
          default: '0.1%',
          describe: 'target: refused first sign-ins / first sign-ins',
        })
        .option('max-over-capacity', {
          type: 'string',
          default: '0s',
          describe: 'target: time any server spends above its supported capacity (20,000)',
        })
        .option('n-minus', {
          type: 'number',
          default: 1,
          describe: 'active servers failed at peak (1 = N-1)',
        })
        .option('fail-at', {
          type: 'string',
          describe: "when they fail (default: the scenario's first server failure, else the peak)",
        })
        .option('resolution', { type: 'number', describe: 'users step of the largest-user-count search' })
        .option('out', { type: 'string', describe: 'output folder (default: results/<name>-plan)' })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'replace an existing results folder (only one pchat-sim wrote)',
        })
        .option('quiet', { type: 'boolean', default: false, describe: 'print nothing on success' }) as never,
    handler: async (args) => {
      const options = await planOptions(args);
      const { readScenarioData } = await import('../../experiment/scenario-data.js');
      const { planCapacity } = await import('../../experiment/plan.js');
      const { writePlan } = await import('../../experiment/plan-text.js');
      const { writeStaged } = await import('../staged-output.js');
      const { progressBar } = await import('../progress.js');
      const { config, data } = readScenarioData(args.scenario);
      if (config.workload.initialConnected === 0) {
        throw new UsageError(
          `${args.scenario}: plan scales the workload from workload.initialConnected, the users at t = 0; received 0`,
        );
      }
      const { experimentOutDir } = await import('../experiment-cli.js');
      const outDir = experimentOutDir(args, `${config.name}-plan`, {
        ...options,
        shard: null,
        warmupS: null,
      });
      const progress = progressBar('runs', args.quiet);
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
      io.out(`wrote ${outDir}/plan.txt and plan.csv`);
    },
  };
}
