// An up-front estimate of what runs cost (events, output bytes, memory) from the scenario's rates,
// users and duration, so a run a planner would not expect to take hours or fill a disk is refused
// before it starts unless they confirm it. The events are counted in run-events.ts, the limits and
// the refusal's line are in cost-limits.ts.
import type { SimConfig } from '../../model/config.js';
import { UsageError } from '../../errors.js';
import { timelineColumns } from '../../model/timeline.js';
import { ASSUMED_EVENTS_PER_S, costProblem } from './cost-limits.js';
import { estimateShortBy } from './estimate-seam.js';
import { sci } from './cost-words.js';
import { randomFailures, runEvents } from './run-events.js';

/** Bytes of one timeline cell as CSV text, including its comma (assumption: up to 7 digits). */
const BYTES_PER_CELL = 8;
/**
 * Memory per user alive at once: the user's 32-byte record and its pending event's 12-byte entry in
 * the queue's chunks (assumption: 41 to 46 B measured as peak RSS over `validate`'s at 10 and 100
 * million users; bench/README.md, "Memory estimate").
 */
const BYTES_PER_USER = 44;
/**
 * An open population's tables grow by doubling as users arrive, and while one grows its old and new
 * arrays are both held (a closed population's are allocated once, at its size).
 */
const GROWTH_FACTOR_OPEN = 2;
/** Peak memory of the process before any user: Node, the CLI's modules, the scenario (assumption: 72–76 MB measured as `validate`'s peak RSS). */
export const PROCESS_BYTES = 80e6;
/** Peak memory of drawing a run's report and charts (assumption: 145 MB measured on default.yaml), the floor of any run's peak. */
export const REPORT_BYTES = 150e6;
/** Bytes of one events.csv row (assumption: 45 measured on flapping random faults, rounded up). */
const BYTES_PER_LOG_ROW = 50;
/** Memory of one event-log record kept for events.csv (assumption: 230 to 290 measured, rounded up). */
const BYTES_PER_LOG_RECORD = 300;
/**
 * Bytes of one entry of summary.json's `outages` list, on disk, and held in memory as a kept
 * replication's summary (assumption: 740 B of text per outage measured on flapping random faults, its
 * failure window included; the heap it takes is smaller).
 */
const BYTES_PER_OUTAGE = 740;
/**
 * Peak memory per outage of a single run (assumption: the growth of peak RSS over thousands of
 * outages of a flapping run, 2.2 kB each, plus 0.5 kB for the failure window's figures in the
 * summary and its JSON text: the summary, its JSON text, the events read for the report).
 */
const PEAK_BYTES_PER_OUTAGE = 2700;
/** events.csv rows per scheduled fault or action (assumption: a failure, its restore and a promotion). */
const LOG_ROWS_PER_FAULT = 4;

/**
 * What a command does with a run's event log (events.csv): a single run streams it to the file as it
 * goes; replications keep every replication's records in memory until they are written; sweeps and
 * plans drop it.
 */
export type EventLogUse = 'streamed' | 'kept' | 'dropped';

/** What one run of a scenario is expected to cost. */
export interface CostEstimate {
  /** Events the simulator is expected to process. */
  readonly events: number;
  readonly timelineRows: number;
  /** Rows of events.csv: failures, restores, promotions (flapping random faults make millions). */
  readonly logRows: number;
  /** Entries of summary.json's `outages` list: about one per random failure. */
  readonly outages: number;
  /** Bytes written to timeline.csv and events.csv. */
  readonly outputBytes: number;
  /**
   * Peak memory of the process, bytes: Node and the modules, the user and event tables, the sample
   * times and outages, or the report's drawing when that is larger.
   */
  readonly memoryBytes: number;
  /** Wall-clock seconds at an assumed 2 million events/s, with the users placed at t = 0 (run-events.ts). */
  readonly wallS: number;
}

/** Estimates the cost of one run of `config` (not of replications: multiply by their number). */
export function estimateCost(config: SimConfig): CostEstimate {
  const e = estimateData(config);
  return { ...e, memoryBytes: processPeak(e.memoryBytes) };
}

/** The peak of a process whose runs hold `dataBytes` at most. */
function processPeak(dataBytes: number): number {
  return Math.max(REPORT_BYTES, PROCESS_BYTES + dataBytes);
}

/** The memory of one run's own data (users, events, sample times, outages), without the process around it. */
export function runDataBytes(config: SimConfig): number {
  return estimateData(config).memoryBytes;
}

/** {@link estimateCost} with `memoryBytes` the run's own data only (no process around it). */
function estimateData(config: SimConfig): CostEstimate {
  const counted = runEvents(config);
  const { usersAlive, placing } = counted;
  const events = counted.events / estimateShortBy();
  const timelineRows = Math.floor(config.durationS / config.sampleEveryS) + 2;
  const logRows = eventLogRows(config);
  const outages = randomFailures(config);
  const outputBytes =
    timelineBytes(config, timelineRows) + logRows * BYTES_PER_LOG_ROW + outages * BYTES_PER_OUTAGE;
  const perUser = BYTES_PER_USER * (config.workload.population !== null ? 1 : GROWTH_FACTOR_OPEN);
  const memoryBytes = usersAlive * perUser + timelineRows * 8 + outages * PEAK_BYTES_PER_OUTAGE;
  const wallS = (events + placing) / ASSUMED_EVENTS_PER_S;
  return { events, timelineRows, logRows, outages, outputBytes, memoryBytes, wallS };
}

