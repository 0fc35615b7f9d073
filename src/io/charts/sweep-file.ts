// Reads sweep.csv (point, the swept keys, then <metric>.mean / .ci95_lo / .ci95_hi per metric) into
// the sweep chart's input: blocking, and the worst server's time over capacity, against the sweep.
import { parseFile } from 'fast-csv';
import type { SweepChartInput, SweepMetric, SweepPoint } from './experiment-specs.js';
import { figure, keysOf } from '../../model/figures/catalogue.js';

const BLOCKING = figure('signIns.blocking');
const SECONDS_OVER = figure('servers.*.secondsOverCapacity');

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
function point(r: Row, x: number | string, series: string, metric: string): SweepPoint | undefined {
  const mean = num(r[`${metric}.mean`]);
  if (!Number.isFinite(mean)) return undefined;
  const lo = num(r[`${metric}.ci95_lo`]);
  const hi = num(r[`${metric}.ci95_hi`]);
  return { x, series, mean, lo: Number.isFinite(lo) ? lo : mean, hi: Number.isFinite(hi) ? hi : mean };
}

/** Seconds of a duration as scenario files write them (`90s`, `15m`, `2h45m`, `7d`); undefined if not one. */
function durationS(text: string): number | undefined {
  const m = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(
    text,
  );
  if (m === null || text === '') return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** How the first key's values map to the x axis: numbers as they are, durations in minutes or hours. */
function xScale(values: readonly string[]): {
  of: (v: string) => number | string;
  unit: string;
  numeric: boolean;
} {
  if (values.every((v) => v !== '' && Number.isFinite(Number(v))))
    return { of: Number, unit: '', numeric: true };
  const secs = values.map(durationS);
  if (secs.every((s) => s !== undefined)) {
    const hours = Math.max(...secs) >= 3 * 3600;
    const per = hours ? 3600 : 60;
    return { of: (v) => (durationS(v) ?? 0) / per, unit: hours ? ' (hours)' : ' (minutes)', numeric: true };
  }
  return { of: (v) => v, unit: '', numeric: false };
}

/**
 * Builds the sweep chart's input from sweep.csv: x is the first swept key (numbers and durations on a
 * numeric axis), one line per combination of the other keys; panels are `signIns.blocking` (in
 * percent) and, per point, the server with the most time over capacity (hours; mean and CI).
 * @param blockingTarget a proportion, drawn as a dashed rule when given.
 */
export async function readSweepChartInput(
  path: string,
  name: string,
  blockingTarget?: number,
): Promise<SweepChartInput> {
  const { header, rows } = await readRows(path);
  const firstMetric = header.findIndex((h) => h.endsWith('.mean'));
  const axes = header.slice(1, firstMetric === -1 ? header.length : firstMetric);
  const [first = '', ...others] = axes;
  const scale = xScale(rows.map((r) => r[first] ?? ''));
  // One other key: its value names the line (the legend's title names the key); several: key=value pairs.
  const seriesOf = (r: Row): string =>
    others.length === 1 ? (r[others[0] as string] ?? '') : others.map((a) => `${a}=${r[a] ?? ''}`).join(', ');
  const over = header
    .filter((h) => h.endsWith('.mean'))
    .map((h) => h.slice(0, -'.mean'.length))
    .filter((h) => keysOf(SECONDS_OVER, h) !== null);
  const blocking: SweepPoint[] = [];
  const worst: SweepPoint[] = [];
  for (const r of rows) {
    const x = scale.of(r[first] ?? '');
    const series = seriesOf(r);
    const b = point(r, x, series, BLOCKING.path);
    if (b !== undefined) blocking.push(b);
    const candidates = over
      .map((m) => point(r, x, series, m))
      .filter((p): p is SweepPoint => p !== undefined);
    const top = candidates.reduce<SweepPoint | undefined>(
      (a, p) => (a === undefined || p.mean > a.mean ? p : a),
      undefined,
    );
    if (top !== undefined)
      worst.push({ ...top, mean: top.mean / 3600, lo: top.lo / 3600, hi: top.hi / 3600 });
  }
  const metrics: SweepMetric[] = [
    {
      title: BLOCKING.figure.label,
      points: blocking,
      percent: true,
      ...(blockingTarget === undefined ? {} : { target: blockingTarget }),
    },
    { title: 'worst server: hours over capacity', points: worst },
  ];
  return {
    name,
    parameter: `${first}${scale.unit}`,
    numeric: scale.numeric,
    seriesTitle: others.join(', '),
    metrics,
  };
}
