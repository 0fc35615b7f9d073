// What plan judges in one run of a candidate, read from its summary in this one place: the counts the
// blocking and lost targets pool, and the worst server's time over capacity.
import type { Json, ReplicationResult } from '../run/replicate.js';

/** The figures of one run (replication) that the targets are judged on. */
export interface RunFigures {
  /** Refused first attempts (blocking's numerator). */
  readonly refused: number;
  /** First attempts (blocking's denominator). */
  readonly firstAttempts: number;
  /** Users lost (lost's numerator). */
  readonly lost: number;
  /** Users who wanted service (lost's denominator). */
  readonly wanting: number;
  /** The most seconds any server of the pool spent over capacity. */
  readonly overCapacityS: number;
  /** A server was still over capacity when the run ended (its time is cut by the run: a miss). */
  readonly overCapacityAtEnd: boolean;
  /** The run's length after the warm-up: no server is over capacity longer. */
  readonly windowS: number;
}

function section(s: { [key: string]: Json }, name: string): { [key: string]: Json } {
  const v = s[name];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

function num(v: Json | undefined): number {
  return typeof v === 'number' ? v : NaN;
}

/** The figures plan judges, from one run's summary. */
export function runFigures(r: ReplicationResult): RunFigures {
  const s = r.summary;
  const signIns = section(s, 'signIns');
  const users = section(s, 'users');
  const servers = Object.values(section(s, 'servers')).filter(
    (v): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v),
  );
  return {
    refused: num(signIns['firstRefused']),
    firstAttempts: num(signIns['firstAttempts']),
    lost: num(users['lost']),
    wanting: num(users['wanted']),
    overCapacityS: Math.max(0, ...servers.map((v) => num(v['secondsOverCapacity']))),
    overCapacityAtEnd: servers.some((v) => v['overCapacityAtEnd'] === true),
    windowS: num(s['duration_s']) - (typeof s['warmup_s'] === 'number' ? s['warmup_s'] : 0),
  };
}
