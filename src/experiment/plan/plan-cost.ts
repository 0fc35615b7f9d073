// plan's cost policy: what a plan is expected to simulate, checked against the cost limits before
// anything runs (the same limits every command's estimate answers to).
import { refuseCostly } from '../run/cost-estimate.js';
import { expectedReplications, planRunSettings, type PlanOptions } from './plan-evaluator.js';
import { buildVariant, planWarmupS, type PlanTemplate } from './plan-variant.js';

/** Evaluations of the sizing step per pool: 1 to 4 active servers with 0 to 4 standby, the checks beyond (assumption: the searches add about as many). */
const PLAN_EVALUATIONS_PER_POOL = 2 * (4 * 5 + 2);

/**
 * The plan's cost up front: its evaluations at the users it sizes for (each pool its share), each with the replications a
 * candidate is expected to run (expectedReplications: not the first batch, not the maximum).
 * @throws UsageError
 */
export function refusePlanCost(t: PlanTemplate, o: PlanOptions, yes: boolean): void {
  const users = o.users ?? t.config.workload.initialConnected;
  // Every candidate runs a set time after the failure; its instant is not known yet: assume mid-run,
  // and never inside the warm-up (plan.ts moves a failure found there to its end).
  const run = planRunSettings(t, o);
  const failAtS = Math.max(o.failAtS ?? t.config.durationS / 2, planWarmupS(t, o.warmupS));
  const configs = t.config.pools.map(
    (p, pool) =>
      buildVariant(
        t,
        {
          pool,
          count: null,
          users: Math.round(users * p.userShare),
          failed: 0,
          failAtS,
        },
        run,
      ).config,
  );
  const evaluations = configs.flatMap((c) => Array.from({ length: PLAN_EVALUATIONS_PER_POOL }, () => c));
  refuseCostly(evaluations, expectedReplications(o.replications, o.maxReplications), t.file, yes);
}
