// The events one run is expected to process, and the users it holds at once, from the scenario's rates,
// users, faults and duration: the cost estimate's count of the work, in constant time whatever the
// parameters.
import type { RandomFaultConfig, SimConfig } from '../../model/config.js';
import { makeDistribution } from '../../random/distributions.js';
import { PiecewiseRate } from '../../random/poisson-process.js';
import { splitByShare } from '../../model/streams.js';
import { closedRateRetries } from './closed-wait.js';
import { failureRetries, type FailureLoad } from './failure-retries.js';
import { initialRetries, pileUp } from './pile-up.js';
import { backInService, firstOutage, laterOutages, serversDown } from './pool-outages.js';
import { randomFailureRetries } from './random-outages.js';
import { attemptsOf, giveUpAfterS, retriesWithin } from './retry-waits.js';
import { endsWithin, stillOnAtEnd } from './session-ends.js';
import { activeServers } from './sign-in-tokens.js';

/** What one run of a scenario is expected to do. */
export interface RunEvents {
  /** Events the simulator is expected to process. */
  readonly events: number;
  /** Users alive at once, at most: connected, waiting, or signed out and coming back. */
  readonly usersAlive: number;
  /**
   * Work outside the events, in events' worth of time: placing the users at t = 0, before the first
   * event (a closed population's every user, an open model's initial ones).
   */
  readonly placing: number;
}

/**
 * Time to place a user on at t = 0 (through the balancer, its session's rest drawn), in events'
 * worth at the assumed 2e6 events/s, 0.5 µs an event (assumption: 0.3 µs of CPU a user, timed once
 * at 2 million users; bench/README.md, "Memory estimate", says how to time it again).
 */
const PLACE_ON_EVENTS = 0.6;
/** Time to place a closed population's user off at t = 0, its return scheduled, likewise (assumption: 0.075 µs, timed alike). */
const PLACE_OFF_EVENTS = 0.15;

/** Events of an outage's window (model/outages.ts): its start, its latest end, and an end when it settles sooner. */
const OUTAGE_WINDOW_EVENTS = 3;

/** The users of a run in steady state. */
interface Users {
  /** Sign-in episodes over the run. */
  readonly episodes: number;
  /** Users alive at once, before any pile-up. */
  readonly alive: number;
  /** Users who want to be on at once, and the sign-ins per second: over the run, on average. */
  readonly mean: FailureLoad;
}

function users(config: SimConfig): Users {
  const w = config.workload;
  const T = config.durationS;
  const session = makeDistribution(w.session).mean;
  let episodes: number;
  let alive: number;
  let offered: number;
  if (w.population !== null) {
    const cycle = session + (w.offTime === null ? 0 : makeDistribution(w.offTime).mean);
    episodes = cycle > 0 ? (w.population * T) / cycle : w.population > 0 ? Infinity : 0;
    alive = w.population;
    offered = cycle > 0 ? (w.population * session) / cycle : 0;
  } else {
    const rate = w.arrivals === null ? 0 : new PiecewiseRate(w.arrivals).meanRatePerS;
    episodes = rate * T;
    alive = w.initialConnected + rate * Math.min(T, session);
    offered = Math.max(w.initialConnected, rate * session);
  }
  return { episodes, alive, mean: { offered, signInsPerS: episodes / T } };
}

/** Estimates the events of one run of `config` and the users it holds at once. */
export function runEvents(config: SimConfig): RunEvents {
  const w = config.workload;
  const u = users(config);
  // Each session: a sign-in (arrival or return) and a sign-out in the run; plus the users cut off by failures
  // and the refused sign-ins that retry: of a closed population, those offered above the admission
  // limits and those held back by sign-in rate limits (closed-wait.ts); of an open model, the users
  // on at t = 0 above them, and arrivals above what the pools admit, piling up (pile-up.ts).
  const tries = 1 + retriesWithin(w.retry, config.durationS);
  const piled = pileUp(config);
  // warmup: auto runs every replication twice: a pilot pass (at most the whole run), then the run.
  const passes = config.warmupAuto ? 2 : 1;
  const events =
    passes *
    (sessionEvents(config, u.episodes) +
      cutOffAttempts(config, u, tries) +
      (w.population !== null
        ? refusedAttempts(config, u.mean.offered, tries) + closedRateRetries(config)
        : piled.retries + initialRetries(config)));
  const off = w.population === null ? 0 : Math.max(0, w.population - w.initialConnected);
  const placing = passes * (PLACE_ON_EVENTS * w.initialConnected + PLACE_OFF_EVENTS * off);
  // NaN comes only of an unbounded count met by another (∞ − ∞: retries at once without end, a wait
  // capped at 0 s), so the run is unbounded too.
  return { events: Number.isNaN(events) ? Infinity : events, usersAlive: u.alive + piled.waiting, placing };
}

