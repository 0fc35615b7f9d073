// An up-front estimate of what one run costs (events, output bytes, memory) from the scenario's
// rates, users and duration, so a run a planner would not expect to take hours or fill a disk is
// refused before it starts unless they confirm it.
import type { SimConfig } from '../../model/config.js';
import { UsageError } from '../../errors.js';
import { makeDistribution } from '../../random/distributions.js';
import { PiecewiseRate } from '../../random/poisson-process.js';
import { timelineColumns } from '../../model/timeline.js';
import { bytes, duration, sci } from './cost-words.js';
import { machineMemory } from './machine-memory.js';
import { pileUp, retriesWithin, strandedRetries } from './pile-up.js';

/** Limits above which a run must be confirmed (assumption: what a planner's laptop does in well under an hour). */
export const COST_LIMITS = Object.freeze({ events: 2e9, outputBytes: 4e9 });
/**
 * Share of this machine's memory (or its container's limit) a run may be estimated at without --yes
 * (assumption: the estimate is within ±25%, and the guard stops a run at 90%).
 */
export const MEMORY_SHARE = 0.7;
/** Assumed simulation speed for the time figure only (the median of the shipped scenarios on a shared 2-core machine; yours may differ). */
const ASSUMED_EVENTS_PER_S = 2e6;
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
  /** Wall-clock seconds at an assumed 2 million events/s. */
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
  const w = config.workload;
  const T = config.durationS;
  const session = makeDistribution(w.session).mean;
  let episodes: number;
  let alive: number;
  let offered: number; // users who want to be on at once, in steady state
  if (w.population !== null) {
    const cycle = session + (w.offTime === null ? 0 : makeDistribution(w.offTime).mean);
    episodes = cycle > 0 ? (w.population * T) / cycle : w.population > 0 ? Infinity : 0;
    alive = w.population;
    offered = cycle > 0 ? (w.population * session) / cycle : 0;
  } else {
    const rate = w.arrivals === null ? 0 : new PiecewiseRate(w.arrivals).meanRatePerS;
    episodes = rate * T;
    alive = w.initialConnected + rate * Math.min(T, session);
    offered = Math.max(w.initialConnected, rate * session);
  }
  // Each episode: a sign-in (arrival or return) and a sign-out; plus the users cut off by failures
  // and the refused sign-ins that retry: of a closed population, those offered above the admission
  // limits; of arrivals, those above what the pools admit, piling up (pile-up.ts).
  const tries = 1 + retriesWithin(w.retry, T);
  const piled = pileUp(config);
  alive += piled.waiting;
  // warmup: auto runs every replication twice: a pilot pass (at most the whole run), then the run.
  const passes = config.warmupAuto ? 2 : 1;
  const events =
    passes *
    (2 * episodes +
      w.initialConnected +
      cutOffAttempts(config, alive - piled.waiting, tries, offered) +
      (w.population !== null ? refusedAttempts(config, offered, tries) : piled.retries));
  const timelineRows = Math.floor(T / config.sampleEveryS) + 2;
  const logRows = eventLogRows(config);
  const outages = randomFailures(config);
  const outputBytes =
    timelineBytes(config, timelineRows) + logRows * BYTES_PER_LOG_ROW + outages * BYTES_PER_OUTAGE;
  const perUser = BYTES_PER_USER * (w.population !== null ? 1 : GROWTH_FACTOR_OPEN);
  const memoryBytes = alive * perUser + timelineRows * 8 + outages * PEAK_BYTES_PER_OUTAGE;
  const wallS = events / ASSUMED_EVENTS_PER_S;
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
 * Attempts by users cut off: one server's failure (random or scheduled, or a forced drain) moves
 * its users to the others (a reconnect and a retry each; of the `offered`, those the survivors have no
 * room for retry, pile-up.ts); a site, database or failback outage cuts off a pool, whose users retry
 * as often as fits in the run.
 */
function cutOffAttempts(config: SimConfig, alive: number, tries: number, offered: number): number {
  const perServer = alive / Math.max(1, config.servers.length);
  const perPool = alive / Math.max(1, config.pools.length);
  // A random failure is two events (the failure and its repair) plus its users' reconnects.
  let n = randomFailures(config) * (2 + 2 * perServer);
  for (const f of config.faults) {
    if (f.kind === 'fail' || f.kind === 'drain') n += 1 + 2 * perServer + strandedRetries(config, f, offered);
    else if (f.kind === 'failSite' || f.kind === 'failDatabase' || f.kind === 'failback')
      n += 1 + perPool * tries;
    else n += 1;
  }
  return n;
}

/**
 * Sign-in attempts refused because the pools are full: the users offered above the admission limits
 * of the active servers wait and retry for as long as `tries` counts (all of them at once when the
 * delay is 0).
 */
