// A run that turns out far costlier than its up-front estimate stops itself rather than run for days or
// die of out-of-memory with its results half-written: beyond 4 times the estimated events (unless the
// planner confirmed the run with --yes), beyond its memory limit, or stuck at one instant (always). The
// command then ends with exit 2 and one line, and nothing is left.
import { UsageError } from '../../errors.js';
import type { ChatWorld } from '../../model/chat-world.js';
import { usersBound } from '../../model/user-bounds.js';
import type { SimConfig } from '../../model/config.js';
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

/** Events any instant may hold beyond its users' (assumption: far above its faults, actions and samples). */
const STILL_FLOOR = 1 << 22;
/** How many times the most events an instant can legitimately hold a run may fire there before it stops. */
const STILL_FACTOR = 8;

/**
 * The most events a run may fire without its clock moving, for `users` users at most: 8 times what one
 * instant can hold (each user's session end, return, reconnect and attempts, the first and every retry
 * should they wait 0 s; each server's and fault's own), plus {@link STILL_FLOOR}. Unlimited retries
 * wait above 0 s (scenario rules), so they count once.
 */
export function stillLimit(config: SimConfig, users: number): number {
  const retries = config.workload.retry.maxAttempts;
  const perUser = (Number.isFinite(retries) ? retries : 1) + 3;
  return STILL_FLOOR + STILL_FACTOR * (users * perUser + config.servers.length + config.faults.length);
}

/** One run's guard at work between its chunks: {@link checkGuard}, and its clock watched for standing still. */
export class GuardWatch {
  /** A closed population's users, or null (an open model's: as many as its user table holds room for). */
  private readonly users: number | null;
  private clockS = NaN;
  /** Events fired when the clock was last seen to move. */
  private movedAt = 0;

  /** With a null `guard`, {@link check} checks nothing. */
  constructor(
    private readonly guard: RunGuard | null,
    private readonly world: Pick<ChatWorld, 'config' | 'sim' | 'users'>,
  ) {
    this.users = usersBound(world.config);
  }

  /**
   * Checks the guard where the run is now; the clock standing still past {@link stillLimit} events
   * (seen a chunk late at most) stops it whatever the guard's events, --yes or not.
   * @throws RunStopped with the one line the command ends with
   */
  check(): void {
    if (this.guard === null) return;
    const { sim, config } = this.world;
    const events = sim.eventsProcessed;
    checkGuard(this.guard, events, sim.now);
    if (sim.now !== this.clockS) {
      this.clockS = sim.now;
      this.movedAt = events;
      return;
    }
    const still = events - this.movedAt;
    if (still > stillLimit(config, this.users ?? this.world.users.capacity))
      throw new RunStopped(
        `the run is stuck ${at(sim.now)}: ${short(still)} events without the clock moving; users here come back or try again at once (a workload.offTime, workload.session or workload.retry.delay of 0 s); give them a time above 0 s`,
      );
  }
}