/**
 * Standard deviations of an open model's sign-ins and sign-outs counted above their mean (assumption:
 * 2, their counts being random, Poisson at most; so a run rarely makes more).
 */
const CHANCE_SDS = 2;

/**
 * The sign-ins and sign-outs of the run's sessions: a closed population's `episodes` (sign-in episodes
 * over the run), each both. An open model's arrivals, at the day's mean rate or the run's own ∫ rate
 * when it covers more of the profile's busy hours, each a sign-in, and a sign-out but those whose
 * session is still going at the run's end; the sign-outs of the users on at t = 0; and
 * {@link CHANCE_SDS} standard deviations of them all.
 */
function sessionEvents(config: SimConfig, episodes: number): number {
  const w = config.workload;
  if (w.population !== null) return 2 * episodes;
  const T = config.durationS;
  const rate = w.arrivals === null ? null : new PiecewiseRate(w.arrivals);
  const arrivals = rate === null ? 0 : Math.max(rate.integral(0, T), episodes);
  const stillOn = w.arrivals === null ? 0 : stillOnAtEnd(w.session, w.arrivals, T);
  const counted = 2 * arrivals - stillOn + initialSignOuts(config);
  return counted + CHANCE_SDS * Math.sqrt(counted);
}

/**
 * The sign-outs of an open model's users on at t = 0 (none of them is an event to place: the world
 * puts them on before the first event; their retries are initialRetries'): those placed, below the
 * active servers' admission limits, whose session (its rest with `initialSessions: residual`) ends
 * within the run; those refused at once, whose session is drawn when they are seated, at most the
 * share of fresh sessions ending within the run. A closed population's are among its cycles.
 */
function initialSignOuts(config: SimConfig): number {
  const w = config.workload;
  if (w.population !== null || !(w.initialConnected > 0)) return 0;
  const residual = w.initialStationary || w.initialSessions === 'residual';
  const endsPlaced = endsWithin(w.session, config.durationS, residual);
  const endsRefused = endsWithin(w.session, config.durationS, false);
  const on = splitByShare(
    w.initialConnected,
    config.pools.map((p) => p.userShare),
  );
  let n = 0;
  config.pools.forEach((p, i) => {
    const active = activeServers(config, p);
    const placed = Math.min(on[i] ?? 0, active * p.admissionLimitPerServer);
    n += placed * endsPlaced + ((on[i] ?? 0) - placed) * endsRefused;
  });
  return n;
}

/**
 * Attempts by users cut off: one server's failure (random or scheduled, or a forced drain) moves
 * its users to the others (a reconnect each, and a retry where they may be refused; those the
 * survivors have no room for, or hold back at their sign-in rate limits, retry more:
 * failure-retries.ts; random failures that leave a pool no server, until one is back:
 * random-outages.ts); a site, database or failback outage cuts off a pool, whose users retry as
 * often as fits in the run.
 */
