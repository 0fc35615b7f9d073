// Writes a comparison folder: compare.csv, chart-compare.svg and report.html, each atomically.
import { join } from 'node:path';
import { compareHeader, type CompareRow, type ComparedRun } from './compare-table.js';
import { writeFileAtomic } from '../atomic-file.js';
import { existsSync } from 'node:fs';
import { compareSpec } from '../charts/compare-spec.js';
import { readEvents } from '../charts/events-file.js';
import { renderSvg } from '../charts/render-svg.js';
import { readTimeline } from '../charts/timeline-file.js';
import { CsvFile } from '../csv-file.js';
import { compareHtml } from './compare-html.js';

async function writeCsv(
  path: string,
  runs: readonly ComparedRun[],
  rows: readonly CompareRow[],
): Promise<void> {
  const csv = new CsvFile(path, compareHeader(runs));
  try {
    for (const r of rows)
      csv.write([
        r.figure,
        ...r.values.map((v) => v ?? ''),
        ...r.differences.flatMap((d) => [d.d ?? '', d.lo ?? '', d.hi ?? '']),
      ]);
    await csv.close();
  } catch (e) {
    await csv.abort();
    throw e;
  }
}

/** Writes the comparison of `runs` into `outDir`. @returns the files written. */
export async function writeCompare(
  outDir: string,
  runs: readonly ComparedRun[],
  rows: readonly CompareRow[],
  notes: readonly string[] = [],
): Promise<string[]> {
  await writeCsv(join(outDir, 'compare.csv'), runs, rows);
  const timelines = await Promise.all(
    runs.map(async (r) => {
      const events = join(r.dir, 'events.csv');
      return {
        name: r.name,
        timeline: await readTimeline(join(r.dir, 'timeline.csv')),
        events: existsSync(events) ? await readEvents(events) : [],
      };
    }),
  );
  const svg = await renderSvg(compareSpec(timelines));
  writeFileAtomic(join(outDir, 'chart-compare.svg'), svg);
  writeFileAtomic(join(outDir, 'report.html'), compareHtml(runs, rows, svg, notes));
  return ['compare.csv', 'chart-compare.svg', 'report.html'];
}
