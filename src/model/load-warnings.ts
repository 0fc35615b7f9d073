// Warnings from the simulated load: the documented limits the run passed (all pools above 80,000
// concurrent users, a server above its supported capacity or above the 30,000 worst case), with when,
// for how long and the peak, over the summary's window. The wording is shared with the replicated runs.
import type { ChatWorld } from './chat-world.js';
import { spanText } from './figures/span-text.js';
import { DOC_LIMITS, type LoadWarning, type LoadWarningCode } from './limits.js';

/** `12,345` */
function users(n: number): string {
  return n.toLocaleString('en-US');
}

/** `1h05m00s`, `4m30s`, `12s`, `0.25s`: a span or a time of the run in words ({@link spanText}). */
export function clock(seconds: number): string {
  return spanText(seconds);
}

/**
 * The first half of a load warning's sentence: what went above which documented limit, up to the
 * figures (`Server pc1 held more than the 20,000 concurrent users a server supports [doc]`).
 */
export function loadWarningLead(code: LoadWarningCode, subject: string, limit: number): string {
  switch (code) {
    case 'all-pools-over-80000':
      return `Connected users across all pools were above the ${users(limit)} concurrent users all pools together support [doc]`;
    case 'server-over-capacity':
      return limit === DOC_LIMITS.supportedUsersPerServer
        ? `Server ${subject} held more than the ${users(limit)} concurrent users a server supports [doc]`
        : `Server ${subject} held more than its capacityPerServer of ${users(limit)} users (a server supports ${users(DOC_LIMITS.supportedUsersPerServer)} concurrent users [doc])`;
    case 'server-over-30000':
      return `Server ${subject} held more than ${users(limit)} users, beyond the documented worst case of a server "hosting as many as 30,000 users" after a failure [doc]`;
    case 'users-over-150000':
      return `More distinct users signed in or tried to (an open model: every arrival is a new user) than the ${users(limit)} users that can be enabled for Persistent Chat [doc]`;
    default:
      return code satisfies never;
  }
}

/** One warning, its message the lead and this run's figures. */
function loadWarning(
  code: LoadWarningCode,
  subject: string,
  limit: number,
  figures: { firstAt_s: number; seconds: number; peak: number; atEnd: boolean },
): LoadWarning {
  const end = figures.atEnd ? ', still above it when the run ended' : '';
  const message = `${loadWarningLead(code, subject, limit)} for ${clock(figures.seconds)} in all, first at ${clock(figures.firstAt_s)}, peak ${users(figures.peak)} users${end}.`;
  return {
    code,
    subject,
    message,
    limit,
    firstAt_s: round(figures.firstAt_s),
    seconds: round(figures.seconds),
    peak: figures.peak,
    atEnd: figures.atEnd,
  };
}

/** The load warnings of a finished run (call after `world.finish()`), over the summary's window. */
export function loadWarnings(world: ChatWorld): LoadWarning[] {
  const { servers: sv, warmup: m } = world;
  const capacity = (i: number): number => sv.capacity[i] as number;
  const worst = (): number => DOC_LIMITS.worstCaseUsersPerServer;
  return [
    ...allPoolsWarnings(world),
    ...serverWarnings(
      world,
      'server-over-capacity',
      capacity,
      sv.firstOverCapacityAt,
      sv.overCapacityS,
      m.overCapacityS,
    ),
    ...serverWarnings(
      world,
      'server-over-30000',
      worst,
      sv.firstOverWorstCaseAt,
      sv.overWorstCaseS,
      m.overWorstCaseS,
    ),
  ];
}

/** The warnings about all pools together: connected users over 80,000, users over 150,000. */
function allPoolsWarnings(world: ChatWorld): LoadWarning[] {
  const { tally: t, warmup: m } = world;
  const out: LoadWarning[] = [];
  const all = DOC_LIMITS.supportedUsersAllPools;
  if (t.firstOverAllPoolsAt >= 0)
    out.push(
      loadWarning('all-pools-over-80000', 'all pools', all, {
        firstAt_s: t.firstOverAllPoolsAt,
        seconds: t.overAllPoolsS - m.overAllPoolsS,
        peak: t.peakConnected,
        atEnd: t.connected > all,
      }),
    );
  // A closed population above it is a scenario warning; an open model's users are counted as they come.
  if (t.firstOverProvisionedAt >= 0 && world.config.workload.population === null)
    out.push(
      loadWarning('users-over-150000', 'all pools', DOC_LIMITS.provisionedUsers, {
        firstAt_s: t.firstOverProvisionedAt,
        seconds: world.sim.now - t.firstOverProvisionedAt,
        peak: t.wanted,
        atEnd: true,
      }),
    );
  return out;
}

/**
 * One warning per server that passed its limit (`limit(s)`), in server order: first crossing, the time
 * above it over the window (the integral less its value at the warm-up's end), peak, and at the end.
 */
function serverWarnings(
  world: ChatWorld,
  code: LoadWarningCode,
  limit: (s: number) => number,
  firstAt: ArrayLike<number>,
  secondsAbove: ArrayLike<number>,
  atWarmup: ArrayLike<number>,
): LoadWarning[] {
  const sv = world.servers;
  const out: LoadWarning[] = [];
  for (let s = 0; s < sv.n; s++) {
    if ((firstAt[s] as number) < 0) continue;
    out.push(
      loadWarning(code, sv.names[s] as string, limit(s), {
        firstAt_s: firstAt[s] as number,
        seconds: (secondsAbove[s] as number) - (atWarmup[s] as number),
        peak: sv.peak[s] as number,
        atEnd: (sv.conn[s] as number) > limit(s),
      }),
    );
  }
  return out;
}

/** Nine significant digits, as the rest of the summary. */
function round(x: number): number {
  return Number(x.toPrecision(9));
}
