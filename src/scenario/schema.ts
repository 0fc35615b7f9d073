// The scenario file's zod schema: the contract for every key a planner can write.
// Keys are the TypeScript field names, so an error path points at the key as typed.
// Every numeric default that models the product names its source: [doc] = ../shared/domain.md, or "assumption".
import type { output, ZodType } from 'zod';
import { z } from './zod.js';
import type { ActionKind, FaultKind } from '../model/config.js';
import { DURATION_FORMS, DURATION_PATTERN, parseDuration } from './duration.js';

const DURATION_RULE = `expected ${DURATION_FORMS}`;

/**
 * A duration or a time of the run: number = seconds, or "90s" / "15m" / "8h" / "7d", or a clock time
 * "08:15" / "1d 08:15" (t = 0 is 00:00 of day 0). Parsed to seconds. The string's pattern is for
 * editors (the JSON Schema); the parser checks it, ranges included.
 */
export const duration = z
  .union([z.number(), z.string().meta({ pattern: DURATION_PATTERN })])
  .transform((v, ctx) => {
    const s = parseDuration(v);
    if (s === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `Invalid duration: ${DURATION_RULE}; received ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return s;
  });

/** The warm-up: a time of the run (a duration or a clock time), or "auto" (found from the run by MSER-5, see experiment/run/auto-warmup.ts). */
const warmup = z
  .union([z.number(), z.string().meta({ pattern: `^(?:auto|${DURATION_PATTERN.slice(1, -1)})$` })])
  .transform((v, ctx): number | 'auto' => {
    if (v === 'auto') return 'auto';
    const s = parseDuration(v);
    if (s === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `Invalid warm-up: expected "auto" or ${DURATION_RULE.replace('expected ', '')}; received ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    return s;
  });

const positiveDuration = duration.refine((s) => s > 0, {
  message: 'Invalid duration: expected more than 0 seconds',
});
/** At most 100 characters: a name becomes a file or folder name (255 bytes with pchat-sim's suffixes). */
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
  message:
    'Invalid name: expected 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit',
});
const finite = z.number().finite();

/** A probability distribution of a duration; every time value in seconds after parsing. */
export const distribution = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('fixed'), mean: duration }),
  z.strictObject({ dist: z.literal('exponential'), mean: positiveDuration }),
  z.strictObject({ dist: z.literal('lognormal'), mean: positiveDuration, sd: duration }),
  z.strictObject({ dist: z.literal('weibull'), mean: positiveDuration, shape: finite.positive() }),
  z.strictObject({ dist: z.literal('uniform'), min: duration, max: duration }).refine((u) => u.max >= u.min, {
    message: 'Invalid uniform distribution: expected max ≥ min',
    path: ['max'],
  }),
]);

const server = z.strictObject({
  name,
  site: name.default('dc1'),
  role: z.enum(['active', 'standby']).default('active'),
});

/** The pool's content database (mgc) [doc: SQL mirroring or clustering; AlwaysOn is not supported]. */
const database = z.strictObject({
  mirror: z.boolean().default(false),
  witness: z.boolean().default(false),
  /** [doc] database mirror failover RTO is 5 minutes. */
  mirrorFailoverTime: duration.default(300),
  /** Assumption: an administrator acts on a database failure within 15 minutes. */
  adminReactionTime: duration.default(900),
  /** Rejected when true: SQL Server AlwaysOn Availability Groups are not supported [doc]. */
  alwaysOn: z.boolean().default(false),
  /** Site of the primary copy; default: the site of the pool's first active server. */
  site: name.optional(),
  /** Site of the mirror copy; default: the primary's site. */
  mirrorSite: name.optional(),
  /** Site of the log-shipped backup for disaster recovery; default: the pool's other site, if any. */
  backupSite: name.optional(),
  /**
   * How often log shipping brings the backup up to date. Assumption: SQL Server's default backup
   * schedule of 15 minutes, one step standing for the backup, copy and restore jobs.
   */
  logShippingInterval: positiveDuration
    .default(900)
    .describe(
      "How often log shipping brings the disaster-recovery backup up to date (default 15m, SQL Server's default schedule: an assumption); a site failover loses what was written since",
    ),
  /** When the first log shipment of the schedule falls: shipments at offset + k × interval. */
  logShippingOffset: duration
    .default(0)
    .describe('When log shipments fall: at logShippingOffset + k × logShippingInterval (default 0)'),
});
const DATABASE_DEFAULT = {
  mirror: false,
  witness: false,
  mirrorFailoverTime: 300,
  adminReactionTime: 900,
  alwaysOn: false,
  logShippingInterval: 900,
  logShippingOffset: 0,
};

