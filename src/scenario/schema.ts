// The scenario file's zod schema: the contract for every key a planner can write.
// Keys are the TypeScript field names, so an error path points at the key as typed.
// Every numeric default that models the product names its source: [doc] = ../shared/domain.md, or "assumption".
import type { output, ZodType } from 'zod';
import { z } from './zod.js';
import type { ActionKind, FaultKind } from '../model/config.js';
import { poolSchema } from './pool-schema.js';
import { distribution, duration, finite, name, positiveDuration, time, warmup } from './schema-fields.js';

const rateProfilePoint = z.strictObject({
  at: time('Time of day the rate starts'),
  rate: finite.nonnegative(),
});
/**
 * Open-model sign-ins: a constant `rate` (per second), a daily piecewise-constant `profile`, or a
 * `profileFile` of measured sign-ins (read into `profile` when the scenario file is loaded).
 */
const arrivals = z
  .strictObject({
    rate: finite.nonnegative().optional(),
    profile: z.array(rateProfilePoint).min(1).optional(),
    profileFile: z
      .string()
      .optional()
      .describe(
        'CSV of measured sign-ins, relative to this file: a header time,rate or time,count, then rows in increasing time of day',
      ),
  })
  .refine((a) => [a.rate, a.profile, a.profileFile].filter((x) => x !== undefined).length === 1, {
    message:
      'arrivals has exactly one of rate (sign-ins per second), profile ([{ at, rate }, ...]) or profileFile (a CSV file)',
  });

/** Retry defaults: desktop clients keep trying to sign in (assumptions; the 503 retry policy is undocumented). */
const RETRY_DEFAULT = {
  delay: { dist: 'fixed' as const, mean: 60 },
  backoff: 2,
  jitter: 0.5,
  maxDelay: 900,
  maxAttempts: 'unlimited' as const,
};

const retry = z.strictObject({
  /** Assumption: a client retries a refused sign-in after 60 s. */
  delay: distribution.default(RETRY_DEFAULT.delay),
  /** Assumption: each retry waits twice as long as the one before (exponential backoff). */
  backoff: finite.min(1).default(RETRY_DEFAULT.backoff),
  /** Assumption: each wait is scaled by a uniform factor in [1 − jitter, 1 + jitter], so retries spread. */
  jitter: finite.min(0).max(0.99).default(RETRY_DEFAULT.jitter),
  /** Assumption: no wait (before jitter) is longer than 15 minutes. */
  maxDelay: duration.default(RETRY_DEFAULT.maxDelay),
  /** Retries after the first refused attempt; 0 = give up at once. Assumption: unlimited (clients never stop). */
  maxAttempts: z
    .union([finite.int().nonnegative(), z.literal('unlimited')])
    .default(RETRY_DEFAULT.maxAttempts),
});

const workload = z.strictObject({
  arrivals: arrivals.optional(),
  population: finite.int().nonnegative().optional(),
  offTime: distribution.optional(),
  /** Assumption: an 8-hour working-day session, exponential. */
  session: distribution.default({ dist: 'exponential', mean: 8 * 3600 }),
  initialConnected: z
    .union([finite.int().nonnegative(), z.literal('stationary')])
    .default(0)
    .describe('Users on at t = 0, or "stationary": drawn from the pool\'s steady state as a loss system'),
  /** Remaining sessions of the users on at t = 0: the stationary residual (default) or whole fresh sessions. */
  initialSessions: z.enum(['residual', 'fresh']).default('residual'),
  balancing: z
    .enum(['least-connections', 'round-robin', 'random', 'power-of-two-choices'])
    .default('least-connections'),
  /** Assumption: clients notice the lost server and retry after ~30 s on average. */
  reconnectDelay: distribution.default({ dist: 'exponential', mean: 30 }),
  retry: retry.default(RETRY_DEFAULT),
});

const randomFaults = z.strictObject({
  servers: z.union([z.literal('all'), z.array(name).min(1)]).default('all'),
  mtbf: distribution,
  mttr: distribution,
});

/** Keys of a shape: every model kind must be one (a missing one is a compile error here). */
type Shape<Kind extends string> = Record<Kind, ZodType> & Record<string, ZodType>;

const fault = z.strictObject({
  at: time('When the fault happens').optional(),
  fail: name.optional(),
  restore: name.optional(),
  failSite: name.optional(),
  restoreSite: name.optional(),
  failDatabase: name.optional(),
  restoreDatabase: name.optional(),
  failCompliance: name.optional(),
  restoreCompliance: name.optional(),
  random: randomFaults.optional(),
} satisfies Shape<FaultKind>);