function timelineBytes(config: SimConfig, rows: number): number {
  return rows * timelineColumns(config).length * BYTES_PER_CELL;
}

/**
 * Rows of events.csv: each random failure logs its failure and restore, and a promotion and demotion
 * when the pool has standby servers (measured: 2.0 rows per failure without, 2.4 with); each
 * scheduled fault or action (drain, failback...) a few.
 */
function eventLogRows(config: SimConfig): number {
  const standby = config.servers.some((s) => s.role === 'standby');
  return randomFailures(config) * (standby ? 4 : 2) + config.faults.length * LOG_ROWS_PER_FAULT;
}

/**
 * The cost of `replications` runs of each config (walked once, so a grid need not be held whole), and
 * their number (`runs`): events and output add up, memory is the largest single run's (runs in
 * parallel are bounded by the workers), plus every replication's event log when they are `kept` for
 * events.csv and every replication's outage list (their summaries are held until aggregated). Only a
 * single run (`streamed`) writes its outage list to summary.json (a replicated one keeps the first 100
 * outages by order).
 */
export function estimateRuns(
  configs: Iterable<SimConfig>,
  replications: number,
  eventLog: EventLogUse = 'dropped',
): CostEstimate & { readonly runs: number } {
  let runs = 0;
  let events = 0;
  let timelineRows = 0;
  let logRows = 0;
  let outages = 0;
  let outputBytes = 0;
  let memoryBytes = 0;
  let wallS = 0;
  for (const c of configs) {
    runs += replications;
    const e = estimateData(c);
    const rows = eventLog === 'dropped' ? 0 : e.logRows * replications;
    events += e.events * replications;
    wallS += e.wallS * replications;
    timelineRows = Math.max(timelineRows, e.timelineRows);
    logRows += rows;
    outages += e.outages * replications;
    const list = e.outages * BYTES_PER_OUTAGE;
    outputBytes +=
      timelineBytes(c, e.timelineRows) + rows * BYTES_PER_LOG_ROW + (eventLog === 'streamed' ? list : 0);
    memoryBytes = Math.max(memoryBytes, runsMemory(e, replications, eventLog));
  }
  return {
    runs,
    events,
    timelineRows,
    logRows,
    outages,
    outputBytes,
    memoryBytes: processPeak(memoryBytes),
    wallS,
  };
}

/** The memory of `replications` runs estimated at `e` (their own data), with what `eventLog` keeps of them. */
function runsMemory(e: CostEstimate, replications: number, eventLog: EventLogUse): number {
  const kept = eventLog === 'kept' ? e.logRows * replications * BYTES_PER_LOG_RECORD : 0;
  // A single run's peak holds its outages as written; replications hold every one's list (no JSON text).
  const peak = e.outages * PEAK_BYTES_PER_OUTAGE;
  const base = Number.isFinite(peak) ? e.memoryBytes - peak : e.memoryBytes;
  const list = e.outages * BYTES_PER_OUTAGE;
  return (replications > 1 ? 2 * base + list * replications : e.memoryBytes) + kept;
}

/** Timeline rows one run can hold (its sample times and rows live in typed arrays): beyond, even --yes cannot help. */
export const MAX_TIMELINE_ROWS = 1e8;

/**
 * Refuses, before anything runs, `replications` runs of each of `configs` beyond COST_LIMITS
 * (unless `confirmed`, i.e. --yes), and always a run whose timeline cannot be held. `file` names the scenario; `eventLog`
 * says what the command does with the runs' event logs; `floor`: more runs may follow, not known ahead
 * (plan's), so the line says "at least". @throws UsageError with the estimate, asking for --yes
 */
export function refuseCostly(
  configs: Iterable<SimConfig>,
  replications: number,
  file: string,
  confirmed = false,
  eventLog: EventLogUse = 'dropped',
  floor = false,
): void {
  const e = estimateRuns(configs, replications, eventLog);
  if (!(e.timelineRows <= MAX_TIMELINE_ROWS))
    throw new UsageError(
      `${file}: sampleEvery gives ${sci(e.timelineRows)} timeline rows; a run holds at most ${sci(MAX_TIMELINE_ROWS)}: raise sampleEvery or shorten the duration`,
    );
  if (confirmed) return;
  const problem = costProblem(e, undefined, floor);
  if (problem === undefined) return;
  const runs = Math.round(e.runs); // replications may be an expected number
  const these = floor
    ? `at least these ${runs} runs (how many more is not known ahead) are`
    : `these ${runs} runs are`;
  throw new UsageError(`${file}: ${runs === 1 && !floor ? problem : problem.replace('this run is', these)}`);
}
