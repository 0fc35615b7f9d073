// One simulation run streamed to an output folder: timeline.csv, events.csv, summary.json, run.json.
// The model runs synchronously in chunks; rows are written between chunks, never per event.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { writeJsonAtomic } from '../io/atomic-file.js';
import { CsvFile } from '../io/csv-file.js';
import { ChatWorld } from '../model/chat-world.js';
import type { SimConfig } from '../model/config.js';
import type { EventRecord } from '../model/event-log.js';
import { summarise, type Summary } from '../model/summary.js';

/** Timeline columns before the per-server ones: the output contract. */
export const TIMELINE_FIXED = ['time_s', 'connected', 'waiting', 'denied', 'active_servers'] as const;
export const EVENTS_HEADER = ['time_s', 'event', 'server', 'detail'] as const;
/** Timeline rows between two waits for the CSV streams to drain. */
const ROWS_PER_CHUNK = 1024;
/** Wall-clock ms between yields to the event loop, so Ctrl-C (SIGINT/SIGTERM handlers) is served promptly. */
const YIELD_MS = 100;

export interface RunInfo {
  wall_s: number;
  events_per_s: number;
  node: string;
}

export interface RunResult {
  readonly summary: Summary;
  /** Machine-dependent figures, kept out of summary.json so that file is byte-identical per seed. */
  readonly run: RunInfo;
}

/** The sample times: every `sampleEveryS` from 0, and `durationS` itself. */
export function sampleTimes(config: SimConfig): number[] {
  const out: number[] = [];
  const n = Math.floor(config.durationS / config.sampleEveryS + 1e-9);
  for (let k = 0; k <= n; k++) out.push(k * config.sampleEveryS);
  if ((out[out.length - 1] ?? 0) < config.durationS) out.push(config.durationS);
  return out;
}

/** Simulated seconds, rounded to the millisecond for the CSV files. */
function seconds(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/** Runs the scenario and writes its files into `outDir` (each file atomically). */
export async function runScenario(config: SimConfig, outDir: string): Promise<RunResult> {
  const started = performance.now();
  let yieldedAt = started;
  const world = new ChatWorld(config);
  const timeline = new CsvFile(join(outDir, 'timeline.csv'), world.timelineColumns());
  const events = new CsvFile(join(outDir, 'events.csv'), EVENTS_HEADER);
  const writeEvents = (records: EventRecord[]): void => {
    for (const r of records) events.write([seconds(r.time_s), r.event, r.server, r.detail]);
  };
  try {
    world.start();
    const row = new Float64Array(world.timelineColumns().length);
    const times = sampleTimes(config);
    for (let k = 0; k < times.length; k++) {
      world.advanceTo(times[k] as number);
      world.sampleInto(row);
      row[0] = seconds(row[0] as number);
      timeline.write(Array.from(row));
      if (performance.now() - yieldedAt > YIELD_MS) yieldedAt = await nextTurn(performance.now());
      if (k % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
        writeEvents(world.log.drain());
        await Promise.all([timeline.drain(), events.drain()]);
      }
    }
    world.finish();
    writeEvents(world.log.drain());
    await Promise.all([timeline.close(), events.close()]);
  } catch (e) {
    await Promise.all([timeline.abort(), events.abort()]);
    throw e;
  }
  const summary = summarise(world);
  const wall = (performance.now() - started) / 1000;
  const run = {
    wall_s: Number(wall.toFixed(3)),
    events_per_s: Math.round(summary.events_processed / Math.max(wall, 1e-9)),
    node: process.version,
  };
  writeJsonAtomic(join(outDir, 'summary.json'), summary);
  writeJsonAtomic(join(outDir, 'run.json'), run);
  return { summary, run };
}
