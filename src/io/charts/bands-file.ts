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
 * The envelope of one bucket of rows (lowest p5, highest p95 of each pair), added to the bands as the
 * bucket's first and last time when it is flushed.
 */
class Envelope {
  pairs: Pair[] = [];
  lo = new Float64Array(0);
  hi = new Float64Array(0);
  first = 0;
  last = 0;
  /** Rows in the bucket so far. */
  n = 0;

  /** Takes the pairs of the header. */
  start(pairs: Pair[]): void {
    this.pairs = pairs;
    this.lo = new Float64Array(pairs.length);
    this.hi = new Float64Array(pairs.length);
  }

  /** Widens the envelope by one row (its time first). */
  add(row: Float64Array): void {
    const { lo, hi, n } = this;
    const t = row[0] as number;
    if (n === 0) this.first = t;
    this.last = t;
    this.pairs.forEach((p, k) => {
      const a = row[p.loCol] as number;
      const b = row[p.hiCol] as number;
      lo[k] = n === 0 ? a : Math.min(lo[k] as number, a);
      hi[k] = n === 0 ? b : Math.max(hi[k] as number, b);
    });
    this.n = n + 1;
  }

  /** Adds the bucket to every band (one point when it spans a single time) and starts the next. */
  flush(): void {
    if (this.n === 0) return;
    const times = this.first === this.last ? [this.first] : [this.first, this.last];
    this.pairs.forEach((p, i) => {
      for (const t of times) {
        p.band.t.push(t);
        p.band.lo.push(this.lo[i] as number);
        p.band.hi.push(this.hi[i] as number);
      }
    });
    this.n = 0;
  }
}

/**
 * Streams a bands CSV into at most `maxPoints` points per band: each bucket contributes its first
 * and last time, both with the bucket's minimum p5 and maximum p95 (exact when a bucket is one row).
 * @throws Error if the header does not start with time_s.
 */
export async function readBands(path: string, maxPoints = DEFAULT_MAX_POINTS): Promise<Bands> {
  const bucketRows = bucketRowsFor((await countLines(path)) - 1, maxPoints);
  const envelope = new Envelope();
  let row = new Float64Array(1);
  await eachLine(path, (line, i) => {
    if (i === 0) {
      const header = line.split(',');
      if (header[0] !== 'time_s')
        throw new Error(`${path}: the first column must be time_s; received ${header[0] ?? ''}`);
      envelope.start(pairsOf(header));
      row = new Float64Array(header.length);
      return;
    }
    parseNumbers(line, row);
    envelope.add(row);
    if (envelope.n === bucketRows) envelope.flush();
  });
  envelope.flush();
  return new Map(envelope.pairs.map((p) => [p.name, p.band]));
}
