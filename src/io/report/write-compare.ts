// Writes a comparison folder: compare.csv, chart-compare.svg and report.html, each atomically.
import { isAbsolute, join, relative } from 'node:path';
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
  const shown = runs.map((r) => ({ ...r, dir: shownFolder(outDir, r.dir) }));
  writeFileAtomic(join(outDir, 'report.html'), compareHtml(shown, rows, svg, notes));
  return ['compare.csv', 'chart-compare.svg', 'report.html'];
}

/**
 * A compared run's folder as the report names it: relative to the report's own folder when inside it
 * (a branch's `base/` and points, written in a staging folder that is renamed when done), else as given.
 */
function shownFolder(outDir: string, dir: string): string {
  const rel = relative(outDir, dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}
