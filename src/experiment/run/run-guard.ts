// A run that turns out far costlier than its up-front estimate stops itself rather than run for days or
// die of out-of-memory with its results half-written: beyond 4 times the estimated events (unless the
// planner confirmed the run with --yes), or beyond its memory limit (always). The command then ends
// with exit 2 and one line, and nothing is left.
import { UsageError } from '../../errors.js';
import type { CostEstimate } from './cost-estimate.js';
import { machineMemory } from './machine-memory.js';

/** How far past its estimate a run may go before it is stopped (assumption: the estimate is within a factor of 10 for every shipped scenario and usually far closer). */
export const GUARD_FACTOR = 4;
/** Share of the machine's memory (or its container's limit) a run may hold at most (assumption: room for the system). */
const MACHINE_SHARE = 0.9;
/** The memory guard never stops a run below this resident size, whatever the estimate (assumption: a run a planner's laptop holds). */
const GUARD_FLOOR_BYTES = 4e9;

/** What a run may use; plain data, so a worker thread gets it with its task. */
export interface RunGuard {
  /** Events after which the run stops (Infinity with --yes). */
  readonly maxEvents: number;
  readonly estimatedEvents: number;
  /** Resident memory of the process after which the run stops. */
  readonly maxRssBytes: number;
  readonly estimatedBytes: number;
}

/** Raised inside a run that passed its guard; a usage error (exit 2): the scenario asked for it. */
export class RunStopped extends UsageError {}

/**
 * The guard of one run estimated at `perRun` (events of one run; memory of the whole command): 4 times
 * the events unless `confirmed`; memory up to 4 GB or 4 times the estimate, whichever is larger, but
 * never beyond 90% of the machine's memory.
 */
export function runGuard(perRun: CostEstimate, memory: CostEstimate, confirmed: boolean): RunGuard {
  const events = perRun.events;
  return {
    maxEvents: confirmed ? Infinity : GUARD_FACTOR * events,
    estimatedEvents: events,
    maxRssBytes: Math.min(
      Math.max(GUARD_FLOOR_BYTES, GUARD_FACTOR * memory.memoryBytes),
      MACHINE_SHARE * machineMemory(),
    ),
    estimatedBytes: memory.memoryBytes,
  };
}

function short(x: number): string {
  return x.toPrecision(2).replace('e+', 'e');
}

function megabytes(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toPrecision(2)} GB` : `${Math.round(b / 1e6)} MB`;
}

/**
 * Wall time between two reads of the resident memory, ms. perf: a read is a system call of about
 * 10 µs, and a run checks its guard every chunk of events (thousands of times in a long run); memory
 * grows with users and pending events, far slower than this (assumption).
 */
const MEMORY_EVERY_MS = 25;
/** When this thread last read its resident memory (performance.now()). */
let memoryReadAt = -Infinity;

/**
 * Stops a run past its guard. `events` and `nowS` are the run's so far; memory is read at most every
 * {@link MEMORY_EVERY_MS}.
 * @throws RunStopped with the one line the command ends with
 */
export function checkGuard(guard: RunGuard | null, events: number, nowS: number): void {
  if (guard === null) return;
  if (events > guard.maxEvents)
    throw new RunStopped(
      `the run needs far more events than estimated (${short(events)} ${at(nowS)}, estimated ${short(guard.estimatedEvents)} for the whole run): retrying users pile up; add --yes to run it anyway`,
    );
  const now = performance.now();
  if (now - memoryReadAt < MEMORY_EVERY_MS) return;
  memoryReadAt = now;
  const rss = process.memoryUsage.rss();
  if (rss > guard.maxRssBytes)
    throw new RunStopped(
      `the run needs far more memory than estimated (${megabytes(rss)} ${at(nowS)}, estimated ${megabytes(guard.estimatedBytes)}, limit ${megabytes(guard.maxRssBytes)}): stopped before the machine runs out; make the run smaller (fewer users or replications, a shorter duration)`,
    );
}

function at(nowS: number): string {
  return `at t = ${Math.round(nowS)} s`;
}
