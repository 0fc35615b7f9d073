// Where an estimated cost needs the planner's --yes: the limits on events, output and memory, and the
// one line that says which of them a run passes, with its figures.
import type { CostEstimate } from './cost-estimate.js';
import { bytes, duration, sci } from './cost-words.js';
import { machineMemory } from './machine-memory.js';

/**
 * Limits above which a run must be confirmed (assumption: what a planner's laptop does in well under an
 * hour); the events' limit holds for the work, the users placed at t = 0 counted in events' worth.
 */
export const COST_LIMITS = Object.freeze({ events: 2e9, outputBytes: 4e9 });
/**
 * Share of this machine's memory (or its container's limit) a run may be estimated at without --yes
 * (assumption: the estimate is within ±25%, and the guard stops a run at 90%).
 */
export const MEMORY_SHARE = 0.7;
/** Assumed simulation speed for the time figure only (the median of the shipped scenarios on a shared 2-core machine; yours may differ). */
export const ASSUMED_EVENTS_PER_S = 2e6;

/**
 * One line naming what exceeds COST_LIMITS or {@link MEMORY_SHARE} of `machineBytes` (this machine's
 * memory, or its container's limit), with the figures, each `at least` when `e` is a `floor`; undefined
 * if the run is within them.
 */
export function costProblem(
  e: CostEstimate,
  machineBytes = machineMemory(),
  floor = false,
): string | undefined {
  const about = floor ? 'at least' : 'about';
  const over: string[] = [];
  // The work: the events and, in events' worth, the users placed at t = 0 before the first event.
  const work = e.wallS * ASSUMED_EVENTS_PER_S;
  if (e.events === Infinity)
    over.push(
      'an unbounded number of events (users come back or try again at the instant they leave or are refused, so the clock would stand still; a run stuck so stops itself)',
    );
  else if (!(e.events <= COST_LIMITS.events && work <= COST_LIMITS.events)) {
    const what =
      work - e.events >= 0.01 * work
        ? `${sci(work)} events' worth of work, placing the users on at t = 0 included`
        : `${sci(e.events)} events`;
    over.push(`${about} ${what} (${duration(e.wallS)} at ${sci(ASSUMED_EVENTS_PER_S)} events/s)`);
  }
  if (!(e.outputBytes <= COST_LIMITS.outputBytes))
    over.push(
      `${about} ${bytes(e.outputBytes)} of output (${sci(e.timelineRows)} timeline rows${e.logRows >= 1e6 ? `, ${sci(e.logRows)} events.csv rows` : ''})`,
    );
  if (!(e.memoryBytes <= MEMORY_SHARE * machineBytes))
    over.push(
      `${about} ${bytes(e.memoryBytes)} of memory, more than ${Math.round(100 * MEMORY_SHARE)}% of this machine's ${bytes(machineBytes)}`,
    );
  if (over.length === 0) return undefined;
  return `this run is expected to need ${over.join(', ')}; beyond ${sci(COST_LIMITS.events)} events or ${bytes(COST_LIMITS.outputBytes)} of output, add --yes to run it anyway`;
}
