// The end-of-run summary: a plain, deterministic object (no wall-clock figures) for summary.json.
import type { ChatWorld } from './chat-world.js';

export interface ServerSummary {
  pool: string;
  site: string;
  peak: number;
  /** Fraction of the run the server was up. */
  availability: number;
  /** Seconds with more users than the supported capacity (20,000 [doc]). */
  secondsOverCapacity: number;
  endRole: 'active' | 'standby';
}

export interface Summary {
  scenario: string;
  seed: number;
  duration_s: number;
  events_processed: number;
  signIns: {
    attempts: number;
    firstAttempts: number;
    accepted: number;
    denied: number;
    gaveUp: number;
    /** Refused first attempts / first attempts (a reconnect after a lost server starts a new first attempt). */
    blocking: number;
  };
  connected: { peak: number; mean: number; end: number };
  waiting: { peak: number; mean: number; end: number };
  users: { initial: number; arrivals: number; signOuts: number; disconnectedByFailures: number };
  servers: Record<string, ServerSummary>;
  failureEvents: number;
  warnings: string[];
}

/** Builds the summary; call after `world.finish()`. */
export function summarise(world: ChatWorld): Summary {
  const { tally: t, servers: sv, config, sim } = world;
  const d = config.durationS;
  const servers: Record<string, ServerSummary> = {};
  config.servers.forEach((srv, s) => {
    servers[srv.name] = {
      pool: config.pools[srv.pool]?.name ?? '',
      site: srv.site,
      peak: sv.peak[s] as number,
      availability: round((sv.upS[s] as number) / d),
      secondsOverCapacity: round(sv.overCapacityS[s] as number),
      endRole: sv.active[s] === 1 ? 'active' : 'standby',
    };
  });
  return {
    scenario: config.name,
    seed: config.seed,
    duration_s: d,
    events_processed: sim.eventsProcessed,
    signIns: {
      attempts: t.attempts,
      firstAttempts: t.firstAttempts,
      accepted: t.accepted,
      denied: t.denied,
      gaveUp: t.gaveUp,
      blocking: round(t.firstAttempts === 0 ? 0 : t.firstRefused / t.firstAttempts),
    },
    connected: { peak: t.peakConnected, mean: round(t.connectedUserS / d), end: t.connected },
    waiting: { peak: t.peakWaiting, mean: round(t.waitingUserS / d), end: t.waiting },
    users: { initial: t.initial, arrivals: t.arrivals, signOuts: t.signOuts, disconnectedByFailures: t.disconnects },
    servers,
    failureEvents: world.log.total,
    warnings: [...config.warnings],
  };
}

/** Nine significant digits: enough for planning, stable across platforms' last-bit noise. */
function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(9)) : x;
}
