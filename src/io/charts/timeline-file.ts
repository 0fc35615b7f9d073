// Reads timeline.csv (or any CSV whose first column is time_s) into downsampled series, one per
// column, with at most `maxPoints` points each (min/max per bucket, see downsample.ts).
import { countLines, eachLine, parseNumbers } from './csv-lines.js';
import { bucketRowsFor, DEFAULT_MAX_POINTS, MinMaxDownsampler, type SeriesPoints } from './downsample.js';

/** A downsampled timeline: every column after time_s as its own series. */
export interface Timeline {
  /** Column names after time_s, in file order. */
  readonly columns: readonly string[];
  readonly series: ReadonlyMap<string, SeriesPoints>;
  /** Data rows in the file, and how many of them each bucket summarises (1 = exact). */
  readonly rows: number;
  readonly bucketRows: number;
  /** Time of the last row, in seconds. */
  readonly endS: number;
}

/** Builds a Timeline from rows held in memory (`rows[k][0]` = time); for tests and in-memory runs. */
export function timelineFromRows(
  columns: readonly string[],
  rows: readonly ArrayLike<number>[],
  maxPoints = DEFAULT_MAX_POINTS,
): Timeline {
  const down = new MinMaxDownsampler(columns.length, bucketRowsFor(rows.length, maxPoints));
  for (const row of rows) down.push(row);
  down.flush();
  const endS = rows.length === 0 ? 0 : ((rows[rows.length - 1] as ArrayLike<number>)[0] as number);
  return assemble(columns, down, rows.length, endS);
}

/**
 * Streams a timeline CSV (header `time_s,...`) into a Timeline.
 * @throws Error if the header does not start with time_s.
 */
export async function readTimeline(path: string, maxPoints = DEFAULT_MAX_POINTS): Promise<Timeline> {
  const rows = (await countLines(path)) - 1;
  let columns: string[] = [];
  let down = new MinMaxDownsampler(0, 1);
  let row = new Float64Array(1);
  await eachLine(path, (line, i) => {
    if (i === 0) {
      const header = line.split(',');
      if (header[0] !== 'time_s')
        throw new Error(`${path}: the first column must be time_s; received ${header[0] ?? ''}`);
      columns = header.slice(1);
      down = new MinMaxDownsampler(columns.length, bucketRowsFor(rows, maxPoints));
      row = new Float64Array(header.length);
      return;
    }
    parseNumbers(line, row);
    down.push(row);
  });
  down.flush();
  return assemble(columns, down, Math.max(0, rows), rows > 0 ? (row[0] as number) : 0);
}

/**
 * The Timeline of `rows` rows of `columns` (after time_s) pushed into `down` (flushed here), the last
 * at `endS`: what {@link readTimeline} reads back from their file, for a run that kept its rows' summary
 * as it wrote them.
 */
export function assemble(
  columns: readonly string[],
  down: MinMaxDownsampler,
  rows: number,
  endS: number,
): Timeline {
  down.flush();
  const series = new Map<string, SeriesPoints>();
  columns.forEach((c, i) => series.set(c, down.series[i] as SeriesPoints));
  return { columns, series, rows, bucketRows: down.bucketRows, endS };
}
