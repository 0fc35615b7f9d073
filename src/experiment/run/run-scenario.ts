// One simulation run streamed to an output folder: timeline.csv, events.csv, summary.json, run.json.
// The run cursor steps the model in chunks; rows and events are written between chunks, never per event.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeJsonAtomic } from '../../io/atomic-file.js';
import { currentBuild, type BuildId } from '../../io/build-id.js';
import { CsvFile } from '../../io/csv-file.js';
import type { SimConfig } from '../../model/config.js';
import { EVENT_COLUMNS } from '../../model/figures/event-names.js';
import { summarise, type Summary } from '../../model/summary.js';
import { roundMs, RunCursor, runPaced, type RunTick } from './run-cursor.js';
import type { RunGuard } from './run-guard.js';

export interface RunInfo {
  wall_s: number;
  events_per_s: number;
  node: string;
  /** The pchat-sim build that ran it (io/build-id.ts). */
  build: BuildId;
}

export interface RunResult {
  readonly summary: Summary;
  /** Machine-dependent figures, kept out of summary.json so that file is byte-identical per seed. */
  readonly run: RunInfo;
}

/** How {@link runScenario} reports progress. */
export interface RunOptions {
  /** Called each time the run yields to the event loop (about every 50 ms of wall time). */
  readonly onTick?: (tick: RunTick) => void;
  /** Stops the run when it is far costlier than estimated (run-guard.ts). */
  readonly guard?: RunGuard;
}

/** Runs the scenario and writes its files into `outDir` (each file atomically). */
export async function runScenario(
  config: SimConfig,
  outDir: string,
  opts: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now();
  const cursor = new RunCursor(config);
  const world = cursor.world;
  const timeline = new CsvFile(join(outDir, 'timeline.csv'), world.timelineColumns());
  const events = new CsvFile(join(outDir, 'events.csv'), EVENT_COLUMNS);
  const onChunk = async (): Promise<void> => {
    for (const r of world.log.drain()) events.write([roundMs(r.time_s), r.event, r.server, r.detail]);
    await Promise.all([timeline.drain(), events.drain()]);
  };
  try {
    await runPaced(cursor, (row) => timeline.write(Array.from(row)), {
      onChunk,
      guard: opts.guard ?? null,
      ...(opts.onTick ? { onTick: opts.onTick } : {}),
    });
    await Promise.all([timeline.close(), events.close()]);
  } catch (e) {
    await Promise.all([timeline.abort(), events.abort()]);
    throw e;
  }
  const summary = summarise(world);
  // The report is drawn after this; without it a million users' records stay resident meanwhile.
  world.discard();
  const wall = (performance.now() - started) / 1000;
  const run = {
    wall_s: Number(wall.toFixed(3)),
    events_per_s: Math.round(summary.events_processed / Math.max(wall, 1e-9)),
    node: process.version,
    build: currentBuild(),
  };
  writeJsonAtomic(join(outDir, 'summary.json'), summary);
  writeJsonAtomic(join(outDir, 'run.json'), run);
  return { summary, run };
}
