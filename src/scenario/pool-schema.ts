// A pool of the scenario's topology: its servers and their limits, its content database (mgc) and
// its compliance database (mgccomp). [doc] = ../shared/domain.md; "assumption" where the docs say nothing.
import { z } from './zod.js';
import { duration, finite, name, positiveDuration } from './schema-fields.js';

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

/** A pool: its servers, their capacity and limits, its content and compliance databases. */
export const poolSchema = z.strictObject({
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
