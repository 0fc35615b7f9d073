// The model's input: a frozen, validated, normalised description of one run (all times in seconds).
// Built by src/scenario from a scenario file; the model trusts it and re-checks nothing.
import { EngineError } from '../errors.js';
import type { DistSpec } from '../random/distributions.js';
import type { ScenarioWarning } from './limits.js';

export type Edition = 'standard' | 'enterprise';

/**
 * `admissionLimitPerServer` when the scenario sets none: no cap, servers take the users sent to them
 * (assumption: the docs describe users "automatically transferred" to the survivors, "as many as
 * 30,000", and 503s only "under heavy load"). The largest int32, as ServerTable.admission is an
 * Int32Array (Infinity would become 0).
 */
export const NO_ADMISSION_LIMIT = 2147483647;
export type Balancing = 'least-connections' | 'round-robin' | 'random' | 'power-of-two-choices';
export type Role = 'active' | 'standby';

export interface ServerConfig {
  readonly name: string;
  readonly site: string;
  /** Index into SimConfig.sites. */
  readonly siteIndex: number;
  /** Index into SimConfig.pools. */
  readonly pool: number;
  /** Role at t = 0 (the administrator's active list). */
  readonly role: Role;
}

/** The pool's content database (mgc) and its copies [doc: mirroring or clustering; no AlwaysOn]. */
export interface DatabaseConfig {
  /** A SQL mirror copy exists. */
  readonly mirror: boolean;
  /** A witness lets the mirror take over automatically. */
  readonly witness: boolean;
  /** Seconds for the mirror to take over (with a witness: from the failure; without: after the admin reacts). */
  readonly mirrorFailoverTime: number;
  /** Seconds before an administrator acts on a database failure. */
  readonly adminReactionTime: number;
  /** Site index of the primary copy. */
  readonly site: number;
  /** Site index of the mirror copy (-1 if no mirror). */
  readonly mirrorSite: number;
  /** Site index of the log-shipped backup used for site disaster recovery (-1 if none). */
  readonly backupSite: number;
  /** Seconds between two log shipments to the backup (assumption: SQL Server's default, 15 minutes). */
  readonly logShippingIntervalS: number;
  /** Shipments fall at `logShippingOffsetS + k × logShippingIntervalS` seconds, for every integer k. */
  readonly logShippingOffsetS: number;
}

/** The pool's compliance database (mgccomp) and its server-side queue. */
export interface ComplianceConfig {
  readonly enabled: boolean;
  /** How often the compliance adapter collects events [doc: 15 minutes by default]; exports at its multiples from t = 0. */
  readonly adapterIntervalS: number;
  /** Site index of mgccomp; a failure of that site takes it down, and it is never failed over [doc]. */
  readonly site: number;
  /** Queued events written to mgccomp per second once it is back (assumption). */
  readonly drainRatePerS: number;
}

/** Chat message volume, accrued per interval rather than one event per message. */
export interface MessagesConfig {
  /** Messages per connected user per hour [doc: 24 messages/s for 80,000 users = 1.08]. */
  readonly perUserPerHour: number;
  /** Bytes the content database grows by per message (assumption). */
  readonly bytesPerMessage: number;
  /** Content database size at t = 0, bytes. */
  readonly initialContentDbBytes: number;
}

export interface PoolConfig {
  readonly name: string;
  readonly collocated: boolean;
  /** Supported concurrent users per server (20,000 [doc]). */
  readonly capacityPerServer: number;
  /** Users at which a server refuses new sign-ins; {@link NO_ADMISSION_LIMIT} when the scenario sets none. */
  readonly admissionLimitPerServer: number;
  /** Sign-ins per second one server accepts; Infinity = unlimited. */
  readonly signInRatePerServer: number;
  /** Sign-ins per second the whole pool accepts (a token bucket beside each server's); Infinity = unlimited. */
  readonly signInRatePerPool: number;
  /** Fraction of the users homed on this pool (shares sum to 1). */
  readonly userShare: number;
  /** Indices into SimConfig.servers, in file order. */
  readonly servers: readonly number[];
  readonly database: DatabaseConfig;
  readonly compliance: ComplianceConfig;
}

export interface RetryConfig {
  readonly delay: DistSpec;
  /** Each retry's base wait is the previous one's times `backoff` (≥ 1). */
  readonly backoff: number;
  /** Each wait is scaled by a uniform factor in [1 − jitter, 1 + jitter]; 0 ≤ jitter < 1. */
  readonly jitter: number;
  /** Longest base wait, seconds (before jitter). */
  readonly maxDelayS: number;
  /** Retries after a refused attempt; 0 = give up at once; Infinity = never give up. */
  readonly maxAttempts: number;
}

export interface WorkloadConfig {
  /** Open model: piecewise-constant sign-in rate over a day (per second); null = no arrivals. */
  readonly arrivals: readonly { readonly at: number; readonly rate: number }[] | null;
  /** Closed model: the finite population; null = open model. */
  readonly population: number | null;
  readonly offTime: DistSpec | null;
  readonly session: DistSpec;
  /** Users on at t = 0 (with initialStationary: the expected number, all pools). */
  readonly initialConnected: number;
  /** Draw the users on at t = 0 from each pool's stationary distribution (stationary-start.ts). */
  readonly initialStationary: boolean;
  /** 'residual': users on at t = 0 have a stationary residual session; 'fresh': a whole one. */
  readonly initialSessions: 'residual' | 'fresh';
  readonly balancing: Balancing;
  readonly reconnectDelay: DistSpec;
  readonly retry: RetryConfig;
}

