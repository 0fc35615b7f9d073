// The model's input: a frozen, validated, normalised description of one run (all times in seconds).
// Built by src/scenario from a scenario file; the model trusts it and re-checks nothing.
import type { DistSpec } from '../random/distributions.js';

export type Edition = 'standard' | 'enterprise';
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
}

/** The pool's compliance database (mgccomp) and its server-side queue. */
export interface ComplianceConfig {
  readonly enabled: boolean;
  /** How often the compliance adapter collects events [doc: 15 minutes by default]. */
  readonly adapterIntervalS: number;
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
  /** Users at which a server refuses new sign-ins. */
  readonly admissionLimitPerServer: number;
  /** Sign-ins per second one server accepts; Infinity = unlimited. */
  readonly signInRatePerServer: number;
  /** Fraction of the users homed on this pool (shares sum to 1). */
  readonly userShare: number;
  /** Indices into SimConfig.servers, in file order. */
  readonly servers: readonly number[];
  readonly database: DatabaseConfig;
  readonly compliance: ComplianceConfig;
}

export interface RetryConfig {
  readonly delay: DistSpec;
  readonly backoff: number;
  /** Retries after a refused attempt; 0 = give up at once. */
  readonly maxAttempts: number;
}

export interface WorkloadConfig {
  /** Open model: piecewise-constant sign-in rate over a day (per second); null = no arrivals. */
  readonly arrivals: readonly { readonly at: number; readonly rate: number }[] | null;
  /** Closed model: the finite population; null = open model. */
  readonly population: number | null;
  readonly offTime: DistSpec | null;
  readonly session: DistSpec;
  readonly initialConnected: number;
  /** 'residual': users on at t = 0 have a stationary residual session; 'fresh': a whole one. */
  readonly initialSessions: 'residual' | 'fresh';
  readonly balancing: Balancing;
  readonly reconnectDelay: DistSpec;
  readonly retry: RetryConfig;
}

export const FAULT_FAIL = 0;
export const FAULT_RESTORE = 1;
export const FAULT_FAIL_SITE = 2;
export const FAULT_RESTORE_SITE = 3;
export const FAULT_FAIL_DB = 4;
export const FAULT_RESTORE_DB = 5;
export const FAULT_FAIL_COMPLIANCE = 6;
export const FAULT_RESTORE_COMPLIANCE = 7;
export const ACTION_SET_ACTIVE = 8;
export const ACTION_SWAP = 9;
export const ACTION_DRAIN = 10;
export const ACTION_ACTIVATE = 11;
export const ACTION_FAILBACK = 12;
export type FaultKind = number;

/**
 * A scheduled fault or administrator action. `target` is a server index (fail, restore, drain,
 * activate), a site index (failSite, restoreSite) or a pool index (database, compliance, setActive,
 * swap, failback).
 */
export interface FaultAction {
  readonly at: number;
  readonly kind: FaultKind;
  readonly target: number;
  /** setActive: the new active list (server indices). */
  readonly servers?: readonly number[];
  /** drain: 'force' disconnects the users left at the deadline. */
  readonly force?: boolean;
  /** drain: seconds from the drain to the deadline; failback: its duration. */
  readonly seconds?: number;
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
  /** Duration of the manual site disaster-recovery procedure; Infinity = never done. */
  readonly siteAfter: number;
}

export interface SimConfig {
  readonly name: string;
  readonly seed: number;
  readonly durationS: number;
  readonly sampleEveryS: number;
  readonly edition: Edition;
  readonly allowUnsupported: boolean;
  readonly sites: readonly string[];
  readonly pools: readonly PoolConfig[];
  readonly servers: readonly ServerConfig[];
  readonly workload: WorkloadConfig;
  readonly faults: readonly FaultAction[];
  readonly randomFaults: readonly RandomFaultConfig[];
  readonly failover: FailoverConfig;
  readonly messages: MessagesConfig | null;
  /** Documented limits this scenario exceeds (allowUnsupported) and other notices for the summary. */
  readonly warnings: readonly string[];
}
