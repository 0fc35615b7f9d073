// After a run: renders its charts and writes report.html into the run folder, beside the CSVs.
// The run's own files must already be there (timeline.csv, events.csv, summary.json).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SimConfig } from '../../model/config.js';
import { writeFileAtomic } from '../atomic-file.js';
import { bucketRowsFor, DEFAULT_MAX_POINTS } from '../charts/downsample.js';
import type { Timeline } from '../charts/timeline-file.js';
import { writeBandsChart, writeRunCharts, type ChartFile } from '../charts/run-charts.js';
import { reportHtml } from './report-html.js';

/** Options of {@link writeRunReport}. */
export interface ReportOptions {
  /** Replications behind timeline.csv; with a timeline-bands.csv beside it, adds chart-bands.svg. */
  readonly replications?: number;
  /** Charts already written by the caller (e.g. chart-sweep.svg), shown after the run's own. */
  readonly extraCharts?: readonly ChartFile[];
  /** Points per series at most in the timeline charts. */
  readonly maxPoints?: number;
  /**
   * timeline.csv as read for the charts, kept by the run as it wrote the file (run-scenario.ts), so it
   * is not read back; used only if it was cut for `maxPoints`.
   */
  readonly timeline?: Timeline | undefined;
}

/**
 * Writes chart-servers.svg, chart-users.svg, chart-active.svg (and chart-bands.svg for replications)
 * and report.html into `outDir`, each atomically. @returns the names of the files written.
 */
export async function writeRunReport(
  config: SimConfig,
  outDir: string,
  summary: unknown,
  options: ReportOptions = {},
): Promise<string[]> {
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  // The report reads summary.json's form (statistics as {mean, ci95, ...}), whatever object it was given.
  const data = JSON.parse(JSON.stringify(summary)) as unknown;
  const kept = options.timeline;
  const timeline =
    kept !== undefined && kept.bucketRows === bucketRowsFor(kept.rows, maxPoints) ? kept : null;
  const { charts, events } = await writeRunCharts(
    config,
    outDir,
    maxPoints,
    options.replications ?? 1,
    timeline,
  );
  if (options.replications !== undefined) {
    const bands = await writeBandsChart(
      outDir,
      config.name,
      options.replications,
      ['connected', 'waiting'],
      maxPoints,
    );
    if (bands !== undefined) charts.push(bands);
  }
  charts.push(...(options.extraCharts ?? []));
  const chartNames = new Set(charts.map((c) => c.file));
  const files = readdirSync(outDir)
    .filter((f) => !f.startsWith('.') && f !== 'report.html' && !chartNames.has(f))
    .sort();
  writeFileAtomic(
    join(outDir, 'report.html'),
    reportHtml({ config, summary: data, charts, events, files: [...files, ...chartNames] }),
  );
  return [...charts.map((c) => c.file), 'report.html'];
}
