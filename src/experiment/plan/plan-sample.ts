// What plan judges in one run of a candidate, read from its summary through the catalogue of figures,
// in this one place. With servers failed: the run's outages after the warm-up, from the failure, a kept
// forced drain or a restore's rebalancing, each over its own window: the worst outage's blocking and
// users lost (outages that began at one instant counting as one), the slowest single outage's 95% back
// (servers failing together taken one by one, never shorter than their users' together); and
// each server's time over capacity from the warm-up's end to the run's end (before the failure too: a
// drain may put a server over). With none failed: the whole run's blocking and users lost.
import { figure, group } from '../../model/figures/catalogue.js';
import type { ReplicationResult } from '../run/replicate.js';

/** The figures of one run (replication) that the targets are judged on. */
export interface RunFigures {
  /** Refused first attempts in the window of the outage that refused the largest share (blocking's numerator). */
  readonly refused: number;
  /** First attempts in that window (blocking's denominator). */
  readonly firstAttempts: number;
  /** Users lost by the outage that lost the largest share: gave up, or not back by its window's end (lost's numerator). */
  readonly lost: number;
  /** That outage's affected users who still wanted service (lost's denominator). */
  readonly wanting: number;
  /** The most seconds any server of the pool spent over capacity, from the warm-up's end to the run's end. */
  readonly overCapacityS: number;
  /** A server was still over capacity when the run ended (its time is cut by the run: a miss). */
  readonly overCapacityAtEnd: boolean;
  /**
   * The slowest outage's seconds from its start until 95% of its affected users who still wanted service
   * were back; Infinity when that did not happen within an outage's window; 0 when nobody was affected.
   */
  readonly rehomeS: number;
  /** Seconds from the warm-up's end to the run's end: no server is over capacity longer, no outage lasts longer. */
  readonly windowS: number;
}

const OUTAGES = figure('outages');
const START = figure('outages[].start');
const W_END = figure('outages[].window.end');
const W_ATTEMPTS = figure('outages[].window.firstAttempts');
const W_REFUSED = figure('outages[].window.firstRefused');
const W_WANTING = figure('outages[].window.usersWanting');
const W_LOST = figure('outages[].window.usersLost');
const W_REHOME = figure('outages[].window.recovery95_s');
const FIRST_ATTEMPTS = figure('signIns.firstAttempts');
const FIRST_REFUSED = figure('signIns.firstRefused');
const LOST = figure('users.lost');
const WANTED = figure('users.wanted');
const DURATION = figure('duration_s');
const WARMUP = figure('warmup_s');
const SERVERS = group('servers');
const OVER_S = figure('servers.*.secondsOverCapacity');
const OVER_AT_END = figure('servers.*.overCapacityAtEnd');
const EPISODES = figure('servers.*.overCapacityEpisodes');
const EPISODE_COUNT = figure('servers.*.overCapacityEpisodeCount');
const EPISODE_START = figure('servers.*.overCapacityEpisodes[].start');
const EPISODE_END = figure('servers.*.overCapacityEpisodes[].end');

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);

/**
 * A server's seconds over capacity from `fromS` to the run's end `endS`, from its episodes; its whole
 * time over capacity (an upper bound) when more episodes began than the summary lists.
 */
function overSince(summary: unknown, name: string, fromS: number, endS: number): number {
  const episodes = list(EPISODES.at(summary, name));
  if (num(EPISODE_COUNT.at(summary, name)) > episodes.length) return num(OVER_S.at(summary, name));
  return episodes.reduce((a: number, e) => {
    const end = EPISODE_END.at(e);
    return (
      a + Math.max(0, (typeof end === 'number' ? end : endS) - Math.max(num(EPISODE_START.at(e)), fromS))
    );
  }, 0);
}

/** The outages that began at one instant: the widest's window, and users lost and wanting over all. */
interface Instant {
  widest: unknown;
  lost: number;
  wanting: number;
}

/**
 * The run's outages by the instant they began (servers failing together open one outage each, over the
 * same users' sign-ins), and of those the one plan judges each figure on: the failure's, unless another
 * instant's (a forced drain's, a restore's rebalancing) refuses a larger share of its first sign-ins
 * (blocking) or loses a larger share of its users (lost). The worst, not a total: windows of different
 * instants may overlap, and counting every outage's users would dilute a loss with sign-ins it never
 * touched.
 */
function worstInstants(outages: readonly unknown[], failAtS: number): { blocking: unknown; lost: Instant } {
  const at = new Map<number, Instant>();
  for (const o of outages) {
    const start = num(START.at(o));
    const i = at.get(start) ?? { widest: o, lost: 0, wanting: 0 };
    if (num(W_END.at(o)) > num(W_END.at(i.widest))) i.widest = o;
    i.lost += num(W_LOST.at(o));
    i.wanting += num(W_WANTING.at(o));
    at.set(start, i);
  }
  const first = at.get(failAtS) ?? at.values().next().value ?? { widest: undefined, lost: 0, wanting: 0 };
  const refusedShare = (i: Instant): number =>
    (num(W_REFUSED.at(i.widest)) || 0) / Math.max(1, num(W_ATTEMPTS.at(i.widest)) || 0);
  const lostShare = (i: Instant): number => (i.lost || 0) / Math.max(1, i.wanting || 0);
  let blocking = first;
  let lost = first;
  for (const i of at.values()) {
    if (refusedShare(i) > refusedShare(blocking)) blocking = i;
    if (lostShare(i) > lostShare(lost)) lost = i;
  }
  return { blocking: blocking.widest, lost };
}

/** The figures plan judges, from one run's summary, `failed` servers having failed at `failAtS`. */
export function runFigures(r: ReplicationResult, failAtS: number, failed: number): RunFigures {
  const s = r.summary;
  const endS = num(DURATION.at(s));
  const fromS = num(WARMUP.at(s)) || 0;
  const servers = SERVERS.at(s);
  const names = typeof servers === 'object' && servers !== null ? Object.keys(servers) : [];
  const over = {
    overCapacityS: Math.max(0, ...names.map((n) => overSince(s, n, fromS, endS))),
    overCapacityAtEnd: names.some((n) => OVER_AT_END.at(s, n) === true),
    windowS: endS - fromS,
  };
  if (failed === 0)
    return {
      refused: num(FIRST_REFUSED.at(s)),
      firstAttempts: num(FIRST_ATTEMPTS.at(s)),
      lost: num(LOST.at(s)),
      wanting: num(WANTED.at(s)),
      rehomeS: 0,
      ...over,
    };
  const warmupS = num(WARMUP.at(s)) || 0;
  const outages = list(OUTAGES.at(s)).filter((o) => {
    const at = num(START.at(o));
    return at === failAtS || at >= warmupS;
  });
  const worst = worstInstants(outages, failAtS);
  const rehome = outages.map((o) => {
    const t = W_REHOME.at(o);
    return typeof t === 'number' ? t : num(W_WANTING.at(o)) === 0 ? 0 : Infinity;
  });
  return {
    refused: num(W_REFUSED.at(worst.blocking)) || 0,
    firstAttempts: num(W_ATTEMPTS.at(worst.blocking)) || 0,
    lost: worst.lost.lost,
    wanting: worst.lost.wanting,
    rehomeS: Math.max(0, ...rehome),
    ...over,
  };
}