function cutOffAttempts(config: SimConfig, u: Users, tries: number): number {
  const w = config.workload;
  const perServer = u.alive / Math.max(1, config.servers.length);
  const perPool = u.alive / Math.max(1, config.pools.length);
  // A random failure is two events (the failure and its repair) plus its users' reconnects.
  let n = randomFailures(config) * (2 + 2 * perServer);
  // A server's failures come at any time: their users meet the mean load, for the whole run.
  for (const r of config.randomFaults) {
    const f = randomFailureRetries(config, r, u.mean);
    const slowed = f.stranded + f.rateLimited;
    if (slowed > 0) n += (failuresOf(config, r) / r.servers.length) * slowed;
  }
  const down = serversDown(config);
  config.faults.forEach((f, i) => {
    if (f.kind === 'fail' || f.kind === 'drain') {
      const load = loadAt(config, f.at, u.mean);
      const r = failureRetries(config, f, load, {
        down: Math.max(1, down.at[i] ?? 1),
        before: down.before[i] ?? 0,
        sinceS: down.sinceS[i] ?? 0,
        backAt: backInService(config, f),
        later: laterOutages(config, down.at, i),
      });
      // A soft drain cuts no one off: its users stay until they sign out.
      const slowed = f.kind === 'drain' && !f.force ? 0 : r.rateLimited;
      // A cut-off user's reconnect is one event; one retry more each where it may be refused, or
      // where it may have more users than an even share (safe side).
      const refusable = w.retry.maxAttempts > 0 && (r.stranded > 0 || rateLimited(config, f.target));
      const once = !refusable && firstOutage(config, i);
      const reconnects = once ? Math.max(perServer, r.users) : 2 * perServer;
      n += 1 + OUTAGE_WINDOW_EVENTS + reconnects + r.stranded + slowed;
    } else if (f.kind === 'failSite' || f.kind === 'failDatabase' || f.kind === 'failback')
      n += 1 + attemptsOf(perPool, tries);
    else n += 1;
  });
  return n;
}

/** True if the pool of server `s` has a sign-in rate limit, its servers' or its own. */
function rateLimited(config: SimConfig, s: number): boolean {
  const pool = config.pools[config.servers[s]?.pool ?? -1];
  return pool !== undefined && (pool.signInRatePerServer < Infinity || pool.signInRatePerPool < Infinity);
}

/**
 * The load at `t` of a run whose steady-state load is `mean`: for arrivals, the sign-ins per second
 * then, and the users on then, no more than have come by then nor than the busiest rate keeps on
 * (Little's law), nor fewer than were on at the start; a closed population's is its mean.
 */
function loadAt(config: SimConfig, t: number, mean: FailureLoad): FailureLoad {
  const w = config.workload;
  if (w.population !== null || w.arrivals === null) return mean;
  const rate = new PiecewiseRate(w.arrivals);
  const busiest = w.arrivals.reduce((a, p) => Math.max(a, p.rate), 0) * makeDistribution(w.session).mean;
  const come = w.initialConnected + rate.integral(0, t);
  return { offered: Math.max(w.initialConnected, Math.min(come, busiest)), signInsPerS: rate.rateAt(t) };
}

/**
 * Sign-in attempts refused because the pools are full: the users offered above the admission limits
 * of the active servers wait and retry for as long as `tries` counts (all of them at once when the
 * delay is 0). A closed population whose refused users try every attempt at once and come back after
 * an off-time of 0 never leaves the instant of the first refusal (Infinity).
 */
function refusedAttempts(config: SimConfig, offered: number, tries: number): number {
  let capacity = 0;
  for (const p of config.pools) capacity += activeServers(config, p) * p.admissionLimitPerServer;
  const above = Math.max(0, offered - capacity);
  const w = config.workload;
  const offS = w.offTime === null ? 0 : makeDistribution(w.offTime).mean;
  return above > 0 && !(offS > 0) && !(giveUpAfterS(w.retry) > 0) ? Infinity : attemptsOf(above, tries);
}

/** Expected random failures over the run, of every server of every random fault. */
export function randomFailures(config: SimConfig): number {
  let n = 0;
  for (const r of config.randomFaults) n += failuresOf(config, r);
  return n;
}

/** Expected failures of the servers of `r` over the run: one per mean up-and-down cycle. */
function failuresOf(config: SimConfig, r: RandomFaultConfig): number {
  const cycle = makeDistribution(r.mtbf).mean + makeDistribution(r.mttr).mean;
  return cycle > 0 ? (r.servers.length * config.durationS) / cycle : Infinity;
}
