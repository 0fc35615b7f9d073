// The end-of-run summary: a plain, deterministic object (no wall-clock figures) for summary.json.
import type { ChatWorld } from './chat-world.js';
import { NO_ADMISSION_LIMIT, type SimConfig } from './config.js';
import type { Warning } from './limits.js';
import { loadWarnings } from './load-warnings.js';
import type { Outage } from './outages.js';
import { splitByShare } from './streams.js';
import type { Counter } from './warmup.js';

export interface ServerSummary {
  pool: string;
  site: string;
  /** Supported users (capacityPerServer). */
  capacity: number;
  /** The most users connected to the server at once. */
  peak: number;
  /**
   * The most users the server can ever hold in this scenario, a bound of `peak`: its admission limit, or
   * its pool's users when fewer (a closed population's share; without arrivals or population, the share
   * of the users on at t = 0); null when neither is finite (no admission limit and arrivals). Replicated
   * runs keep the peak's interval within it.
   */
  peakBound: number | null;
  /** Fraction of the run the server was up. */
  availability: number;
  /** Seconds with more users than the supported capacity (20,000 [doc]). */
  secondsOverCapacity: number;
  /** Still above the supported capacity when the run ended: secondsOverCapacity is cut by the run's length. */
  overCapacityAtEnd: boolean;
  /** Spans above the supported capacity (the first 100); `end` null for one still on at the end. */
  overCapacityEpisodes: { start: number; end: number | null }[];
  /** Spans above the supported capacity begun in the run (all of them, listed or not). */
  overCapacityEpisodeCount: number;
  endRole: 'active' | 'standby';
}

export interface OutageSummary {
  start: number;
  end: number | null;
  cause: string;
  /** Connected users it cut off. */
  usersAffected: number;
  /** Affected users connected again within the run. */
  usersRecovered: number;
  /** Affected users who gave up or whose session ended while they were locked out. */
  usersLost: number;
  /** Affected users still trying to reconnect when the run ended. */
  usersStillWaiting: number;
  /** Seconds from the start until every affected user was connected again; null if some never were (or none was affected). */
  recovery_s: number | null;
  /** Seconds until at least 95% of the affected users were connected again; null if more than 5% never were. */
  recovery95_s: number | null;
}

export interface PoolSummary {
  /** Pool state at the end: 0 normal, 1 failed over, 2 no service, 3 failing back, 4 on the mirror. */
  endState: number;
  /** The database copy online at the end: primary, mirror, backup or none. */
  database: string;
  /** User-seconds without service of the pool's users cut off by outages (see Summary). */
  userSecondsWithoutService: number;
  messages?: number;
  /** Most, and last, compliance events queued on the servers while mgccomp was down. */
  complianceBacklogPeak?: number;
  complianceBacklogEnd?: number;
  /** Most events written to mgccomp and not yet exported by the compliance adapter. */
  complianceUnexportedPeak?: number;
  /** Longest wait of an event in mgccomp until exported (see README), seconds. */
  complianceMaxExportWait_s?: number;
  contentDbBytes?: number;
}

/** Statistics of the recovery times of outages that affected users. */
export interface RecoveryStats extends Distribution5 {
  /** Outages that affected users of whom some were never connected again in the run (not in the statistics). */
  unrecovered: number;
}