/** Scheduled fault kinds, named as the scenario keys that ask for them. */
export const FAULT_KINDS = [
  'fail',
  'restore',
  'failSite',
  'restoreSite',
  'failDatabase',
  'restoreDatabase',
  'failCompliance',
  'restoreCompliance',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Administrator action kinds, named as the scenario keys that ask for them. */
export const ACTION_KINDS = ['setActive', 'swap', 'drain', 'activate', 'failback'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/**
 * A scheduled fault. `target` is a server index (fail, restore), a site index (failSite,
 * restoreSite) or a pool index (database and compliance faults).
 */
export type Fault =
  | { readonly at: number; readonly kind: 'fail' | 'restore'; readonly target: number }
  | { readonly at: number; readonly kind: 'failSite' | 'restoreSite'; readonly target: number }
  | { readonly at: number; readonly kind: 'failDatabase' | 'restoreDatabase'; readonly target: number }
  | { readonly at: number; readonly kind: 'failCompliance' | 'restoreCompliance'; readonly target: number };

/** A scheduled administrator action. `target` is a pool index, or a server index for drain and activate. */
export type Action =
  | {
      readonly at: number;
      readonly kind: 'setActive';
      readonly target: number;
      /** The new active list (server indices). */
      readonly servers: readonly number[];
    }
  | { readonly at: number; readonly kind: 'swap'; readonly target: number }
  | {
      readonly at: number;
      readonly kind: 'drain';
      readonly target: number;
      /** 'force' disconnects the users left at the deadline. */
      readonly force: boolean;
      /** Seconds from the drain to the deadline. */
      readonly seconds: number;
    }
  | { readonly at: number; readonly kind: 'activate'; readonly target: number }
  | {
      readonly at: number;
      readonly kind: 'failback';
      readonly target: number;
      /** The failback's duration, seconds. */
      readonly seconds: number;
      /** The active list afterwards (server indices); null = the pool's pre-failure list. */
      readonly servers: readonly number[] | null;
    };

/** A scheduled fault or administrator action, discriminated by `kind`. */
export type FaultAction = Fault | Action;

/**
 * The default branch of an exhaustive switch over kinds: the call compiles only when every kind
 * has its case, so a new kind makes the compiler list every switch to extend.
 * @throws EngineError if reached at run time (a kind the build did not know).
 */
export function unknownKind(kind: never): never {
  throw new EngineError(`unknown fault or action kind ${JSON.stringify(kind)}`);
}

/** An alternating up/down renewal process on each listed server. */
export interface RandomFaultConfig {
  readonly servers: readonly number[];
  readonly mtbf: DistSpec;
  readonly mttr: DistSpec;
}

export interface FailoverConfig {
  /** Administrator's reaction time before a standby is promoted; Infinity = never. */
  readonly promoteStandbyAfter: number;
  readonly onRestore: Role;
  /** When a server returns to the active list, users above capacity on the others move to it. */
  readonly rebalanceOnRestore: boolean;
  /** Duration of the manual site disaster-recovery procedure; Infinity = never done. */
  readonly siteAfter: number;
}

/** Each outage's failure window (outages[].window). */
export interface OutageWindowConfig {
  /** The window ends at most this long after the outage began, before settling. */
  readonly maxS: number;
  /** Added after everyone affected is back (or after maxS): refusals of the last retries count. */
  readonly settleS: number;
}

export interface SimConfig {
  readonly name: string;
  readonly seed: number;
  readonly durationS: number;
  readonly sampleEveryS: number;
  /**
   * Every summary figure is taken over [warmupS, durationS]; 0 = the whole run. NaN while `warmupAuto`
   * waits for its pilot run (a world refuses to start then).
   */
  readonly warmupS: number;
  /** `warmup: auto`: warmupS is (or will be) the truncation point MSER-5 found on a pilot run. */
  readonly warmupAuto: boolean;
  readonly edition: Edition;
  readonly allowUnsupported: boolean;
  readonly sites: readonly string[];
  /**
   * Per site index: the other sites with a low-latency, high-bandwidth link to it (topology.lowLatencySites).
   * Active servers must be in the database's site or one of these [doc].
   */
  readonly linkedSites: readonly (readonly number[])[];
  readonly pools: readonly PoolConfig[];
  readonly servers: readonly ServerConfig[];
  readonly workload: WorkloadConfig;
  readonly faults: readonly FaultAction[];
  readonly randomFaults: readonly RandomFaultConfig[];
  readonly failover: FailoverConfig;
  readonly outageWindow: OutageWindowConfig;
  readonly messages: MessagesConfig | null;
  /** Documented limits this scenario's configuration passes (some only with allowUnsupported). */
  readonly warnings: readonly ScenarioWarning[];
}

/** Whether no pool's sign-ins are held to a rate (per server or per pool): recovery then assumes unlimited throughput. */
export function unlimitedSignIns(config: SimConfig): boolean {
  return config.pools.every((p) => p.signInRatePerServer === Infinity && p.signInRatePerPool === Infinity);
}

/** Whether a server in site `site` may be active while its pool's database is in site `dbSite` [doc]. */
export function siteAllowed(config: SimConfig, site: number, dbSite: number): boolean {
  return site === dbSite || (config.linkedSites[dbSite]?.includes(site) ?? false);
}
