// `plan`: the capacity answer. For each pool, the smallest active (then standby) server count whose
// targets hold with k active servers failed at peak; if none fits the documented limits, what it would
// take beyond them (more active servers, or the 30,000 overload admission); and the most users the
// template's own topology carries with k failed and with none. Every evaluated scenario is evidence.
import { LIMITS } from '../../scenario/rules.js';
import { Evaluator, type EvidenceRow, type PlanOptions } from './plan-evaluator.js';
import { planActionLines, type KeptDrain } from './plan-actions.js';
import { planGuard } from './plan-cost.js';
import { backupLines } from './plan-sites.js';
import { standbyNote } from './plan-standby.js';
import { NO_ADMISSION_LIMIT, unlimitedSignIns, type PoolConfig } from '../../model/config.js';
import { failTime } from './plan-fail-time.js';
import { largestUsers, searchFailures, searchRange } from './largest-users.js';
import { sizingCandidates } from './sizing-candidates.js';
import {
  planWarmupS,
  type FailureWindow,
  type PlanTemplate,
  type RunSettings,
  type Variant,
} from './plan-variant.js';

/** The plan of one pool: the sizing answer (with --users) and the largest user count of its own servers. */
export interface PoolPlan {
  readonly pool: string;
  readonly users: number | null;
  /** Smallest passing row within the documented limits, if any. */
  readonly sized: EvidenceRow | null;
  /** Smallest passing row beyond the 4-active limit, when nothing within it passes. */
  readonly beyondLimits: EvidenceRow | null;
  /** 4 active with the documented 30,000 overload admission, when nothing within the limits passes. */
  readonly overload: EvidenceRow | null;
  /** Why standby servers were or were not tried. */
  readonly standbyNote: string;
  readonly largest: number;
  readonly largestNoFailure: number;
  /** The search with k failed stopped at its cap: the topology carries at least `largest`. */
  readonly largestIsLowerBound: boolean;
  /** The search with none failed stopped at its cap: the topology carries at least `largestNoFailure`. */
  readonly largestNoFailureIsLowerBound: boolean;
  readonly resolution: number;
  readonly templateActive: number;
  readonly templateStandby: number;
}

/** The whole plan: the failure instant and why, each pool's answer, and every evaluated scenario. */
export interface PlanResult {
  readonly scenario: string;
  readonly options: PlanOptions;
  readonly failAtS: number;
  readonly failAtSource: string;
  /** The warm-up every figure is taken after, seconds: --warmup, else the scenario's warmup (0: none). */
  readonly warmupS: number;
  /** The scenario's users on at t = 0, which `--users` scales the workload from. */
  readonly baseUsers: number;
  /** How every candidate ran: its length after the failure, failure window, restore. */
  readonly settings: RunSettings & { readonly window: FailureWindow };
  /** Whether the template can refuse a sign-in at all (an admission limit or a sign-in rate is set). */
  readonly refuses: boolean;
  readonly pools: PoolPlan[];
  readonly evidence: EvidenceRow[];
  /** No sign-in rate is set (per server or per pool): every run assumes unlimited sign-in throughput. */
  readonly unlimitedSignIns: boolean;
  /** The longest wait between two tries of a refused client: retry.maxDelay × (1 + jitter). */
  readonly retryMaxWaitS: number;
  /**
   * Beyond its faults, what of the scenario the candidates keep or leave out, and why, a line each:
   * its actions, and a backup site a candidate has no server in.
   */
  readonly templateNotes: readonly string[];
  /**
   * The drains some candidate keeps, in name order; [] if none. A drain no candidate keeps (after every
   * run's end, or naming a server none has) is not among them, nor one of a standby no candidate can make
   * active (no promotion before the run ends, no kept activate of a standby): it has no users to cut.
   */
  readonly drains: readonly KeptDrain[];
  /**
   * The servers active in some candidate that keeps a drain (soft or forced) of them, in name order: the
   * failed servers are chosen around them; [] if none (a drain of a standby leaves the actives alike).
   */
  readonly activeDrained: readonly string[];
}

