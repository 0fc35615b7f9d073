// Per-time statistics over replications: timeline.csv holds each column's mean at each sample time,
// timeline-bands.csv its 5th and 95th percentiles. Needs every replication's samples at once, so the
// memory is rows × columns × replications × 8 bytes, checked against a budget before anything runs.
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { CsvFile } from '../../io/csv-file.js';
import { quantileSorted, round9 } from './aggregate.js';

/** Memory the kept timelines of one experiment may take (an assumption: well inside a 2 GiB heap). */
export const TIMELINE_BUDGET_BYTES = 256 * 1024 * 1024;
const ROWS_PER_CHUNK = 1024;

/** @throws UsageError when rows × columns × replications × 8 bytes exceeds the budget, with the way out. */
export function checkTimelineBudget(rows: number, cols: number, replications: number): void {
  const bytes = rows * cols * replications * 8;
  if (bytes > TIMELINE_BUDGET_BYTES) {
    const mib = (x: number): string => `${Math.ceil(x / 2 ** 20)} MiB`;
    throw new UsageError(
      `--replications: ${replications} replications × ${rows} timeline rows × ${cols} columns need ${mib(bytes)} for the per-time bands; ` +
        `the limit is ${mib(TIMELINE_BUDGET_BYTES)}: use a larger sampleEvery or fewer replications`,
    );
  }
}

/** The bands header: time_s, then `<column>_p5,<column>_p95` for every other column. */
export function bandsHeader(header: readonly string[]): string[] {
  return ['time_s', ...header.slice(1).flatMap((c) => [`${c}_p5`, `${c}_p95`])];
}

/**
 * Writes timeline.csv (per-time means) and timeline-bands.csv (p5, p95) into `dir` from row-major
 * timelines that share `header` and sample times, given in replication order.
 */
export async function writeTimelineStats(
  timelines: readonly Float64Array[],
  header: readonly string[],
  dir: string,
): Promise<void> {
  const cols = header.length;
  const first = timelines[0];
  const rows = first === undefined ? 0 : first.length / cols;
  const means = new CsvFile(join(dir, 'timeline.csv'), header);
  const bands = new CsvFile(join(dir, 'timeline-bands.csv'), bandsHeader(header));
  const scratch = new Float64Array(timelines.length);
  try {
    for (let r = 0; r < rows; r++) {
      const time = (first as Float64Array)[r * cols] as number;
      const meanRow: (number | string)[] = [time];
      const bandRow: (number | string)[] = [time];
      for (let c = 1; c < cols; c++) {
        let sum = 0;
        for (let k = 0; k < timelines.length; k++) {
          const v = (timelines[k] as Float64Array)[r * cols + c] as number;
          scratch[k] = v;
          sum += v;
        }
        scratch.sort();
        meanRow.push(cell(sum / timelines.length));
        bandRow.push(cell(quantileSorted(scratch, 0.05)), cell(quantileSorted(scratch, 0.95)));
      }
      means.write(meanRow);
      bands.write(bandRow);
      if (r % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) await Promise.all([means.drain(), bands.drain()]);
    }
    await Promise.all([means.close(), bands.close()]);
  } catch (e) {
    await Promise.all([means.abort(), bands.abort()]);
    throw e;
  }
}

function cell(x: number): number | string {
  return round9(x) ?? '';
}