export interface Distribution5 {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export interface Summary {
  scenario: string;
  seed: number;
  duration_s: number;
  /** Start of the window every figure is taken over (the warm-up; 0 = the whole run). */
  warmup_s: number;
  events_processed: number;
  signIns: {
    attempts: number;
    firstAttempts: number;
    accepted: number;
    denied: number;
    gaveUp: number;
    /** Refused first attempts (blocking's numerator). */
    firstRefused: number;
    /** Refused first attempts / first attempts (a reconnect after a lost server starts a new first attempt). */
    blocking: number;
  };
  /** `peakBound`: the most users all pools can ever hold at once, a bound of peak, mean and end (see ServerSummary). */
  connected: { peak: number; peakBound: number | null; mean: number; end: number };
  /**
   * `peakBound`: the most users that can ever be waiting at once, a bound of peak, mean and end: the
   * closed population, or with neither arrivals nor population the users on at t = 0; null (no bound) otherwise.
   */
  waiting: { peak: number; peakBound: number | null; mean: number; end: number };
  users: {
    initial: number;
    arrivals: number;
    signOuts: number;
    disconnectedByFailures: number;
    /** Distinct users who wanted service in the run (lostFraction's denominator). */
    wanted: number;
    /** Distinct users who gave up or whose session ended while they were locked out. */
    lost: number;
    /** lost / wanted: the users we failed. */
    lostFraction: number;
    /** The most distinct users the scenario can have, a bound of initial, wanted and lost; null: none (see waiting). */
    bound: number | null;
  };
  servers: Record<string, ServerSummary>;
  pools: Record<string, PoolSummary>;
  /**
   * User-seconds without service of users cut off by an outage: from the cut until served again, or
   * for a user who stopped trying until their planned sign-out, at most to the end of the run.
   */
  userSecondsWithoutService: { total: number; pools: Record<string, number> };
  outages: OutageSummary[];
  /** Over outages that affected users and recovered within the run; `unrecovered` counts the others. */
  recovery_s: RecoveryStats;
  /** Rows written to events.csv. */
  eventRows: number;
  /** The scenario's warnings (documented limits its configuration passes), then those of the load. */
  warnings: Warning[];
}

/** Builds the summary; call after `world.finish()`. */
export function summarise(world: ChatWorld): Summary {
  const { tally: t, config, sim, warmup: m } = world;
  const d = config.durationS - m.fromS;
  const c = (k: Counter): number => m.count(world, k);
  const first = c('firstAttempts');
  const refused = c('firstRefused');
  const outages = world.outages.list.slice(m.outagesBefore);
  return {
    scenario: config.name,
    seed: config.seed,
    duration_s: config.durationS,
    warmup_s: m.fromS,
    events_processed: sim.eventsProcessed,
    signIns: {
      attempts: c('attempts'),
      firstAttempts: first,
      accepted: c('accepted'),
      denied: c('denied'),
      gaveUp: c('gaveUp'),
      firstRefused: refused,
      blocking: round(first === 0 ? 0 : refused / first),
    },
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
    users: {
      initial: m.fromS > 0 ? m.onAtStart : t.initial,
      arrivals: c('arrivals'),
      signOuts: c('signOuts'),
      disconnectedByFailures: c('disconnects'),
      wanted: t.wanted,
      lost: t.lost,
      lostFraction: round(t.wanted === 0 ? 0 : t.lost / t.wanted),
      bound: usersBound(config),
    },
    servers: serverSummaries(world, d),
    pools: poolSummaries(world),
    userSecondsWithoutService: {
      total: round(world.outages.totalUserSeconds()),
      pools: Object.fromEntries(
        config.pools.map((p, i) => [p.name, round(world.outages.userSeconds[i] as number)]),
      ),
    },
    outages: outages.map(outageSummary),
    recovery_s: recoveryStats(outages),
    eventRows: world.log.total,
    warnings: [...config.warnings, ...loadWarnings(world)],
  };
}

/**
 * Per pool, the most users it can ever have (as ChatWorld.start places them): its share of a closed
 * population; with neither arrivals nor population, its share of the users on at t = 0 (dropped users
 * come back, nobody new arrives); otherwise (arrivals, or a stationary start) no finite bound.
 */
function poolUserBounds(config: SimConfig): number[] {
  const w = config.workload;
  const shares = config.pools.map((p) => p.userShare);
  if (w.population !== null) return splitByShare(w.population, shares);
  if (w.arrivals === null && !w.initialStationary) return splitByShare(w.initialConnected, shares);
  return shares.map(() => Infinity);
}

/**
 * The most users all pools can hold at once: per pool, its servers' admission limits or its users if
 * fewer; null when some pool has neither (no admission limit and arrivals).
 */
function connectedBound(world: ChatWorld): number | null {
  const { servers: sv, config } = world;
  const poolUsers = poolUserBounds(config);
  const bound = config.pools.reduce((sum, p, i) => {
    const admission = p.servers.reduce((a, s) => a + admissionOf(sv.admission[s] as number), 0);
    return sum + Math.min(admission, poolUsers[i] ?? Infinity);
  }, 0);
  return Number.isFinite(bound) ? bound : null;
}

/** A server's admission limit, Infinity for none. */
function admissionOf(limit: number): number {
  return limit === NO_ADMISSION_LIMIT ? Infinity : limit;
}

/**
 * The most distinct users the scenario can have, and so the most that can wait at once: all pools' users
 * (a closed population, or the users on at t = 0); null when unbounded.
 */
function usersBound(config: SimConfig): number | null {
  const users = poolUserBounds(config).reduce((a, b) => a + b, 0);
  return Number.isFinite(users) ? users : null;
}

/** Per server, over the window [warmup, end]. */
function serverSummaries(world: ChatWorld, d: number): Record<string, ServerSummary> {
  const { servers: sv, config, warmup: m } = world;
  const now = world.sim.now;
  const out: Record<string, ServerSummary> = {};
  const poolUsers = poolUserBounds(config);
  config.servers.forEach((srv, s) => {
    const episodes = sv.overCapacity.list(s).filter((e) => e.end === null || e.end > m.fromS);
    out[srv.name] = {
      pool: config.pools[srv.pool]?.name ?? '',
      site: srv.site,
      capacity: sv.capacity[s] as number,
      peak: sv.peak[s] as number,
      peakBound: finiteOrNull(
        Math.min(admissionOf(sv.admission[s] as number), poolUsers[srv.pool] ?? Infinity),
      ),
      availability: round((sv.upUntil(s, now) - (m.upS[s] as number)) / d),
      secondsOverCapacity: round((sv.overCapacityS[s] as number) - (m.overCapacityS[s] as number)),
      overCapacityAtEnd: (sv.conn[s] as number) > (sv.capacity[s] as number),
      overCapacityEpisodes: episodes.map((e) => ({
        start: round(e.start),
        end: e.end === null ? null : round(e.end),
      })),
      overCapacityEpisodeCount: sv.overCapacity.count(s) - (m.episodesBefore[s] as number),
      endRole: sv.active[s] === 1 ? 'active' : 'standby',
    };
  });
  return out;
}

function outageSummary(o: Outage): OutageSummary {
  return {
    start: round(o.start),
    end: o.end === null ? null : round(o.end),
    cause: o.cause,
    usersAffected: o.usersAffected,
    usersRecovered: o.usersRecovered,
    usersLost: o.usersLost,
    usersStillWaiting: o.usersAffected - o.usersRecovered - o.usersLost,
    recovery_s: o.recoveredAt === null ? null : round(o.recoveredAt - o.start),
    recovery95_s: o.recovered95At === null ? null : round(o.recovered95At - o.start),
  };
}

function recoveryStats(list: readonly Outage[]): RecoveryStats {
  const hit = list.filter((o) => o.usersAffected > 0);
  const times = hit.filter((o) => o.recoveredAt !== null).map((o) => (o.recoveredAt as number) - o.start);
  return { ...distribution5(times), unrecovered: hit.length - times.length };
}

const COPY = ['primary', 'mirror', 'backup'] as const;

function poolSummaries(world: ChatWorld): Record<string, PoolSummary> {
  const { config, databases, messages } = world;
  const out: Record<string, PoolSummary> = {};
  config.pools.forEach((p, i) => {
    const online = databases.online[i] as number;
    const s: PoolSummary = {
      endState: databases.state[i] as number,
      database: online < 0 ? 'none' : (COPY[online] ?? 'none'),
      userSecondsWithoutService: round(world.outages.userSeconds[i] as number),
    };
    if (messages.enabled) {
      s.messages = (messages.messages[i] as number) - (world.warmup.messages[i] as number);
      s.contentDbBytes = messages.contentBytes[i];
      if (p.compliance.enabled) {
        const c = messages.compliance;
        s.complianceBacklogPeak = Math.round(c.peakQueued[i] as number);
        s.complianceBacklogEnd = Math.round(c.queued[i] as number);
        s.complianceUnexportedPeak = Math.round(c.peakUnexported[i] as number);
        s.complianceMaxExportWait_s = round(c.maxExportWaitS(i, world.sim.now));
      }
    }
    out[p.name] = s;
  });
  return out;
}

/** Count, mean, nearest-rank p50 and p95, and max; nulls when empty. */
export function distribution5(values: readonly number[]): Distribution5 {
  if (values.length === 0) return { count: 0, mean: null, p50: null, p95: null, max: null };
  const v = [...values].sort((a, b) => a - b);
  const rank = (q: number) => v[Math.max(0, Math.ceil(q * v.length) - 1)] as number;
  return {
    count: v.length,
    mean: round(v.reduce((a, b) => a + b, 0) / v.length),
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    max: round(v[v.length - 1] as number),
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Nine significant digits: enough for planning, stable across platforms' last-bit noise. */
function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(9)) : x;
}
