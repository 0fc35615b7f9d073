// The parts of the summary built per server, per pool and per outage, over the window [warmup, end].
import type { ChatWorld } from './chat-world.js';
import { DOC_LIMITS } from './limits.js';
import type { Outage, OutageWindow } from './outage.js';
import type { Distribution5, OutageSummary, PoolSummary, RecoveryStats, ServerSummary } from './summary.js';
import { admissionOf, poolUserBounds } from './user-bounds.js';

/** Per server, over the window [warmup, end]. */
export function serverSummaries(world: ChatWorld, d: number): Record<string, ServerSummary> {
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
      overCapacityAfterRestore_s:
        (sv.overAfterRestoreAt[s] as number) < 0
          ? null
          : round(
              (sv.overCapacityS[s] as number) -
                Math.max(sv.overAtRestoreS[s] as number, m.overCapacityS[s] as number),
            ),
      endRole: (sv.down[s] as number) > 0 ? 'failed' : sv.active[s] === 1 ? 'active' : 'standby',
    };
  });
  return out;
}

/**
 * One entry of the summary's `outages`; `open` is its window as of the run's end, if still open. With
 * `unlimited` sign-in throughput, the floors of its recovery: its users at the capacity model's peak
 * join rate read as sign-ins [doc, ambiguous], and after a site failover at the Front End pool's logon
 * limit [doc].
 */
export function outageSummary(o: Outage, open: OutageWindow, unlimited: boolean): OutageSummary {
  const w = o.window ?? open;
  const floor = (ratePerS: number): number | null => (unlimited ? round(o.usersAffected / ratePerS) : null);
  return {
    start: round(o.start),
    end: o.end === null ? null : round(o.end),
    cause: o.cause,
    usersAffected: o.usersAffected,
    usersRecovered: o.usersRecovered,
    usersLost: o.usersLost,
    usersLeftWhileWaiting: o.usersLeftWhileWaiting,
    usersStillWaiting: o.usersAffected - o.usersRecovered - o.usersLost - o.usersLeftWhileWaiting,
    recovery_s: o.recoveredAt === null ? null : round(o.recoveredAt - o.start),
    recovery95_s: o.recovered95At === null ? null : round(o.recovered95At - o.start),
    signInFloor_s: floor(DOC_LIMITS.peakJoinRatePerS),
    frontEndFloor_s: o.siteFailover ? floor(DOC_LIMITS.frontEndLogonsPerS) : null,
    recoveryPointAge_s: o.recoveryPointAgeS === null ? null : round(o.recoveryPointAgeS),
    messagesLost: o.messagesLost,
    bytesLost: o.bytesLost,
    window: {
      end: round(w.end),
      complete: w.complete,
      firstAttempts: w.firstAttempts,
      firstRefused: w.firstRefused,
      blocking: round(w.firstAttempts === 0 ? 0 : w.firstRefused / w.firstAttempts),
      usersWanting: w.usersWanting,
      usersLost: w.usersLost,
      lostFraction: round(w.usersWanting === 0 ? 0 : w.usersLost / w.usersWanting),
      recovery95_s: w.recovered95At === null ? null : round(w.recovered95At - o.start),
    },
  };
}

/** Over the outages that cut off users who still wanted service (not only users who left while waiting). */
export function recoveryStats(list: readonly Outage[]): RecoveryStats {
  const hit = list.filter((o) => o.usersAffected > o.usersLeftWhileWaiting);
  const times = hit.filter((o) => o.recoveredAt !== null).map((o) => (o.recoveredAt as number) - o.start);
  return { ...distribution5(times), unrecovered: hit.length - times.length };
}

const COPY = ['primary', 'mirror', 'backup'] as const;

export function poolSummaries(world: ChatWorld): Record<string, PoolSummary> {
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
export function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(9)) : x;
}
