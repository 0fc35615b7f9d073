// One replication in memory: its summary, its timeline samples as one flat Float64Array, its events.
// The unit of work worker threads run. Replication k's seed depends only on (scenario seed, k).
import { ChatWorld } from '../model/chat-world.js';
import type { SimConfig } from '../model/config.js';
import type { EventRecord } from '../model/event-log.js';
import { summarise } from '../model/summary.js';
import { timelineColumns } from '../model/timeline.js';
import { Rng, streamSeed } from '../random/rng.js';
import { sampleTimes } from './run-scenario.js';

/** A JSON value: what summaries become after a JSON round trip (the form partial results store). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One replication to run: `config` already carries the replication's own seed. */
export interface ReplicationTask {
  /** Position in the experiment (replication order, or point × replications + replication). */
  readonly index: number;
  readonly config: SimConfig;
  /** Keep every timeline sample (replication runs need them for per-time means and bands). */
  readonly timeline: boolean;
  /** Keep the event log (failures, promotions...) for events.csv. */
  readonly events: boolean;
  /** Warm-up deletion: per-column means of the samples at t ≥ warmupS; null = none. */
  readonly warmupS: number | null;
}

/** What a replication returns; everything but the timeline is plain JSON, so it survives a file. */
export interface ReplicationResult {
  readonly index: number;
  /** The run's Summary after a JSON round trip (non-finite numbers become null, as in summary.json). */
  readonly summary: { [key: string]: Json };
  /** Timeline column → mean of its samples at t ≥ warm-up; null without a warm-up. */
  readonly steady: { [column: string]: number } | null;
  readonly events: readonly EventRecord[];
  /** Row-major samples (rows × columns of {@link timelineHeader}), or null when not kept. */
  readonly timeline: Float64Array | null;
}

/**
 * The seed of replication `k`: the scenario's own seed for k = 0 (so replication 0 is the plain run),
 * else 53 bits drawn from the named stream `seed/replication/k`. It depends on neither the number of
 * replications nor the worker count.
 */
export function replicationSeed(seed: number, k: number): number {
  if (k === 0) return seed;
  return Math.floor(new Rng(streamSeed(seed, 'replication', k)).next() * 2 ** 53);
}

/** The timeline columns of a run (the timeline.csv contract), as the model names them. */
export function timelineHeader(config: SimConfig): string[] {
  return timelineColumns(config);
}

/** Runs one replication to the end of its scenario, synchronously. */
export function runReplication(task: ReplicationTask): ReplicationResult {
  const { config } = task;
  const world = new ChatWorld(config);
  world.start();
  // Always sampled as a plain run is: sampling accrues message volume per interval, so skipping it
  // would change the figures, and replication 0 would no longer equal the plain run.
  const header = world.timelineColumns();
  const cols = header.length;
  const times = sampleTimes(config);
  const timeline = new Float64Array(times.length * cols);
  const events: EventRecord[] = [];
  for (let k = 0; k < times.length; k++) {
    world.advanceTo(times[k] as number);
    const row = timeline.subarray(k * cols, (k + 1) * cols);
    world.sampleInto(row);
    row[0] = Math.round((row[0] as number) * 1000) / 1000;
    keepEvents(world, task.events ? events : null);
  }
  world.advanceTo(config.durationS);
  world.finish();
  keepEvents(world, task.events ? events : null);
  const summary = JSON.parse(JSON.stringify(summarise(world))) as { [key: string]: Json };
  const steady = task.warmupS !== null ? windowMeans(timeline, header, task.warmupS) : null;
  return { index: task.index, summary, steady, events, timeline: task.timeline ? timeline : null };
}

/** Moves the world's new event records into `into`, or drops them; the log never grows unbounded. */
function keepEvents(world: ChatWorld, into: EventRecord[] | null): void {
  const drained = world.log.drain();
  if (into !== null) for (const r of drained) into.push(r);
}

/** Per-column means of the rows at time ≥ `fromS` (column 0 is time_s and is skipped). */
export function windowMeans(
  timeline: Float64Array,
  header: readonly string[],
  fromS: number,
): { [column: string]: number } {
  const cols = header.length;
  const sums = new Float64Array(cols);
  let n = 0;
  for (let r = 0; r * cols < timeline.length; r++) {
    if ((timeline[r * cols] as number) < fromS) continue;
    n++;
    for (let c = 1; c < cols; c++) sums[c] = (sums[c] as number) + (timeline[r * cols + c] as number);
  }
  const out: { [column: string]: number } = {};
  for (let c = 1; c < cols; c++) out[header[c] as string] = n === 0 ? NaN : (sums[c] as number) / n;
  return out;
}
