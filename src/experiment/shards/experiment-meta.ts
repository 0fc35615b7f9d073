// What finishing an experiment needs besides the replications' results: kept in memory for a whole
// run and written into every partial result, so `merge` finishes exactly as the unsharded run does.
import type { Json } from '../run/replicate.js';

/** `run --replications N`: task k is replication k. */
export interface RunMeta {
  readonly kind: 'run';
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  /** Warm-up deleted from the steady-state means, in seconds; null = none. */
  readonly warmupS: number | null;
  /** Timeline columns (time_s first). */
  readonly header: readonly string[];
  /** Timeline rows per replication. */
  readonly rows: number;
}

/** `sweep`: task p × replications + k is replication k of grid point p. */
export interface SweepMeta {
  readonly kind: 'sweep';
  readonly scenario: string;
  readonly seed: number;
  readonly replications: number;
  readonly warmupS: number | null;
  /** The swept keys, as typed (`workload.initialConnected`). */
  readonly axes: readonly string[];
  /** Each grid point's value per axis, as typed or expanded from a range. */
  readonly points: readonly (readonly Json[])[];
}

export type ExperimentMeta = RunMeta | SweepMeta;

/** Tasks in an experiment. */
export function taskCount(meta: ExperimentMeta): number {
  return meta.kind === 'run' ? meta.replications : meta.points.length * meta.replications;
}
