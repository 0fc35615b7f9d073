// What `plan` checks before anything runs: a template it can scale, the users asked for, a failure
// after the warm-up, and the up-front cost of the search.
import { UsageError } from '../../errors.js';
import { readScenarioData } from '../run/scenario-data.js';
import { refusePlanCost } from './plan-cost.js';
import type { PlanOptions } from './plan-evaluator.js';
import { scheduledFailTime } from './plan-fail-time.js';
import { checkPlanUsers, planWarmupS, type PlanTemplate } from './plan-variant.js';

/** Why plan refuses `warmup: auto`. */
export const PLAN_NO_AUTO =
  'plan judges the window after the failure it makes, not a steady state, so a warm-up found by auto is refused: give a duration (e.g. 1h) or none';

/**
 * Reads and checks the template `file` for a plan with `options`; `yes` (--yes) passes the up-front
 * cost check and stays with the template for the runtime guard of its runs. @throws ScenarioError, UsageError
 */
export async function preparePlan(file: string, options: PlanOptions, yes: boolean): Promise<PlanTemplate> {
  const { config, data } = await readScenarioData(file);
  if (config.warmupAuto && options.warmupS === null)
    throw new UsageError(`${file}: warmup: ${PLAN_NO_AUTO}; received auto`);
  if (config.workload.initialConnected === 0) {
    throw new UsageError(
      `${file}: plan scales the workload from workload.initialConnected, the users at t = 0; received 0`,
    );
  }
  if (options.users !== null) checkPlanUsers(config, options.users);
  const template = { file, data, config, confirmed: yes };
  checkFailAt(template, options);
  refusePlanCost(template, options, yes, scheduledFailTime(template, options)?.at ?? null);
  return template;
}

/** `--fail-at` inside the warm-up is refused: no figure would see the failure. @throws UsageError */
function checkFailAt(t: PlanTemplate, o: PlanOptions): void {
  const warmupS = planWarmupS(t, o.warmupS);
  if (o.failAtS === null || o.failAtS >= warmupS) return;
  const from = o.warmupS === null ? `${t.file}'s warmup` : '--warmup';
  throw new UsageError(
    `--fail-at: the failure comes at or after the end of the warm-up (${warmupS} s, ${from}), since every figure is taken after it; received ${o.failAtS} s`,
  );
}
