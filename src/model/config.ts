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
export type FaultKind = typeof FAULT_FAIL | typeof FAULT_RESTORE | typeof FAULT_FAIL_SITE | typeof FAULT_RESTORE_SITE;

/** A scheduled fault: `target` is a server index (fail/restore) or a site index (failSite/restoreSite). */
export interface FaultAction {
  readonly at: number;
  readonly kind: FaultKind;
  readonly target: number;
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
  /** Documented limits this scenario exceeds (allowUnsupported) and other notices for the summary. */
  readonly warnings: readonly string[];
}
