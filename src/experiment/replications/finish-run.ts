// The end of a replication experiment: its N results (in replication order) aggregated into
// summary.json, and timeline.csv, timeline-bands.csv, events.csv and replications.csv written.
import { join } from 'node:path';
import { writeJsonAtomic } from '../../io/atomic-file.js';
import { CsvFile } from '../../io/csv-file.js';
import { figure } from '../../model/figures/catalogue.js';
import { EVENT_COLUMNS } from '../../model/figures/event-names.js';
import { aggregateSummaries, aggregateValues, type Aggregate } from '../aggregate/aggregate.js';
import { outagePlace, summaryWindow } from '../aggregate/figure-range.js';
import { steadyStateStats } from '../aggregate/steady-state.js';
import { writeTimelineStats } from '../aggregate/timeline-bands.js';
import { aggregateWarnings } from '../aggregate/warning-stats.js';
import type { RunMeta } from '../shards/experiment-meta.js';
import { metricsOf, seedOf, type Json, type ReplicationResult } from '../run/replicate.js';
import { writeReplicationsCsv } from './replications-csv.js';

/** summary.json of a replication experiment. */
export interface ExperimentSummary {
  scenario: string;
  seed: number;
  replications: number;
  /** Each replication's seed, in order (replication 0 uses the scenario's seed). */
  seeds: Json[];
  confidence: number;
  warmup_s: number | null;
  /** The run summary's tree with {mean, sd, ci95, min, max} at every numeric leaf. */
  metrics: Aggregate;
  /** Per timeline column: statistics of each replication's mean over t ≥ warm-up (only with a warm-up). */
  steadyState?: Aggregate;
  /**
   * Outages by order of occurrence: entry k aggregates the k-th outage of every replication that had
   * one (`n` in its statistics says how many did), for the first {@link MAX_OUTAGES_BY_ORDER}.
   */
  outagesByOrder: Aggregate[];
  /**
   * The warnings per code and subject (see warning-stats.ts): in how many replications each limit was
   * passed, with the statistics of its figures. Not in `metrics`.
   */
  warnings: Json[];
}

/** Outages aggregated by order of occurrence at most (random failures over a year have thousands). */
export const MAX_OUTAGES_BY_ORDER = 100;

/** Entry k: the k-th outage of every replication, aggregated (missing ones left out, counted by `n`). */
export function outagesByOrder(results: readonly ReplicationResult[]): Aggregate[] {
  const lists = results.map((r) => {
    const o = OUTAGES.at(r.summary);
    return Array.isArray(o) ? (o as Json[]) : [];
  });
  const most = Math.min(MAX_OUTAGES_BY_ORDER, Math.max(0, ...lists.map((l) => l.length)));
  const at = outagePlace(summaryWindow(results[0]?.summary ?? {}));
  return Array.from({ length: most }, (_, k) =>
    aggregateValues(
      lists.map((l) => l[k]),
      at,
    ),
  );
}

const OUTAGES = figure('outages');

/** Aggregates all N results (in replication order) and writes the experiment's files. */
export async function finishRun(
  meta: RunMeta,
  results: readonly ReplicationResult[],
  outDir: string,
): Promise<ExperimentSummary> {
  const summary: ExperimentSummary = {
    scenario: meta.scenario,
    seed: meta.seed,
    replications: meta.replications,
    seeds: results.map(seedOf),
    confidence: 0.95,
    warmup_s: meta.warmupS,
    metrics: aggregateSummaries(results.map(metricsOf)),
    outagesByOrder: outagesByOrder(results),
    warnings: aggregateWarnings(results),
  };
  if (meta.warmupS !== null)
    summary.steadyState = steadyStateStats(
      results.map((r) => r.steady),
      summary.metrics,
    );
  await writeTimelineStats(
    results.map((r) => r.timeline ?? new Float64Array(meta.rows * meta.header.length)),
    meta.header,
    outDir,
  );
  await writeEvents(results, join(outDir, 'events.csv'));
  await writeReplicationsCsv(results, join(outDir, 'replications.csv'));
  writeJsonAtomic(join(outDir, 'summary.json'), summary);
  return summary;
}

async function writeEvents(results: readonly ReplicationResult[], path: string): Promise<void> {
  const csv = new CsvFile(path, [...EVENT_COLUMNS, 'replication']);
  try {
    for (const r of results) {
      for (const e of r.events)
        csv.write([Math.round(e.time_s * 1000) / 1000, e.event, e.server, e.detail, r.index]);
      await csv.drain();
    }
    await csv.close();
  } catch (e) {
    await csv.abort();
    throw e;
  }
}
