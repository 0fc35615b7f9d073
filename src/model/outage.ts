// One outage's record: the users it affected and what became of them, its recovery times and its
// failure window's bounds and figures. OutageTracker (outages.ts) keeps the list and counts into it.
import type { OutageWindowConfig } from './config.js';

/** One outage, as the tracker counts it and the summary reports it. */
export interface Outage {
  readonly start: number;
  readonly cause: string;
  /** When the cause was cleared (server restored, database online again); null if never in the run. */
  end: number | null;
  usersAffected: number;
  /** Affected users connected again. */
  usersRecovered: number;
  /** Affected users who gave up (refused with no retry left): the system failed them. */
  usersLost: number;
  /** Affected users whose planned session ended before they were served again. */
  usersLeftWhileWaiting: number;
  /** When the last affected user was connected again. */
  lastServedAt: number | null;
  /** A pool's backup database was brought online (a site failover) while it was open. */
  siteFailover: boolean;
  /**
   * What those site failovers lost: the oldest backup's age, seconds, and the messages and bytes
   * written after the last shipped log (summed over pools; null without a messages workload).
   */
  recoveryPointAgeS: number | null;
  messagesLost: number | null;
  bytesLost: number | null;
  /**
   * When the last affected user who still wanted service was connected again; null while some are lost
   * or still waiting (or none was served).
   */
  recoveredAt: number | null;
  /**
   * When 95% of the affected users who still wanted service (users who left while waiting taken out as
   * they leave) were connected again; null if never in the run.
   */
  recovered95At: number | null;
  /** The tally's first attempts and refusals when it began: its window counts from them. */
  readonly attemptsAtStart: number;
  readonly refusedAtStart: number;
  /** When every affected user who still wanted service was first back, gave up or left; null before. */
  settledAt: number | null;
  /**
   * Its window's bounds, as configured when it began (a branch's changed settings apply to outages
   * that begin after its instant).
   */
  readonly windowMaxS: number;
  readonly windowSettleS: number;
  /** When its window ends: start + max + settle, or earlier once it settles. */
  windowEndAt: number;
  /** Its window's figures once it closed; null while open. */
  window: OutageWindow | null;
}

/** What an outage's window counts when it closes (or the run ends first). */
export interface OutageWindow {
  /** When it closed. */
  readonly end: number;
  /** First sign-in attempts, all pools, within it; and those refused. */
  readonly firstAttempts: number;
  readonly firstRefused: number;
  /** Affected users who still wanted service (all but those who left while waiting). */
  readonly usersWanting: number;
  /** Of them, users who gave up or were still waiting at its end. */
  readonly usersLost: number;
  /** When 95% of them were back, if within it; null otherwise. */
  readonly recovered95At: number | null;
  /** Closed within the run (false: the run ended first, the figures are as of the run's end). */
  readonly complete: boolean;
}

/** The counts a window is taken from: the tally's first attempts and refusals, since t = 0. */
export interface AttemptCounts {
  readonly firstAttempts: number;
  readonly firstRefused: number;
}

/** A new outage at `start`: nobody affected yet, its window from the tally's counts `counts` now. */
export function newOutage(
  start: number,
  cause: string,
  counts: AttemptCounts,
  w: OutageWindowConfig,
): Outage {
  return {
    start,
    cause,
    end: null,
    usersAffected: 0,
    usersRecovered: 0,
    usersLost: 0,
    usersLeftWhileWaiting: 0,
    lastServedAt: null,
    siteFailover: false,
    recoveryPointAgeS: null,
    messagesLost: null,
    bytesLost: null,
    recoveredAt: null,
    recovered95At: null,
    attemptsAtStart: counts.firstAttempts,
    refusedAtStart: counts.firstRefused,
    settledAt: null,
    windowMaxS: w.maxS,
    windowSettleS: w.settleS,
    windowEndAt: start + w.maxS + w.settleS,
    window: null,
  };
}

/** Affected users of `o` still trying to be served again. */
export function stillWaiting(o: Outage): number {
  return o.usersAffected - o.usersRecovered - o.usersLost - o.usersLeftWhileWaiting;
}

/** Whether 95% of the users of `o` who still want service (all but those who left) were served again. */
export function reached95(o: Outage): boolean {
  return o.usersRecovered * 20 >= (o.usersAffected - o.usersLeftWhileWaiting) * 19;
}

/**
 * Notes the recovery times `o` has reached, at its last user served: 95% of those who still want
 * service, and all of them (once nobody gave up and nobody is still waiting).
 */
export function settle(o: Outage): void {
  if (o.lastServedAt === null) return;
  if (o.recovered95At === null && reached95(o)) o.recovered95At = o.lastServedAt;
  const resolved = o.usersRecovered + o.usersLeftWhileWaiting === o.usersAffected;
  if (o.recoveredAt === null && o.usersLost === 0 && resolved) o.recoveredAt = o.lastServedAt;
}
