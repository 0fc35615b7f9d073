// `plan`: the capacity answer. For each pool, the smallest active (then standby) server count whose
// targets hold with k active servers failed at peak; if none fits the documented limits, what it would
// take beyond them (more active servers, or the 30,000 overload admission); and the most users the
// template's own topology carries with k failed and with none. Every evaluated scenario is evidence.
import { LIMITS } from '../../scenario/rules.js';
import { Evaluator, type EvidenceRow, type PlanOptions } from './plan-evaluator.js';
import { drainedServers, planActionLines } from './plan-actions.js';
import { planGuard } from './plan-cost.js';
import { backupLines } from './plan-sites.js';
import { promotableStandbys, standbyNote } from './plan-standby.js';
import { NO_ADMISSION_LIMIT, unlimitedSignIns, type PoolConfig } from '../../model/config.js';
import {
  maxVariantUsers,
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
  /** The servers the template's drains name (kept where a candidate has the server), in name order; [] if none. */
  readonly drainedServers: readonly string[];
}

/** The largest-user search grows at most to this multiple of the pool's admission total. */
const GROW_LIMIT = 16;

/**
 * --fail-at (checked up front to be after the warm-up), else the template's first scheduled server
 * failure, else the peak of a run without failures after the warm-up. A failure inside the warm-up
 * would be seen by no figure, so one found there moves to the warm-up's end.
 */
async function failTime(
  ev: Evaluator,
  t: PlanTemplate,
  o: PlanOptions,
): Promise<{ at: number; source: string }> {
  if (o.failAtS !== null) return { at: o.failAtS, source: '--fail-at' };
  const warmupS = planWarmupS(t, o.warmupS);
  const first = t.config.faults.find((f) => f.kind === 'fail');
  const found =
    first !== undefined
      ? { at: first.at, source: "the scenario's first server failure" }
      : await peak(ev, t, o, warmupS);
  if (found.at >= warmupS) return found;
  const at = found.at.toLocaleString('en-US');
  return { at: warmupS, source: `the end of the warm-up: ${found.source} is inside it, at ${at} s` };
}

/** The peak of connected users in a run without failures, at or after `warmupS`. */
async function peak(
  ev: Evaluator,
  t: PlanTemplate,
  o: PlanOptions,
  warmupS: number,
): Promise<{ at: number; source: string }> {
  const users =
    o.users === null
      ? t.config.workload.initialConnected
      : Math.round(o.users * (t.config.pools[0]?.userShare ?? 1));
  const at = await ev.peakTime(0, users, warmupS);
  if (at === null)
    return {
      at: warmupS,
      source: `the end of the warm-up: the scenario's run, ${t.config.durationS.toLocaleString('en-US')} s long, ends inside it, so no peak of a run without failures follows it`,
    };
  const after = warmupS > 0 ? ' after the warm-up' : '';
  return { at, source: `the peak of connected users${after} in a run without failures` };
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
  const variants: Variant[] = [];
  const most = helps ? promotableStandbys(ev.t, pool, k, LIMITS.maxActivePerPool, failAtS) : null;
  const copyOf: (number | null)[] = [];
  for (let a = 1; a <= LIMITS.maxActivePerPool; a++) {
    const maxStandby = helps ? Math.min(LIMITS.maxActivePerPool, LIMITS.maxServersPerPool - a) : 0;
    const first = variants.length;
    for (let s = 0; s <= maxStandby; s++) {
      variants.push({ ...base, count: `${a}+${s}` });
      copyOf.push(most !== null && s > most ? first + most : null);
    }
  }
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

export interface Search {
  readonly failed: number;
  lo: number;
  hi: number;
  growing: boolean;
  done: boolean;
  capped: boolean;
}

/** The next users to probe, or null when the search is over (hi − lo within the resolution). */
function probe(s: Search, res: number): number | null {
  if (s.done) return null;
  if (s.growing) return s.hi;
  const mid = s.lo + Math.max(res, Math.floor((s.hi - s.lo) / 2 / res) * res);
  return mid >= s.hi ? null : mid;
}

/**
 * Largest users (a multiple of `res`, or `cap`) the template's own servers carry with each failure count,
 * by doubling then bisection, run side by side. Assumes more users never lower blocking or time over
 * capacity. It grows at most to GROW_LIMIT × `start` and to `cap` (the most users whose scaled sign-in
 * rate stays within its bound, see maxVariantUsers); a search stopped there is `capped`.
 */
export async function largestUsers(
  ev: Pick<Evaluator, 'evaluate'>,
  pool: number,
  failAtS: number,
  failures: readonly number[],
  res: number,
  start: number,
  cap: number,
): Promise<Search[]> {
  const searches: Search[] = failures.map((failed) => ({
    failed,
    lo: 0,
    hi: Math.min(start, cap),
    growing: true,
    done: false,
    capped: false,
  }));
  for (;;) {
    const open = searches
      .map((s) => [s, probe(s, res)] as const)
      .filter((x): x is readonly [Search, number] => x[1] !== null);
    for (const s of searches) if (!open.some((x) => x[0] === s)) s.done = true;
    if (open.length === 0) return searches;
    const variants = open.map(([s, users]): Variant => ({
      pool,
      count: null,
      users,
      failed: s.failed,
      failAtS,
    }));
    const rows = await ev.evaluate(variants, 'largest');
    open.forEach(([s, users], i) => advance(s, users, rows[i]?.meets === true, cap, start));
  }
}

/**
 * Search `s` after `users` did (`ok`) or did not meet the targets: it doubles while every count met
 * them (up to its limits, where it stops, capped), then bisects.
 */
function advance(s: Search, users: number, ok: boolean, cap: number, start: number): void {
  if (ok) s.lo = users;
  else s.hi = users;
  if (!(s.growing && ok)) s.growing = false;
  else if (users >= cap || users * 2 > start * GROW_LIMIT) [s.done, s.capped] = [true, true];
  else s.hi = Math.min(users * 2, cap);
}

/** A power of ten near 1% of `total` (at least 1). */
function defaultResolution(total: number): number {
  return 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, total / 100))));
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
    drainedServers: [...drainedServers(t.data['actions'])].sort(),
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
  const start = Math.max(1, templateActive * cfg.capacityPerServer);
  const res = o.resolution ?? defaultResolution(start);
  const failures = o.nMinus === 0 ? [0] : [o.nMinus, 0];
  const cap = maxVariantUsers(t.config);
  const [withK, none] = await largestUsers(ev, p, failAtS, failures, res, Math.ceil(start / res) * res, cap);
  return {
    pool: cfg.name,
    users,
    ...sizing,
    standbyNote: note,
    largest: withK?.lo ?? 0,
    largestNoFailure: (none ?? withK)?.lo ?? 0,
    largestIsLowerBound: withK?.capped === true,
    largestNoFailureIsLowerBound: (none ?? withK)?.capped === true,
    resolution: res,
    templateActive,
    templateStandby: servers.length - templateActive,
  };
}
