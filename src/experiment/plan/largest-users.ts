// The largest-user search: the most users a pool's own servers carry with k failed and with none,
// searched side by side: up from the users planned for (--users), else the template's own, by about
// doubling, then bisection on a grid of the resolution, so its runs stay near the answer rather than at
// the servers' capacity.
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
  /** While growing: the counts still to try after `hi`, smallest first. */
  rising: number[];
  /** With --users, until the users planned for are tried: the counts to grow through instead if they miss. */
  below: number[];
  /** The users planned for, once they missed while counts below them are tried: where growing stops. */
  missed: number | null;
  growing: boolean;
  done: boolean;
  capped: boolean;
}

/** Where a pool's searches run: up from `from` to `start` and beyond, on a grid of `res`, never past `cap`. */
export interface SearchRange {
  /** The pool's share of the template's users on at t = 0, where the searches start without --users. */
  readonly from: number;
  /**
   * With --users, the pool's share of them, down to the grid of `res` (at least `res`, at most `cap`):
   * the first count every search tries, the users the sizing step planned for; null without --users.
   */
  readonly planned: number | null;
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

/** Pool `pool`'s search range with options `o` (`--resolution`, else about 1% of its capacity; `--users`). */
export function searchRange(
  t: PlanTemplate,
  pool: number,
  o: Pick<PlanOptions, 'resolution' | 'users'>,
): SearchRange {
  const cfg = t.config.pools[pool] as PoolConfig;
  const active = cfg.servers.filter((i) => t.config.servers[i]?.role === 'active').length;
  const capacity = Math.max(1, active * cfg.capacityPerServer);
  const res = o.resolution ?? defaultResolution(capacity);
  const from = Math.round(t.config.workload.initialConnected * cfg.userShare);
  const cap = maxVariantUsers(t.config);
  const planned =
    o.users === null
      ? null
      : Math.min(cap, Math.max(res, Math.floor(Math.round(o.users * cfg.userShare) / res) * res));
  return { from, planned, start: Math.ceil(capacity / res) * res, res, cap };
}

/**
 * The counts a search halving down from the servers' capacity (or `r.cap`) would try while every one
 * missed (each half the last, on the grid of `r.res`), down to the smallest at or above `from`; smallest
 * first.
 */
function halvingCounts(r: SearchRange, from: number): number[] {
  const halves = [Math.min(r.start, r.cap)];
  for (let d = halves[0] as number; ;) {
    const next = Math.max(r.res, Math.floor(d / 2 / r.res) * r.res);
    if (next >= d || next < from) break;
    halves.push((d = next));
  }
  return halves.reverse();
}

/**
 * The counts a search tries while growing up to the servers' capacity, smallest first: without --users,
 * {@link halvingCounts} from the template's users. Growing along them, a search that misses at one
 * stands where the halving search would after the same miss (the counts above it missing too, as more
 * users never lower blocking), so both go on to the same bisection and the same answer. With --users,
 * the users planned for first, then the halving counts above them: every count is on the grid of
 * `r.res`, so bisection ends at the same answer.
 */
function risingCounts(r: SearchRange): number[] {
  const planned = r.planned;
  if (planned === null) return halvingCounts(r, r.from);
  return [planned, ...halvingCounts(r, planned).filter((u) => u > planned)];
}

/**
 * With --users, what a search grows through when the users planned for miss: the template's own rising
 * counts below them, as without --users, rather than halving down from them (their runs the largest).
 */
function belowCounts(r: SearchRange): number[] {
  const planned = r.planned;
  return planned === null ? [] : halvingCounts(r, r.from).filter((u) => u < planned);
}

/** The users every search of `r` tries first. */
export function firstUsers(r: SearchRange): number {
  return risingCounts(r)[0] as number;
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
 * count, run side by side: growing from the users planned for, else the template's (about doubling, see
 * risingCounts; from the template's users up to those planned for when they miss, see belowCounts), until
 * a count misses, then bisection. Assumes more users never lower blocking or time over capacity. It
 * grows at most to GROW_LIMIT × `r.start` and to `r.cap`; a search stopped there is `capped`.
 */
export async function largestUsers(
  ev: Pick<Evaluator, 'evaluate'>,
  pool: number,
  failAtS: number,
  failures: readonly number[],
  r: SearchRange,
): Promise<Search[]> {
  const searches: Search[] = failures.map((failed) => {
    const rising = risingCounts(r);
    const [hi, below] = [rising.shift() as number, belowCounts(r)];
    return { failed, lo: 0, hi, rising, below, missed: null, growing: true, done: false, capped: false };
  });
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
 * Search `s` after `users` did (`ok`) or did not meet the targets: it grows while every count met them
 * (through its rising counts, then doubling up to its limits, where it stops, capped), then bisects.
 * Users planned for that miss send it up from the template's users towards them instead.
 */
function advance(s: Search, users: number, ok: boolean, r: SearchRange): void {
  if (ok) s.lo = users;
  else s.hi = users;
  const below = s.below.splice(0);
  if (!ok && s.growing && below.length > 0)
    [s.missed, s.hi, s.rising] = [users, below[0] as number, below.slice(1)];
  else if (!(s.growing && ok)) s.growing = false;
  else if (s.rising.length > 0) s.hi = s.rising.shift() as number;
  else if (s.missed !== null) [s.hi, s.growing] = [s.missed, false];
  else if (users >= r.cap || users * 2 > r.start * GROW_LIMIT) [s.done, s.capped] = [true, true];
  else s.hi = Math.min(users * 2, r.cap);
}
