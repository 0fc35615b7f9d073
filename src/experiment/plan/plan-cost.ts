// plan's cost policy: the runs a plan is sure to make, checked against the cost limits before anything
// runs as a floor (how many more it makes depends on what they find), and the runtime guard of each of
// its runs (the same limits and guard as every command's).
import type { SimConfig } from '../../model/config.js';
import { estimateCost, estimateRuns, refuseCostly } from '../run/cost-estimate.js';
import { runGuard, type RunGuard } from '../run/run-guard.js';
import { firstUsers, searchFailures, searchRange } from './largest-users.js';
import { planRunSettings, type PlanOptions } from './plan-evaluator.js';
import { standbyNote } from './plan-standby.js';
import { buildVariant, planWarmupS, type PlanTemplate, type Variant } from './plan-variant.js';
import { sizingCandidates } from './sizing-candidates.js';

/**
 * Share of candidates expected to straddle a target until `maxReplications` (assumption, from
 * measured plans: 0 of 25 candidates in the walkthrough's `plan n-minus-1-refused --users 60000`,
 * 2 of 22 in `plan default.yaml`; a deliberately borderline test scenario has 4 of 10).
 */
export const STRADDLING_SHARE = 0.1;

/**
 * Replications a candidate is expected to run, for the memory its runs are guarded at: most candidates
 * lie clearly on one side of every target and stop after the first batch; {@link STRADDLING_SHARE} of
 * them run to the maximum. Neither the first batch nor the maximum.
 */
export function expectedReplications(first: number, max: number): number {
  return first + STRADDLING_SHARE * Math.max(0, max - first);
}

/**
 * The candidates a plan is sure to simulate, one config each (each runs at least --replications): per
 * pool, the sizing candidates at its share of --users (with it), and each largest-user search's first
 * candidate, all failing at `failAtS`. Null `failAtS`: the failure is the peak of a run not made yet,
 * taken at the earliest it can come, the warm-up's end, which ends every candidate soonest (fewest
 * events), with no standby counted on. Left out, so the list is a floor: the run that finds the peak,
 * the sizing step's checks beyond the limits, and the rest of each search, which follows what its
 * candidates find.
 */
export function certainCandidates(t: PlanTemplate, o: PlanOptions, failAtS: number | null): SimConfig[] {
  const run = planRunSettings(t, o);
  const at = failAtS ?? planWarmupS(t, o.warmupS);
  const helps = failAtS !== null && standbyNote(t, at, at + run.runAfterFailS).helps;
  return t.config.pools.flatMap((p, pool) => {
    const users = firstUsers(searchRange(t, pool, o));
    const searches = searchFailures(o.nMinus).map((failed): Variant => ({
      pool,
      count: null,
      users,
      failed,
      failAtS: at,
    }));
    const sizing =
      o.users === null
        ? []
        : simulatedSizing(
            t,
            { pool, users: Math.round(o.users * p.userShare), failed: o.nMinus, failAtS: at },
            helps,
          );
    return [...sizing, ...searches].map((v) => buildVariant(t, v, run).config);
  });
}

/** The sizing candidates of `base` that are simulated (not a copy of another). */
function simulatedSizing(t: PlanTemplate, base: Omit<Variant, 'count'>, helps: boolean): Variant[] {
  const { variants, copyOf } = sizingCandidates(t, base, helps);
  return variants.filter((_, i) => (copyOf[i] ?? null) === null);
}

/**
 * Refuses a plan whose sure runs ({@link certainCandidates}, --replications each) already pass the cost
 * limits, unless `yes`; the line says the figures are a floor. Checked before anything runs, with the
 * failure instant when it is known without a run (`--fail-at`, the template's failure), and again once
 * the peak is found, before any candidate runs. @throws UsageError
 */
export function refusePlanCost(t: PlanTemplate, o: PlanOptions, yes: boolean, failAtS: number | null): void {
  refuseCostly(certainCandidates(t, o, failAtS), o.replications, t.file, yes, 'dropped', true);
}

/**
 * The guard of each run of a candidate `config` (its own servers, users and failure): 4 times the
 * events of one of its runs unless `confirmed` (--yes); memory as for its expected replications.
 */
export function planGuard(config: SimConfig, o: PlanOptions, confirmed: boolean): RunGuard {
  return runGuard(
    estimateCost(config),
    estimateRuns([config], expectedReplications(o.replications, o.maxReplications)),
    confirmed,
  );
}
