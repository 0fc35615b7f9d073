// When a plan's candidates fail their servers: --fail-at, else the template's first server failure,
// else the peak of connected users in a run without failures; never inside the warm-up.
import type { Evaluator, PlanOptions } from './plan-evaluator.js';
import { refusePlanCost } from './plan-cost.js';
import { planWarmupS, type PlanTemplate } from './plan-variant.js';

/** A failure instant, seconds, and where it came from (a line of plan.txt). */
export interface FailTime {
  readonly at: number;
  readonly source: string;
}

/**
 * The failure instant known without running anything: --fail-at (checked up front to be after the
 * warm-up), else the template's first scheduled server failure, moved to the warm-up's end when inside
 * it (no figure would see it); null when it is the peak of a run.
 */
export function scheduledFailTime(t: PlanTemplate, o: PlanOptions): FailTime | null {
  if (o.failAtS !== null) return { at: o.failAtS, source: '--fail-at' };
  const first = t.config.faults.find((f) => f.kind === 'fail');
  return first === undefined ? null : afterWarmup(t, o, first.at, "the scenario's first server failure");
}

/**
 * The failure instant: {@link scheduledFailTime}, else the peak of a run without failures after the
 * warm-up, whose candidates' cost is then checked again (plan-cost.ts): the up-front check could only
 * assume the earliest failure. @throws UsageError when they pass the cost limits, unless confirmed
 */
export async function failTime(ev: Evaluator, t: PlanTemplate, o: PlanOptions): Promise<FailTime> {
  const scheduled = scheduledFailTime(t, o);
  if (scheduled !== null) return scheduled;
  const found = await peak(ev, t, o, planWarmupS(t, o.warmupS));
  refusePlanCost(t, o, t.confirmed === true, found.at);
  return found;
}

/** `at` (found from `source`), or the warm-up's end when `at` is inside it. */
function afterWarmup(t: PlanTemplate, o: PlanOptions, at: number, source: string): FailTime {
  const warmupS = planWarmupS(t, o.warmupS);
  if (at >= warmupS) return { at, source };
  const when = at.toLocaleString('en-US');
  return { at: warmupS, source: `the end of the warm-up: ${source} is inside it, at ${when} s` };
}

/** The peak of connected users in a run without failures, at or after `warmupS`. */
async function peak(ev: Evaluator, t: PlanTemplate, o: PlanOptions, warmupS: number): Promise<FailTime> {
  const at = await ev.peakTime(0, peakUsers(t, o), warmupS);
  if (at === null)
    return {
      at: warmupS,
      source: `the end of the warm-up: the scenario's run, ${t.config.durationS.toLocaleString('en-US')} s long, ends inside it, so no peak of a run without failures follows it`,
    };
  const after = warmupS > 0 ? ' after the warm-up' : '';
  return { at, source: `the peak of connected users${after} in a run without failures` };
}

/** The users of the run that finds the peak: the first pool's share of --users, else the template's. */
function peakUsers(t: PlanTemplate, o: PlanOptions): number {
  return o.users === null
    ? t.config.workload.initialConnected
    : Math.round(o.users * (t.config.pools[0]?.userShare ?? 1));
}
