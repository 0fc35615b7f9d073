// One simulation run streamed to an output folder: timeline.csv, events.csv, summary.json, run.json.
// The run cursor steps the model in chunks; rows and events are written between chunks, never per event.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeJsonAtomic } from '../../io/atomic-file.js';
import { currentBuild, type BuildId } from '../../io/build-id.js';
import { CsvFile } from '../../io/csv-file.js';
import { openRowFile, type RowFile } from '../../io/timeline-writer.js';
import { bucketRowsFor, MinMaxDownsampler } from '../../io/charts/downsample.js';
import { assemble, type Timeline } from '../../io/charts/timeline-file.js';
import type { SimConfig } from '../../model/config.js';
import { EVENT_COLUMNS } from '../../model/figures/event-names.js';
import { summarise, type Summary } from '../../model/summary.js';
import type { PendingInfo } from '../../io/checkpoint/checkpoint-header.js';
import { writeMember } from '../../io/checkpoint/checkpoint-file.js';
import type { EventRecord } from '../../model/event-log.js';
import { pendingInfo, resumeFrom, runParts, type ResumeFrom, type RunKept } from './checkpoint.js';
import { roundMs, RunCursor, runPaced, type RunTick } from './run-cursor.js';
import { wantsDrawThread, wantsTimelineThread } from './thread-choice.js';
import type { RunGuard } from './run-guard.js';

export interface RunInfo {
  wall_s: number;
  events_per_s: number;
  node: string;
  /** The pchat-sim build that ran it (io/build-id.ts). */
  build: BuildId;
  /**
   * Whether a second thread made the users' draws ahead to the end of the run (false if it failed to
   * start or stopped early and the draws went on in the event thread; the outputs are the same).
   */
  draw_thread: boolean;
  /** Whether a second thread wrote timeline.csv (the same file either way). */
  timeline_thread: boolean;
}

export interface RunResult {
  readonly summary: Summary;
  /** Machine-dependent figures, kept out of summary.json so that file is byte-identical per seed. */
  readonly run: RunInfo;
  /** With a checkpoint: the pending model events at its instant (for its header). */
  readonly pending?: PendingInfo;
  /** timeline.csv as its charts read it (downsampled as it was written), so the report need not read it back. */
  readonly chartTimeline?: Timeline;
  /** Lines for the terminal: a second thread that was not used after all, and why. */
  readonly notes: readonly string[];
}

/** How {@link runScenario} reports progress, and where it starts and pauses. */
export interface RunOptions {
  /** Make the users' draws ahead on a second thread where one can run (the same outputs); default: thread-choice.ts decides. */
  readonly drawThread?: boolean;
  /** Write timeline.csv on a second thread where one can run (the same file); default: thread-choice.ts decides. */
  readonly timelineThread?: boolean;
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

/** timeline.csv and events.csv of one run, streamed between chunks, with copies kept to a checkpoint. */
class RunFiles {
  readonly timeline: RowFile;
  private readonly events: CsvFile;
  /** The rows as the charts read them, kept as they are written (see {@link chartTimeline}). */
  private readonly down: MinMaxDownsampler;
  private rows = 0;
  private endS = 0;
  /** Copies of rows and events, kept up to the checkpoint only (null: none asked for). */
  readonly soFar: KeptSoFar | null;
  private keeping: boolean;

  constructor(
    outDir: string,
    private readonly cursor: RunCursor,
    opts: RunOptions,
    threaded: boolean,
  ) {
    const checkpoint = opts.checkpoint !== undefined;
    const columns = cursor.world.timelineColumns();
    this.events = new CsvFile(join(outDir, 'events.csv'), EVENT_COLUMNS);
    this.timeline = openRowFile(join(outDir, 'timeline.csv'), columns, threaded);
    this.down = new MinMaxDownsampler(columns.length - 1, bucketRowsFor(cursor.schedule.count));
    this.soFar = checkpoint ? new KeptSoFar() : null;
    this.keeping = checkpoint;
  }

  /** The rows and events a resumed run had before its checkpoint, written first. */
  replay(before: RunKept, cols: number): void {
    for (let i = 0; i < before.rows.length; i += cols) {
      const row = before.rows.subarray(i, i + cols);
      this.write(row);
      this.soFar?.addRow(row);
    }
    for (const r of before.events) this.writeEvent(r);
    this.soFar?.events.push(...before.events);
  }

