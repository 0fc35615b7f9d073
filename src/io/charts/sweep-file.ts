// Reads sweep.csv (point, the swept keys, then <metric>.mean / .ci95_lo / .ci95_hi per metric) into
// the sweep chart's input: blocking, and the worst server's time over capacity, against the sweep.
import { parseFile } from 'fast-csv';
import type { SweepChartInput, SweepMetric, SweepPoint } from './experiment-specs.js';

type Row = Record<string, string>;

function readRows(path: string): Promise<{ header: string[]; rows: Row[] }> {
  return new Promise((resolve, reject) => {
    let header: string[] = [];
    const rows: Row[] = [];
    parseFile<Row, Row>(path, { headers: true })
      .on('headers', (h: string[]) => {
        header = h;
      })
      .on('error', reject)
      .on('data', (r: Row) => rows.push(r))
      .on('end', () => resolve({ header, rows }));
  });
}

const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));

/** One point of a metric column group; undefined when the row has no mean for it. */
function point(r: Row, x: number | string, metric: string): SweepPoint | undefined {
  const mean = num(r[`${metric}.mean`]);
  if (!Number.isFinite(mean)) return undefined;
  const lo = num(r[`${metric}.ci95_lo`]);
  const hi = num(r[`${metric}.ci95_hi`]);
  return { x, mean, lo: Number.isFinite(lo) ? lo : mean, hi: Number.isFinite(hi) ? hi : mean };
}

/**
 * Builds the sweep chart's input from sweep.csv: x is the swept key (the keys joined when several are
 * swept together); panels are `signIns.blocking` and, per point, the server with the most time over
 * capacity (its mean and CI). @param blockingTarget drawn as a dashed line when given.
 */
export async function readSweepChartInput(
  path: string,
  name: string,
  blockingTarget?: number,
): Promise<SweepChartInput> {
  const { header, rows } = await readRows(path);
  const firstMetric = header.findIndex((h) => h.endsWith('.mean'));
  const axes = header.slice(1, firstMetric === -1 ? header.length : firstMetric);
  const xOf = (r: Row): number | string => {
    const values = axes.map((a) => r[a] ?? '');
    const only = values[0];
    return values.length === 1 && only !== undefined && only !== '' && Number.isFinite(Number(only))
      ? Number(only)
      : values.join(', ');
  };
  const over = header
    .filter((h) => /^servers\.[^.]+\.secondsOverCapacity\.mean$/.test(h))
    .map((h) => h.slice(0, -'.mean'.length));
  const blocking: SweepPoint[] = [];
  const worst: SweepPoint[] = [];
  for (const r of rows) {
    const x = xOf(r);
    const b = point(r, x, 'signIns.blocking');
    if (b !== undefined) blocking.push(b);
    const candidates = over.map((m) => point(r, x, m)).filter((p): p is SweepPoint => p !== undefined);
    const top = candidates.reduce<SweepPoint | undefined>(
      (a, p) => (a === undefined || p.mean > a.mean ? p : a),
      undefined,
    );
    if (top !== undefined)
      worst.push({ ...top, mean: top.mean / 3600, lo: top.lo / 3600, hi: top.hi / 3600 });
  }
  const metrics: SweepMetric[] = [
    {
      title: 'blocking (refused first sign-ins)',
      points: blocking,
      ...(blockingTarget === undefined ? {} : { target: blockingTarget }),
    },
    { title: 'worst server: hours over capacity', points: worst },
  ];
  return { name, parameter: axes.join(', '), metrics };
}