/** The compliance database (mgccomp) and the server-side queue in front of it. */
const compliance = z.strictObject({
  enabled: z.boolean().default(false),
  /** [doc] the compliance adapter collects events every 15 minutes by default. */
  adapterInterval: positiveDuration.default(900),
  /** Assumption: queued events are written at 1,000/s once mgccomp is back. */
  drainRatePerS: finite.positive().default(1000),
  /** Site of mgccomp; default: the content database's primary site. It is never failed over [doc]. */
  site: name
    .optional()
    .describe("Site of the compliance database (mgccomp); default: the content database's primary site"),
});
const COMPLIANCE_DEFAULT = { enabled: false, adapterInterval: 900, drainRatePerS: 1000 };

const pool = z.strictObject({
  name,
  /** Standard Edition only: Persistent Chat collocated on the Front End server [doc]. */
  collocated: z
    .boolean()
    .default(false)
    .describe('Standard Edition only: Persistent Chat on the Front End server (then exactly one server)'),
  /** Supported concurrent users per server: 20,000 [doc]. */
  capacityPerServer: finite
    .int()
    .positive()
    .default(20000)
    .describe('Supported concurrent users per server; 20,000 is the documented maximum'),
  /**
   * Where a server refuses new sign-ins, the admin's policy; default: no limit (assumption: the docs
   * describe transfer to the survivors, "as many as 30,000", and 503s at no stated level).
   */
  admissionLimitPerServer: finite
    .int()
    .positive()
    .optional()
    .describe(
      'Users at which a server refuses new sign-ins; default: no limit, a server takes the users sent to it (20,000 models refusals, 30,000 the documented overload)',
    ),
  /** Sign-ins per second one server accepts; beyond it a 503 [param, no default: unlimited]. */
  signInRatePerServer: finite
    .positive()
    .optional()
    .describe('Sign-ins per second one server accepts; beyond it a 503 and a retry (default: unlimited)'),
  /**
   * Sign-ins per second the whole pool accepts [param, no default: unlimited; the capacity model's
   * "peak join rate" of 10/s [doc] may be read as this]; a sign-in needs a token from its server and
   * from its pool.
   */
  signInRatePerPool: finite
    .positive()
    .optional()
    .describe(
      "Sign-ins per second the whole pool accepts, beside each server's own; beyond it a 503 and a retry (default: unlimited; the capacity model's peak join rate is 10/s)",
    ),
  /** Relative share of the users homed on this pool [param, assumption: equal shares]. */
  userShare: finite
    .positive()
    .default(1)
    .describe('Relative share of the users homed on this pool (a fraction or a head count)'),
  servers: z.array(server).min(1, { message: 'a pool needs at least one server' }),
  database: database.default(DATABASE_DEFAULT),
  compliance: compliance.default(COMPLIANCE_DEFAULT),
});

/** An instant of the run, as the keys `at` and `warmup` take it. */
const time = (what: string) =>
  duration.describe(
    `${what}: seconds, a duration like "2h45m" or a clock time like "08:15", "1d 08:15" (t = 0 is 00:00 of day 0)`,
  );

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
    pools: z.array(pool).min(1, { message: 'a topology needs at least one pool' }),
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
