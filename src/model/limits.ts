// The documented limits of Persistent Chat Server [doc: ../shared/domain.md, "Limits"] and the shape
// of the warnings that say a scenario, or the load it produced, went past one of them.

/** Documented limits [doc]. */
export const DOC_LIMITS = Object.freeze({
  maxActivePerPool: 4,
  maxServersPerPool: 8,
  /** Concurrent users a server supports [doc]. */
  supportedUsersPerServer: 20000,
  /** Concurrent users across all pools together [doc]. */
  supportedUsersAllPools: 80000,
  /** After one of four servers fails, survivors "might be hosting as many as 30,000 users" [doc]. */
  worstCaseUsersPerServer: 30000,
  /** Users enabled for Persistent Chat the documentation sizes for [doc]. */
  provisionedUsers: 150000,
  /** The capacity model's "peak join rate", per second [doc; ambiguous: room joins or sign-ins]. */
  peakJoinRatePerS: 10,
  /** The Front End pool "doesn't support more than 12 concurrent user logon sessions per second" [doc]. */
  frontEndLogonsPerS: 12,
});

/** Warnings about the scenario itself (its configuration), checked at load. */
export const SCENARIO_WARNING_CODES = [
  'too-many-active-servers',
  'too-many-servers',
  'capacity-over-20000',
  'topology-sized-over-80000',
  'admission-limit-over-30000',
  'population-over-150000',
] as const;
export type ScenarioWarningCode = (typeof SCENARIO_WARNING_CODES)[number];

/** Warnings about the simulated load, computed at the end of the run. */
export const LOAD_WARNING_CODES = [
  'all-pools-over-80000',
  'server-over-capacity',
  'server-over-30000',
  'users-over-150000',
] as const;
export type LoadWarningCode = (typeof LOAD_WARNING_CODES)[number];

/** A documented limit the scenario's configuration passes. */
export interface ScenarioWarning {
  readonly code: ScenarioWarningCode;
  /** The scenario key it is about (`topology.pools[0].capacityPerServer`). */
  readonly subject: string;
  /** A full sentence citing the documented fact. */
  readonly message: string;
  /** The documented limit. */
  readonly limit: number;
  /** What the scenario sets. */
  readonly value: number;
}

/** A documented limit the simulated load passed, over the summary's window [warmup, end]. */
export interface LoadWarning {
  readonly code: LoadWarningCode;
  /** A server's name, or `all pools`. */
  readonly subject: string;
  readonly message: string;
  /** The limit passed: users above it count. */
  readonly limit: number;
  /** When the load first went above the limit (the window's start if it already was). */
  readonly firstAt_s: number;
  /** Seconds in all with more users than the limit (cut by the run's end when `atEnd`). */
  readonly seconds: number;
  /** The most users at once. */
  readonly peak: number;
  /** Still above the limit when the run ended. */
  readonly atEnd: boolean;
}

export type Warning = ScenarioWarning | LoadWarning;
