// What `plan` checks before anything runs: a template it can scale, the users asked for, and the
// up-front cost of the search.
import { UsageError } from '../../errors.js';
import { readScenarioData } from '../run/scenario-data.js';
import { refusePlanCost } from './plan-cost.js';
import type { PlanOptions } from './plan-evaluator.js';
import { checkPlanUsers, type PlanTemplate } from './plan-variant.js';

/** Why plan refuses `warmup: auto`. */
export const PLAN_NO_AUTO =
  'plan judges the window after the failure it makes, not a steady state, so a warm-up found by auto is refused: give a duration (e.g. 1h) or none';

/** Reads and checks the template `file` for a plan with `options`. @throws ScenarioError, UsageError */
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
  refusePlanCost({ file, data, config }, options, yes);
  return { file, data, config };
}