function refusedAttempts(config: SimConfig, offered: number, tries: number): number {
  let capacity = 0;
  for (const p of config.pools)
    for (const s of p.servers)
      if (config.servers[s]?.role === 'active') capacity += p.admissionLimitPerServer;
  return Math.max(0, offered - capacity) * tries;
}

function randomFailures(config: SimConfig): number {
  let n = 0;
  for (const r of config.randomFaults) {
    const cycle = makeDistribution(r.mtbf).mean + makeDistribution(r.mttr).mean;
    n += cycle > 0 ? (r.servers.length * config.durationS) / cycle : Infinity;
  }
  return n;
}

/**
 * One line naming what exceeds COST_LIMITS or {@link MEMORY_SHARE} of `machineBytes` (this machine's
 * memory, or its container's limit), with the figures; undefined if the run is within them.
 */
export function costProblem(e: CostEstimate, machineBytes = machineMemory()): string | undefined {
  const over: string[] = [];
  if (!(e.events <= COST_LIMITS.events))
    over.push(
      `about ${sci(e.events)} events (${duration(e.wallS)} at ${sci(ASSUMED_EVENTS_PER_S)} events/s)`,
    );
  if (!(e.outputBytes <= COST_LIMITS.outputBytes))
    over.push(
      `about ${bytes(e.outputBytes)} of output (${sci(e.timelineRows)} timeline rows${e.logRows >= 1e6 ? `, ${sci(e.logRows)} events.csv rows` : ''})`,
    );
  if (!(e.memoryBytes <= MEMORY_SHARE * machineBytes))
    over.push(
      `about ${bytes(e.memoryBytes)} of memory, more than ${Math.round(100 * MEMORY_SHARE)}% of this machine's ${bytes(machineBytes)}`,
    );
  if (over.length === 0) return undefined;
  return `this run is expected to need ${over.join(', ')}; beyond ${sci(COST_LIMITS.events)} events or ${bytes(COST_LIMITS.outputBytes)} of output, add --yes to run it anyway`;
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
  for (const c of configs) {
    runs += replications;
    const e = estimateData(c);
    const rows = eventLog === 'dropped' ? 0 : e.logRows * replications;
    events += e.events * replications;
    timelineRows = Math.max(timelineRows, e.timelineRows);
    logRows += rows;
    outages += e.outages * replications;
    const list = e.outages * BYTES_PER_OUTAGE;
    outputBytes +=
      timelineBytes(c, e.timelineRows) + rows * BYTES_PER_LOG_ROW + (eventLog === 'streamed' ? list : 0);
    const kept = eventLog === 'kept' ? rows * BYTES_PER_LOG_RECORD : 0;
    // A single run's peak holds its outages as written; replications hold every one's list (no JSON text).
    const peak = e.outages * PEAK_BYTES_PER_OUTAGE;
    const base = Number.isFinite(peak) ? e.memoryBytes - peak : e.memoryBytes;
    const run = replications > 1 ? 2 * base + list * replications : e.memoryBytes;
    memoryBytes = Math.max(memoryBytes, run + kept);
  }
  return {
    runs,
    events,
    timelineRows,
    logRows,
    outages,
    outputBytes,
    memoryBytes: processPeak(memoryBytes),
    wallS: events / ASSUMED_EVENTS_PER_S,
  };
}

/** Timeline rows one run can hold (its sample times and rows live in typed arrays): beyond, even --yes cannot help. */
export const MAX_TIMELINE_ROWS = 1e8;

/**
 * Refuses, before anything runs, `replications` runs (an expected number for plan) of each of `configs` beyond COST_LIMITS
 * (unless `confirmed`, i.e. --yes), and always a run whose timeline cannot be held. `file` names the scenario; `eventLog`
 * says what the command does with the runs' event logs. @throws UsageError with the estimate, asking for --yes
 */
export function refuseCostly(
  configs: Iterable<SimConfig>,
  replications: number,
  file: string,
  confirmed = false,
  eventLog: EventLogUse = 'dropped',
): void {
  const e = estimateRuns(configs, replications, eventLog);
  if (!(e.timelineRows <= MAX_TIMELINE_ROWS))
    throw new UsageError(
      `${file}: sampleEvery gives ${sci(e.timelineRows)} timeline rows; a run holds at most ${sci(MAX_TIMELINE_ROWS)}: raise sampleEvery or shorten the duration`,
    );
  if (confirmed) return;
  const problem = costProblem(e);
  if (problem === undefined) return;
  const runs = Math.round(e.runs); // replications may be an expected number
  throw new UsageError(
    `${file}: ${runs === 1 ? problem : problem.replace('this run is', `these ${runs} runs are`)}`,
  );
}
