// The largest-user search: the most users a pool's own servers carry with k failed and with none,
// searched side by side by doubling then bisection on a grid of the resolution.
import type { PoolConfig } from '../../model/config.js';
import type { Evaluator, PlanOptions } from './plan-evaluator.js';
import { maxVariantUsers, type PlanTemplate, type Variant } from './plan-variant.js';

/** The largest-user search grows at most to this multiple of the pool's admission total. */
const GROW_LIMIT = 16;

/** One search's state: `lo` met the targets (0: none yet), `hi` did not or is the next to try. */
export interface Search {
  readonly failed: number;
  lo: number;
  hi: number;
  growing: boolean;
  done: boolean;
  capped: boolean;
}

/** Where a pool's searches run: from `start`, on a grid of `res`, never past `cap`. */
export interface SearchRange {
  /** The active servers × capacityPerServer, rounded up to the resolution. */
  readonly start: number;
  readonly res: number;
  /** The most users whose scaled sign-in rate and population stay within their bounds. */
  readonly cap: number;
}

/** A power of ten near 1% of `total` (at least 1). */
function defaultResolution(total: number): number {
  return 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, total / 100))));
}

/** Pool `pool`'s search range with options `o` (`--resolution`, else about 1% of its capacity). */
export function searchRange(t: PlanTemplate, pool: number, o: Pick<PlanOptions, 'resolution'>): SearchRange {
  const cfg = t.config.pools[pool] as PoolConfig;
  const active = cfg.servers.filter((i) => t.config.servers[i]?.role === 'active').length;
  const capacity = Math.max(1, active * cfg.capacityPerServer);
  const res = o.resolution ?? defaultResolution(capacity);
  return { start: Math.ceil(capacity / res) * res, res, cap: maxVariantUsers(t.config) };
}

/** The users every search of `r` tries first. */
export function firstUsers(r: SearchRange): number {
  return Math.min(r.start, r.cap);
}

/** The failure counts searched side by side: k and none, or only none with `--n-minus 0`. */
export function searchFailures(nMinus: number): number[] {
  return nMinus === 0 ? [0] : [nMinus, 0];
}

/** The next users to probe, or null when the search is over (hi − lo within the resolution). */
function probe(s: Search, res: number): number | null {
  if (s.done) return null;
  if (s.growing) return s.hi;
  const mid = s.lo + Math.max(res, Math.floor((s.hi - s.lo) / 2 / res) * res);
  return mid >= s.hi ? null : mid;
}

/**
 * Largest users (a multiple of `r.res`, or `r.cap`) the template's own servers carry with each failure
 * count, by doubling then bisection, run side by side. Assumes more users never lower blocking or time
 * over capacity. It grows at most to GROW_LIMIT × `r.start` and to `r.cap`; a search stopped there is `capped`.
 */
export async function largestUsers(
  ev: Pick<Evaluator, 'evaluate'>,
  pool: number,
  failAtS: number,
  failures: readonly number[],
  r: SearchRange,
): Promise<Search[]> {
  const searches: Search[] = failures.map((failed) => ({
    failed,
    lo: 0,
    hi: firstUsers(r),
    growing: true,
    done: false,
    capped: false,
  }));
  for (;;) {
    const open = searches
      .map((s) => [s, probe(s, r.res)] as const)
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
    open.forEach(([s, users], i) => advance(s, users, rows[i]?.meets === true, r));
  }
}

/**
 * Search `s` after `users` did (`ok`) or did not meet the targets: it doubles while every count met
 * them (up to its limits, where it stops, capped), then bisects.
 */
function advance(s: Search, users: number, ok: boolean, r: SearchRange): void {
  if (ok) s.lo = users;
  else s.hi = users;
  if (!(s.growing && ok)) s.growing = false;
  else if (users >= r.cap || users * 2 > r.start * GROW_LIMIT) [s.done, s.capped] = [true, true];
  else s.hi = Math.min(users * 2, r.cap);
}
