// Reads replication bands (timeline-bands.csv: time_s, then <column>_p5, <column>_p95 pairs) into
// bounded series: each bucket of rows becomes its envelope (lowest p5, highest p95), so it only widens.
import { countLines, eachLine, parseNumbers } from './csv-lines.js';
import { bucketRowsFor, DEFAULT_MAX_POINTS } from './downsample.js';

/** The p5–p95 band of one timeline column across replications. */
export interface Band {
  readonly t: number[];
  readonly lo: number[];
  readonly hi: number[];
}

/** Bands by column name (the timeline column, without the _p5/_p95 suffix). */
export type Bands = ReadonlyMap<string, Band>;

interface Pair {
  readonly name: string;
  readonly loCol: number;
  readonly hiCol: number;
  readonly band: Band;
}

/** Finds the `<name>_p5` / `<name>_p95` column pairs of a header. */
function pairsOf(header: readonly string[]): Pair[] {
  const out: Pair[] = [];
  header.forEach((h, lo) => {
    if (!h.endsWith('_p5')) return;
    const name = h.slice(0, -3);
    const hi = header.indexOf(`${name}_p95`);
    if (hi !== -1) out.push({ name, loCol: lo, hiCol: hi, band: { t: [], lo: [], hi: [] } });
  });
  return out;
}

/**
 * Streams a bands CSV into at most `maxPoints` points per band: each bucket contributes its first
 * and last time, both with the bucket's minimum p5 and maximum p95 (exact when a bucket is one row).
 * @throws Error if the header does not start with time_s.
 */
export async function readBands(path: string, maxPoints = DEFAULT_MAX_POINTS): Promise<Bands> {
  const bucketRows = bucketRowsFor((await countLines(path)) - 1, maxPoints);
  let pairs: Pair[] = [];
  let row = new Float64Array(1);
  let lo = new Float64Array(0);
  let hi = new Float64Array(0);
  let first = 0;
  let last = 0;
  let n = 0;
  const flush = (): void => {
    if (n === 0) return;
    pairs.forEach((p, i) => {
      const times = first === last ? [first] : [first, last];
      for (const t of times) {
        p.band.t.push(t);
        p.band.lo.push(lo[i] as number);
        p.band.hi.push(hi[i] as number);
      }
    });
    n = 0;
  };
  await eachLine(path, (line, i) => {
    if (i === 0) {
      const header = line.split(',');
      if (header[0] !== 'time_s')
        throw new Error(`${path}: the first column must be time_s; received ${header[0] ?? ''}`);
      pairs = pairsOf(header);
      row = new Float64Array(header.length);
      lo = new Float64Array(pairs.length);
      hi = new Float64Array(pairs.length);
      return;
    }
    parseNumbers(line, row);
    const t = row[0] as number;
    if (n === 0) first = t;
    last = t;
    pairs.forEach((p, k) => {
      const a = row[p.loCol] as number;
      const b = row[p.hiCol] as number;
      lo[k] = n === 0 ? a : Math.min(lo[k] as number, a);
      hi[k] = n === 0 ? b : Math.max(hi[k] as number, b);
    });
    if (++n === bucketRows) flush();
  });
  flush();
  return new Map(pairs.map((p) => [p.name, p.band]));
}
