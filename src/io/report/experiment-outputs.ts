// The report files of a finished experiment, written the same way by the unsharded run and by merge:
// report.html with its charts for replications, chart-sweep.svg for sweeps. Both read only the
// experiment's own files and its summary, so merged shards give the same bytes.
import { join } from 'node:path';
import type { SimConfig } from '../../model/config.js';
import { writeSweepChart } from '../charts/run-charts.js';
import { readSweepChartInput } from '../charts/sweep-file.js';
import { writeRunReport } from './write-report.js';

/** Charts and report.html of a replicated run, after summary.json, the CSVs and run.json are written. */
export async function writeReplicationsReport(
  config: SimConfig,
  dir: string,
  summary: unknown,
  replications: number,
): Promise<string[]> {
  return writeRunReport(config, dir, summary, { replications });
}

/** chart-sweep.svg of a sweep, after sweep.csv is written. */
export async function writeSweepOutputs(config: SimConfig, dir: string): Promise<string[]> {
  const chart = await writeSweepChart(dir, await readSweepChartInput(join(dir, 'sweep.csv'), config.name));
  return [chart.file];
}