  readonly onChunk = async (): Promise<void> => {
    for (const r of this.cursor.world.log.drain()) {
      this.writeEvent(r);
      if (this.keeping) this.soFar?.events.push(r);
    }
    await Promise.all([this.timeline.drain(), this.events.drain()]);
  };

  readonly sink = (row: Float64Array): void => {
    this.write(row);
    if (this.keeping) this.soFar?.addRow(row);
  };

  private write(row: Float64Array): void {
    this.timeline.writeRow(row);
    this.down.push(row);
    this.rows++;
    this.endS = row[0] as number;
  }

  /**
   * timeline.csv as readTimeline reads it back (the same numbers: a number's CSV text reads back as
   * the same double), for the report; undefined unless every row of the schedule was written (the
   * buckets were sized for them).
   */
  chartTimeline(): Timeline | undefined {
    if (this.rows !== this.cursor.schedule.count) return undefined;
    return assemble(this.cursor.world.timelineColumns().slice(1), this.down, this.rows, this.endS);
  }

  /** Past the checkpoint: nothing more is copied. */
  stopKeeping(): void {
    this.keeping = false;
  }

  async close(): Promise<void> {
    await Promise.all([this.timeline.close(), this.events.close()]);
  }

  async abort(): Promise<void> {
    await Promise.all([this.timeline.abort(), this.events.abort()]);
  }

  private writeEvent(r: EventRecord): void {
    this.events.write([roundMs(r.time_s), r.event, r.server, r.detail]);
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
  const cursor = new RunCursor(config, resumed?.start, opts.drawThread ?? wantsDrawThread(config));
  const cols = cursor.world.timelineColumns().length;
  const before = resumed?.kept() ?? null;
  const files = new RunFiles(outDir, cursor, opts, opts.timelineThread ?? wantsTimelineThread(config));
  const pacing = {
    onChunk: files.onChunk,
    guard: opts.guard ?? null,
    ...(opts.onTick ? { onTick: opts.onTick } : {}),
  };
  let pending: PendingInfo | undefined;
  try {
    if (before !== null) files.replay(before, cols);
    await cursor.drawsReady();
    if (opts.checkpoint !== undefined && files.soFar !== null) {
      cursor.pauseAt(opts.checkpoint.atS);
      await runPaced(cursor, files.sink, pacing);
      await writeMember(runParts(cursor, files.soFar.kept(cols)), opts.checkpoint.memberFile);
      pending = pendingInfo(cursor.world);
      files.stopKeeping();
      cursor.resume();
    }
    await runPaced(cursor, files.sink, pacing);
    await files.close();
  } catch (e) {
    cursor.close();
    await files.abort();
    throw e;
  }
  return finishScenario(cursor, files, outDir, started, pending);
}

/** The lines a run says of second threads that handed their work back, and why (results unaffected). */
function threadNotes(drawFailure: string | null, timelineFailure: string | null): string[] {
  const notes: string[] = [];
  if (drawFailure !== null)
    notes.push(
      `note: the draw thread ${drawFailure}: the draws were made on the event thread, results unaffected`,
    );
  if (timelineFailure !== null)
    notes.push(
      `note: the timeline thread ${timelineFailure}: timeline.csv was written on the event thread, results unaffected`,
    );
  return notes;
}

/** summary.json and run.json of a finished run; the world is given back before the report is drawn. */
function finishScenario(
  cursor: RunCursor,
  files: RunFiles,
  outDir: string,
  started: number,
  pending: PendingInfo | undefined,
): RunResult {
  const world = cursor.world;
  const summary = summarise(world);
  const drawThread = cursor.drawThread;
  const notes = threadNotes(cursor.drawThreadFailure, files.timeline.fellBack);
  const chartTimeline = files.chartTimeline();
  // The report is drawn after this; without it a million users' records stay resident meanwhile.
  world.discard();
  const wall = (performance.now() - started) / 1000;
  const run = {
    wall_s: Number(wall.toFixed(3)),
    events_per_s: Math.round(summary.events_processed / Math.max(wall, 1e-9)),
    node: process.version,
    build: currentBuild(),
    draw_thread: drawThread,
    timeline_thread: files.timeline.threaded,
  };
  writeJsonAtomic(join(outDir, 'summary.json'), summary);
  writeJsonAtomic(join(outDir, 'run.json'), run);
  return {
    summary,
    run,
    notes,
    ...(pending === undefined ? {} : { pending }),
    ...(chartTimeline === undefined ? {} : { chartTimeline }),
  };
}