/** Administrator actions at scheduled times [doc: Set-CsPersistentChatActiveServer, failback]. */
const action = z.strictObject({
  at: time('When the administrator acts'),
  setActive: name.optional(),
  servers: z.array(name).optional(),
  swap: name.optional(),
  drain: name.optional(),
  mode: z.enum(['soft', 'force']).optional(),
  deadline: duration.optional(),
  activate: name.optional(),
  failback: name.optional(),
  duration: duration.optional(),
} satisfies Shape<ActionKind>);

/** Chat message volume [doc: 24 messages/s for 80,000 users]. */
const messages = z.strictObject({
  /** [doc] 24 messages/s × 3,600 s / 80,000 users = 1.08 messages per connected user per hour. */
  perUserPerHour: finite.nonnegative().default(1.08),
  /** Assumption: 1,000 bytes of content database per message (text, metadata, indexes). */
  bytesPerMessage: finite.nonnegative().default(1000),
  initialContentDbBytes: finite.nonnegative().default(0),
});

const failover = z.strictObject({
  /** The administrator's reaction time before promoting a standby [param]; omitted = never. */
  promoteStandbyAfter: duration.optional(),
  onRestore: z.enum(['standby', 'active']).default('standby'),
  /**
   * Assumption (default false): when a server returns to the active list, users above capacity on
   * the other active servers move to it [doc: users are transferred "until the unavailable server is restored"].
   */
  rebalanceOnRestore: z.boolean().default(false),
  /** The manual site disaster-recovery procedure's duration [param]; omitted = never done. */
  site: z.strictObject({ after: duration }).optional(),
});

/**
 * Each outage's failure window, over which its window figures (outages[].window) are taken: from the
 * outage until every affected user who still wants service is back, gave up or left (at most `max`
 * after it), plus `settle`. Assumption: 4 h, and one retry.maxDelay (15 minutes by default) to settle.
 */
const outageWindow = z.strictObject({
  max: positiveDuration.default(4 * 3600),
  settle: duration.optional(),
});

/** The whole scenario file. */
export const scenarioSchema = z.strictObject({
  name: name.default('scenario').describe('Results go to results/<name>/ unless --out'),
  description: z.string().optional(),
  seed: finite
    .int()
    .nonnegative()
    .default(1)
    .describe('Random seed: same scenario and seed, byte-identical outputs'),
  duration: positiveDuration
    .default(8 * 3600)
    .describe('Simulated time: seconds, or "90s", "15m", "8h", "7d"'),
  sampleEvery: positiveDuration.default(60).describe('Time between two timeline.csv rows'),
  warmup: warmup
    .default(0)
    .describe(
      'Every summary figure is taken over [warmup, duration]; the timeline shows the whole run. Seconds, a duration like "2h45m", a clock time like "08:15", "1d 08:15" (t = 0 is 00:00 of day 0), or "auto": found from a pilot run by MSER-5',
    ),
  allowUnsupported: z
    .boolean()
    .default(false)
    .describe('Turn documented-limit violations (5+ active servers, >20,000 per server) into warnings'),
  topology: z.strictObject({
    edition: z.enum(['standard', 'enterprise']),
    pools: z.array(poolSchema).min(1, { message: 'a topology needs at least one pool' }),
    /** Groups of sites with a low-latency, high-bandwidth link [doc: the 2 + 2 stretched layout needs one]. */
    lowLatencySites: z
      .array(z.array(name).min(2, { message: 'a low-latency group names at least 2 sites' }))
      .default([])
      .describe(
        "Groups of sites with a low-latency, high-bandwidth link: active servers may be in the database's site or one linked to it",
      ),
  }),
  workload: workload.default({
    session: { dist: 'exponential', mean: 8 * 3600 },
    initialConnected: 0,
    initialSessions: 'residual',
    balancing: 'least-connections',
    reconnectDelay: { dist: 'exponential', mean: 30 },
    retry: RETRY_DEFAULT,
  }),
  faults: z
    .array(fault)
    .default([])
    .describe(
      'Scheduled and random failures: fail/restore, failSite/restoreSite, failDatabase/restoreDatabase, failCompliance/restoreCompliance, random',
    ),
  actions: z
    .array(action)
    .default([])
    .describe('Administrator actions: setActive, swap, drain, activate, failback'),
  messages: messages.optional().describe('Chat message volume and content database growth (omit for none)'),
  failover: failover.default({ onRestore: 'standby', rebalanceOnRestore: false }),
  outageWindow: outageWindow
    .default({ max: 4 * 3600 })
    .describe(
      "Each outage's failure window (outages[].window): until everyone affected who still wants service is back, gave up or left, at most max (default 4h) after it, plus settle (default workload.retry.maxDelay)",
    ),
});

/** The scenario file after parsing: durations in seconds, defaults filled. */
export type ParsedScenario = output<typeof scenarioSchema>;
export type ParsedDistribution = output<typeof distribution>;
