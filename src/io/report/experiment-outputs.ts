// The report files of a finished experiment, written the same way by the unsharded run and by merge:
// report.html with its charts for replications; chart-sweep.svg and report.html for sweeps. Both read
// only the experiment's own files and its summary, so merged shards give the same bytes.
import { join } from 'node:path';
import type { SimConfig } from '../../model/config.js';
import { writeFileAtomic } from '../atomic-file.js';
import { writeSweepChart } from '../charts/run-charts.js';
import {
  firstMeeting,
  readSweepTable,
  sweepChartInput,
  type SweepRow,
  type SweepTargets,
} from '../charts/sweep-file.js';
import { sweepHtml } from './sweep-html.js';
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

/**
 * chart-sweep.svg and report.html of a sweep, after sweep.csv and run.json are written.
 * @returns the files written and the first point meeting every target (null: none, or no target given).
 */
export async function writeSweepOutputs(
  config: SimConfig,
  dir: string,
  replications: number,
  targets: SweepTargets = {},
): Promise<{ files: string[]; first: SweepRow | null }> {
  const table = await readSweepTable(join(dir, 'sweep.csv'));
  const chart = await writeSweepChart(dir, sweepChartInput(table, config.name, targets));
  const files = ['sweep.csv', chart.file, 'run.json', 'report.html'];
  const html = sweepHtml({
    name: config.name,
    seed: config.seed,
    replications,
    table,
    targets,
    chartSvg: chart.svg,
    files,
  });
  writeFileAtomic(join(dir, 'report.html'), html);
  return { files: [chart.file, 'report.html'], first: firstMeeting(table, targets) };
}
