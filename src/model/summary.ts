// The end-of-run summary: a plain, deterministic object (no wall-clock figures) for summary.json. What
// each figure is and means is declared once in figures/ (SUMMARY_FIGURES); this file builds the values.
import type { ChatWorld } from './chat-world.js';
import type { Warning } from './limits.js';
import { loadWarnings } from './load-warnings.js';
import { outageSummary, poolSummaries, recoveryStats, round, serverSummaries } from './summary-sections.js';
import { unlimitedSignIns } from './config.js';
import { connectedBound, usersBound } from './user-bounds.js';
import type { Counter } from './warmup.js';

/** One server's figures (`servers.<name>`). */
export interface ServerSummary {
  pool: string;
  site: string;
  capacity: number;
  peak: number;
  peakBound: number | null;
  availability: number;
  secondsOverCapacity: number;
  overCapacityAtEnd: boolean;
  overCapacityEpisodes: { start: number; end: number | null }[];
  overCapacityEpisodeCount: number;
  overCapacityAfterRestore_s: number | null;
  endRole: 'active' | 'standby' | 'failed';
}

/** One entry of `outages`. */
export interface OutageSummary {
  start: number;
  end: number | null;
  cause: string;
  usersAffected: number;
  usersRecovered: number;
  usersLost: number;
  usersLeftWhileWaiting: number;
  usersStillWaiting: number;
  recovery_s: number | null;
  recovery95_s: number | null;
  signInFloor_s: number | null;
  frontEndFloor_s: number | null;
  recoveryPointAge_s: number | null;
  messagesLost: number | null;
  bytesLost: number | null;
  window: OutageWindowSummary;
}

/** An outage's failure window (`outages[].window`): what plan judges each outage on. */
export interface OutageWindowSummary {
  end: number;
  complete: boolean;
  firstAttempts: number;
  firstRefused: number;
  blocking: number;
  usersWanting: number;
  usersLost: number;
  lostFraction: number;
  recovery95_s: number | null;
}

/** One pool's figures (`pools.<name>`); message and compliance figures only with those workloads. */
export interface PoolSummary {
  endState: number;
  database: string;
  userSecondsWithoutService: number;
  messages?: number;
  complianceBacklogPeak?: number;
  complianceBacklogEnd?: number;
  complianceUnexportedPeak?: number;
  complianceMaxExportWait_s?: number;
  contentDbBytes?: number;
}

/** `recovery_s`: the statistics of the outages' recovery times, and the outages not recovered. */
export interface RecoveryStats extends Distribution5 {
  unrecovered: number;
}

/** Count, mean, nearest-rank p50 and p95, and max of a list of values; nulls when empty. */
export interface Distribution5 {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** summary.json of a single run. */
export interface Summary {
  scenario: string;
  seed: number;
  duration_s: number;
  warmup_s: number;
  retryMaxWait_s: number;
  events_processed: number;
  signIns: {
    attempts: number;
    firstAttempts: number;
    accepted: number;
    denied: number;
    gaveUp: number;
    firstRefused: number;
    blocking: number;
  };
  connected: { peak: number; peakBound: number | null; mean: number; end: number };
  waiting: { peak: number; peakBound: number | null; mean: number; end: number };
  users: {
    initial: number;
    arrivals: number;
    signOuts: number;
    disconnectedByFailures: number;
    wanted: number;
    lost: number;
    leftWhileWaiting: number;
    lostFraction: number;
    bound: number | null;
  };
  servers: Record<string, ServerSummary>;
  pools: Record<string, PoolSummary>;
  userSecondsWithoutService: { total: number; pools: Record<string, number> };
  outages: OutageSummary[];
  recovery_s: RecoveryStats;
  eventRows: number;
  warnings: Warning[];
}

/** Builds the summary; call after `world.finish()`. */
export function summarise(world: ChatWorld): Summary {
  const { config, sim, warmup: m } = world;
  const d = config.durationS - m.fromS;
  const outages = world.outages.list.slice(m.outagesBefore);
  return {
    scenario: config.name,
    seed: config.seed,
    duration_s: config.durationS,
    warmup_s: m.fromS,
    retryMaxWait_s: round(config.workload.retry.maxDelayS * (1 + config.workload.retry.jitter)),
    events_processed: sim.eventsProcessed,
    signIns: signInsOf(world),
    ...levelsOf(world, d),
    users: usersOf(world),
    servers: serverSummaries(world, d),
    pools: poolSummaries(world),
    userSecondsWithoutService: {
      total: round(world.outages.totalUserSeconds()),
      pools: Object.fromEntries(
        config.pools.map((p, i) => [p.name, round(world.outages.userSeconds[i] as number)]),
      ),
    },
    outages: outages.map((o) =>
      outageSummary(o, world.outages.windowOf(o, sim.now, false), unlimitedSignIns(config)),
    ),
    recovery_s: recoveryStats(outages),
    eventRows: world.log.total,
    warnings: [...config.warnings, ...loadWarnings(world)],
  };
}

/** `signIns`: the attempts within the summary's window. */
function signInsOf(world: ChatWorld): Summary['signIns'] {
  const c = (k: Counter): number => world.warmup.count(world, k);
  const first = c('firstAttempts');
  const refused = c('firstRefused');
  return {
    attempts: c('attempts'),
    firstAttempts: first,
    accepted: c('accepted'),
    denied: c('denied'),
    gaveUp: c('gaveUp'),
    firstRefused: refused,
    blocking: round(first === 0 ? 0 : refused / first),
  };
}

/** `connected` and `waiting`: peak, its bound, the mean over the window's `d` seconds, at the end. */
function levelsOf(world: ChatWorld, d: number): Pick<Summary, 'connected' | 'waiting'> {
  const { tally: t, config, warmup: m } = world;
  return {
    connected: {
      peak: t.peakConnected,
      peakBound: connectedBound(world),
      mean: round((t.connectedUserS - m.connectedUserS) / d),
      end: t.connected,
    },
    waiting: {
      peak: t.peakWaiting,
      peakBound: usersBound(config),
      mean: round((t.waitingUserS - m.waitingUserS) / d),
      end: t.waiting,
    },
  };
}

/** `users`: who came, left, was cut off, wanted service and was lost. */
function usersOf(world: ChatWorld): Summary['users'] {
  const { tally: t, config, warmup: m } = world;
  const c = (k: Counter): number => m.count(world, k);
  return {
    initial: m.fromS > 0 ? m.onAtStart : t.initial,
    arrivals: c('arrivals'),
    signOuts: c('signOuts'),
    disconnectedByFailures: c('disconnects'),
    wanted: t.wanted,
    lost: t.lost,
    leftWhileWaiting: t.leftWhileWaiting,
    lostFraction: round(t.wanted === 0 ? 0 : t.lost / t.wanted),
    bound: usersBound(config),
  };
}
