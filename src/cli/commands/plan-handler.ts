// The `plan` command's work: every option read and checked once, the template checked and the plan
// searched by the experiment layer into a staged results folder, then the answer printed.
import { join } from 'node:path';
import type { ArgumentsCamelCase } from 'yargs';
import { UsageError } from '../../errors.js';
import type { PlanOptions } from '../../experiment/plan/plan-evaluator.js';
import { writePlan } from '../../experiment/plan/plan-text.js';
import { planCapacity } from '../../experiment/plan/plan.js';
import { PLAN_NO_AUTO, preparePlan } from '../../experiment/plan/prepare-plan.js';
import { parseDuration } from '../../scenario/duration.js';
import type { Console2 } from '../console.js';
import { experimentSettings } from '../experiment-cli.js';
import { parseFraction } from '../options.js';
import { progressBar } from '../progress.js';
import { writeStaged } from '../staged-output.js';
import type { PlanArgs } from './plan.js';

type Args = ArgumentsCamelCase<PlanArgs>;

/** Runs `pchat-sim plan`. @returns the exit code. @throws UsageError, ScenarioError */
export async function planHandler(args: Args, io: Console2): Promise<number> {
  const options = await planOptions(args);
  const template = await preparePlan(args.scenario, options, args.yes);
  const outDir = args.out ?? join('results', `${template.config.name}-plan`);
  const progress = progressBar('runs', args.quiet, io.progress, io.status);
  const text = await writeStaged(outDir, args.force, io, async (dir) => {
    try {
      const result = await planCapacity(template, { ...options, onProgress: progress.onProgress });
      return await writePlan(result, args.scenario, dir);
    } finally {
      progress.stop();
    }
  });
  if (args.quiet) return 0;
  io.out(text);
  io.out(`wrote ${outDir}/plan.txt, plan.csv and report.html`);
  return 0;
}

/** Checks every plan option. @throws UsageError naming the option, the rule and the value. */
async function planOptions(args: Args): Promise<PlanOptions> {
  const settings = await experimentSettings(args, 5);
  if (settings.warmupS === 'auto') throw new UsageError(`--warmup: ${PLAN_NO_AUTO}; received auto`);
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

/** A duration option in seconds, or null without it. @throws UsageError naming the option. */
function seconds(option: string, v: string | number | undefined, like: string): number | null {
  if (v === undefined) return null;
  const d = parseDuration(v);
  if (d === undefined)
    throw new UsageError(`--${option}: expected a duration like ${like}; received "${String(v)}"`);
  return d;
}
