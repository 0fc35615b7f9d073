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
import type { PendingInfo } from '../../io/checkpoint/checkpoint-header.js';
import { writeMember } from '../../io/checkpoint/checkpoint-file.js';
import type { EventRecord } from '../../model/event-log.js';
import { pendingInfo, resumeFrom, runParts, type ResumeFrom, type RunKept } from './checkpoint.js';
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
  /** With a checkpoint: the pending model events at its instant (for its header). */
  readonly pending?: PendingInfo;
}

/** How {@link runScenario} reports progress, and where it starts and pauses. */
export interface RunOptions {
  /** Called each time the run yields to the event loop (about every 50 ms of wall time). */
  readonly onTick?: (tick: RunTick) => void;
  /** Stops the run when it is far costlier than estimated (run-guard.ts). */
  readonly guard?: RunGuard;
  /** Pause once every event at or before `atS` has fired, write the checkpoint member, go on. */
  readonly checkpoint?: { readonly atS: number; readonly memberFile: string };
  /** Start where a checkpoint member left the run (its rows and events so far written first). */
  readonly resume?: ResumeFrom;
}

/** Rows and events of a run kept up to its checkpoint (a single run streams them, so keeps copies). */
class KeptSoFar {
  private rows = new Float64Array(1024);
  private length = 0;
  readonly events: EventRecord[] = [];

  addRow(row: Float64Array): void {
    if (this.length + row.length > this.rows.length) {
      const grown = new Float64Array(Math.max(2 * this.rows.length, this.length + row.length));
      grown.set(this.rows.subarray(0, this.length));
      this.rows = grown;
    }
    this.rows.set(row, this.length);
    this.length += row.length;
  }

  kept(cols: number): RunKept {
    return {
      rows: this.rows.subarray(0, this.length),
      events: this.events,
      sums: new Float64Array(cols),
      steadyRows: 0,
    };
  }
}

/** Runs the scenario and writes its files into `outDir` (each file atomically). */
export async function runScenario(
  config: SimConfig,
  outDir: string,
  opts: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now();
  const resumed = opts.resume === undefined ? null : await resumeFrom(opts.resume);
  const cursor = new RunCursor(config, resumed?.start);
  const world = cursor.world;
  const columns = world.timelineColumns();
  const before = resumed?.kept() ?? null;
  const timeline = new CsvFile(join(outDir, 'timeline.csv'), columns);
  const events = new CsvFile(join(outDir, 'events.csv'), EVENT_COLUMNS);
  const soFar = opts.checkpoint === undefined ? null : new KeptSoFar();
  // Copies of rows and events are kept up to the checkpoint only.
  let keeping = soFar !== null;
  const writeEvent = (r: EventRecord): void => {
    events.write([roundMs(r.time_s), r.event, r.server, r.detail]);
  };
  const onChunk = async (): Promise<void> => {
    for (const r of world.log.drain()) {
      writeEvent(r);
      if (keeping) soFar?.events.push(r);
    }
    await Promise.all([timeline.drain(), events.drain()]);
  };
  const sink = (row: Float64Array): void => {
    timeline.write(Array.from(row));
    if (keeping) soFar?.addRow(row);
  };
  const pacing = { onChunk, guard: opts.guard ?? null, ...(opts.onTick ? { onTick: opts.onTick } : {}) };
  let pending: PendingInfo | undefined;
  try {
    if (before !== null) {
      for (let i = 0; i < before.rows.length; i += columns.length) {
        const row = before.rows.subarray(i, i + columns.length);
        timeline.write(Array.from(row));
        soFar?.addRow(row);
      }
      before.events.forEach(writeEvent);
      soFar?.events.push(...before.events);
    }
    if (opts.checkpoint !== undefined && soFar !== null) {
      cursor.pauseAt(opts.checkpoint.atS);
      await runPaced(cursor, sink, pacing);
      await writeMember(runParts(cursor, soFar.kept(columns.length)), opts.checkpoint.memberFile);
      pending = pendingInfo(world);
      keeping = false;
      cursor.resume();
    }
    await runPaced(cursor, sink, pacing);
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
  return pending === undefined ? { summary, run } : { summary, run, pending };
}