/** Smallest active count (1..4), then standby count, that meets the targets; the limits' way out if none. */
async function sizePool(
  ev: Evaluator,
  pool: number,
  users: number,
  failAtS: number,
  helps: boolean,
): Promise<Pick<PoolPlan, 'sized' | 'beyondLimits' | 'overload'>> {
  const k = ev.o.nMinus;
  const base: Omit<Variant, 'count'> = { pool, users, failed: k, failAtS };
  const { variants, copyOf } = sizingCandidates(ev.t, base, helps);
  const rows = await ev.evaluate(variants, 'size', copyOf);
  const sized = rows.find((r) => r.meets) ?? null;
  if (sized !== null) return { sized, beyondLimits: null, overload: null };
  const beyond = Array.from({ length: Math.max(1, k) }, (_, i): Variant => ({
    ...base,
    count: `${LIMITS.maxActivePerPool + 1 + i}+0`,
  }));
  const beyondRows = await ev.evaluate(beyond, 'beyond limits');
  const overload = await ev.evaluate(
    [{ ...base, count: `${LIMITS.maxActivePerPool}+0`, overload: true }],
    'overload',
  );
  return {
    sized: null,
    beyondLimits: beyondRows.find((r) => r.meets) ?? null,
    overload: overload[0] ?? null,
  };
}

/** Runs the whole plan. @throws ScenarioError if the template cannot take a variant. */
export async function planCapacity(t: PlanTemplate, o: PlanOptions): Promise<PlanResult> {
  const ev = new Evaluator(t, o, (c) => planGuard(c, o, t.confirmed === true));
  const { at: failAtS, source } = await failTime(ev, t, o);
  const { helps, note } = standbyNote(t, failAtS, ev.runEndS(failAtS));
  const pools: PoolPlan[] = [];
  for (let p = 0; p < t.config.pools.length; p++) {
    if (t.config.pools[p] !== undefined) pools.push(await planPool(ev, p, failAtS, helps, note));
  }
  return {
    scenario: t.config.name,
    options: o,
    failAtS,
    failAtSource: source,
    warmupS: planWarmupS(t, o.warmupS),
    baseUsers: t.config.workload.initialConnected,
    settings: ev.settings,
    refuses: t.config.pools.some(
      (p) => p.admissionLimitPerServer !== NO_ADMISSION_LIMIT || Number.isFinite(p.signInRatePerServer),
    ),
    pools,
    evidence: ev.evidence,
    unlimitedSignIns: unlimitedSignIns(t.config),
    retryMaxWaitS: t.config.workload.retry.maxDelayS * (1 + t.config.workload.retry.jitter),
    templateNotes: [...planActionLines(t.data['actions']), ...backupLines(t, o.users !== null)],
    drains: [...ev.drains]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([, d]) => (helps || ev.activeDrained.has(d.server) ? [d] : [])),
    activeDrained: [...ev.activeDrained].sort(),
  };
}

/** Pool `p`'s plan: sized for its share of --users, and the most users its own servers carry. */
async function planPool(
  ev: Evaluator,
  p: number,
  failAtS: number,
  helps: boolean,
  note: string,
): Promise<PoolPlan> {
  const { t, o } = ev;
  const cfg = t.config.pools[p] as PoolConfig;
  const users = o.users === null ? null : Math.round(o.users * cfg.userShare);
  const sizing =
    users === null
      ? { sized: null, beyondLimits: null, overload: null }
      : await sizePool(ev, p, users, failAtS, helps);
  const servers = cfg.servers.map((i) => t.config.servers[i]);
  const templateActive = servers.filter((s) => s?.role === 'active').length;
  const range = searchRange(t, p, o);
  const [withK, none] = await largestUsers(ev, p, failAtS, searchFailures(o.nMinus), range);
  return {
    pool: cfg.name,
    users,
    ...sizing,
    standbyNote: note,
    largest: withK?.lo ?? 0,
    largestNoFailure: (none ?? withK)?.lo ?? 0,
    largestIsLowerBound: withK?.capped === true,
    largestNoFailureIsLowerBound: (none ?? withK)?.capped === true,
    resolution: range.res,
    templateActive,
    templateStandby: servers.length - templateActive,
  };
}
