// Reads sweep.csv (point, the swept keys, then <figure>.mean / .ci95_lo / .ci95_hi per figure) back for
// the sweep's chart and report: each point's figures, the worst server's time over capacity, the first
// point meeting plan-style targets, and the chart's input (blocking, users lost and the worst server's
// hours over capacity against the sweep).
import { parseFile } from 'fast-csv';
import { figure, keysOf } from '../../model/figures/catalogue.js';
import type { FigurePoint, FigurePointsInput, PointFigure } from './figure-points-spec.js';

type Row = Record<string, string>;

/** A figure at a point: its mean and 95% interval (the mean itself with one replication). */
export interface Cell {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** One point of the sweep: its number, its swept values, and its figures by summary.json path. */
export interface SweepRow {
  readonly point: number;
  readonly values: readonly string[];
  readonly cells: ReadonlyMap<string, Cell>;
}

/** sweep.csv read back. */
export interface SweepTable {
  readonly keys: readonly string[];
  readonly rows: readonly SweepRow[];
}

/** Targets as plan takes them; a point meets one when its 95% interval's upper end is within it. */
export interface SweepTargets {
  readonly maxBlocking?: number;
  readonly maxLost?: number;
  readonly maxOverCapacityS?: number;
}

const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));

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

/** Reads sweep.csv. @throws Error if it cannot be read. */
export async function readSweepTable(path: string): Promise<SweepTable> {
  const { header, rows } = await readRows(path);
  const firstFigure = header.findIndex((h) => h.endsWith('.mean'));
  const keys = header.slice(1, firstFigure === -1 ? header.length : firstFigure);
  const figures = header.filter((h) => h.endsWith('.mean')).map((h) => h.slice(0, -'.mean'.length));
  return {
    keys,
    rows: rows.map((r) => {
      const cells = new Map<string, Cell>();
      for (const f of figures) {
        const mean = num(r[`${f}.mean`]);
        if (!Number.isFinite(mean)) continue;
        const lo = num(r[`${f}.ci95_lo`]);
        const hi = num(r[`${f}.ci95_hi`]);
        cells.set(f, { mean, lo: Number.isFinite(lo) ? lo : mean, hi: Number.isFinite(hi) ? hi : mean });
      }
      return { point: num(r['point']), values: keys.map((k) => r[k] ?? ''), cells };
    }),
  };
}

const SECONDS_OVER = figure('servers.*.secondsOverCapacity');
const OVER_AT_END = figure('servers.*.overCapacityAtEnd');

/** The server with the most time over capacity at a point, and the share of replications it ended over. */
export function worstServer(row: SweepRow): { name: string; over: Cell; atEnd: number } | undefined {
  let worst: { name: string; over: Cell; atEnd: number } | undefined;
  for (const [path, cell] of row.cells) {
    const name = keysOf(SECONDS_OVER, path)?.[0];
    if (name === undefined) continue;
    if (worst !== undefined && cell.mean <= worst.over.mean) continue;
    worst = { name, over: cell, atEnd: 0 };
  }
  if (worst === undefined) return undefined;
  // A server still over capacity at the end of any replication means the time is cut short: a miss.
  let atEnd = 0;
  for (const [path, cell] of row.cells)
    if (keysOf(OVER_AT_END, path) !== null) atEnd = Math.max(atEnd, cell.mean);
  return { ...worst, atEnd };
}

/** Whether a point meets every target given (plan's meanings); true when none is given. */
export function meets(row: SweepRow, t: SweepTargets): boolean {
  const within = (path: string, target: number | undefined): boolean =>
    target === undefined || (row.cells.get(path)?.hi ?? Infinity) <= target;
  const worst = worstServer(row);
  const overOk =
    t.maxOverCapacityS === undefined ||
    worst === undefined ||
    (worst.atEnd === 0 && worst.over.hi <= t.maxOverCapacityS);
  return (
    within(figure('signIns.blocking').path, t.maxBlocking) &&
    within(figure('users.lostFraction').path, t.maxLost) &&
    overOk
  );
}

/** Any target given. */
export function hasTargets(t: SweepTargets): boolean {
  return t.maxBlocking !== undefined || t.maxLost !== undefined || t.maxOverCapacityS !== undefined;
}

/** The first point, in the grid's order, meeting every target; null when none does or none is given. */
export function firstMeeting(table: SweepTable, t: SweepTargets): SweepRow | null {
  if (!hasTargets(t)) return null;
  return table.rows.find((r) => meets(r, t)) ?? null;
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

/** A point's line name: the other keys' values (one key: its value; several: key=value pairs). */
function seriesOf(table: SweepTable, row: SweepRow): string {
  const others = table.keys.slice(1);
  if (others.length === 1) return row.values[1] ?? '';
  return others.map((k, i) => `${k}=${row.values[i + 1] ?? ''}`).join(', ');
}

/** How the first key's values map to the x axis (see {@link xScale}). */
type XScale = ReturnType<typeof xScale>;

/**
 * The sweep chart's input: x is the first swept key (numbers and durations on a numeric axis), one line
 * per combination of the other keys; panels: blocking and users lost (in percent) and the worst server's
 * hours over capacity, each with its target when given, and the first point meeting them ringed.
 */
export function sweepChartInput(
  table: SweepTable,
  name: string,
  targets: SweepTargets = {},
): FigurePointsInput {
  const [first = ''] = table.keys;
  const scale = xScale(table.rows.map((r) => r.values[0] ?? ''));
  const marked = firstMeeting(table, targets);
  const others = table.keys.slice(1);
  return {
    title: `${name}: sweep over ${table.keys.join(' × ')}`,
    subtitle: `mean with its 95% confidence interval at each point${others.length === 0 ? '' : `; one line per ${others.join(', ')}`}${marked === null ? '' : '; ringed: the first point that meets every target'}`,
    xTitle: `${first}${scale.unit}`,
    numeric: scale.numeric,
    seriesTitle: others.join(', '),
    figures: sweepFigures(table, scale, targets),
    ...(marked === null
      ? {}
      : { marked: { x: scale.of(marked.values[0] ?? ''), series: seriesOf(table, marked) } }),
  };
}

/** The three panels: blocking and users lost in percent, the worst server's hours over capacity. */
function sweepFigures(table: SweepTable, scale: XScale, targets: SweepTargets): PointFigure[] {
  const points = (cellOf: (r: SweepRow) => Cell | undefined, k = 1): FigurePoint[] =>
    table.rows.flatMap((r) => {
      const cell = cellOf(r);
      return cell === undefined ? [] : [pointOf(table, scale, r, cell, k)];
    });
  const target = (t: number | undefined): { target?: number } => (t === undefined ? {} : { target: t });
  const blocking = figure('signIns.blocking');
  const lost = figure('users.lostFraction');
  return [
    {
      title: blocking.figure.label,
      points: points((r) => r.cells.get(blocking.path)),
      percent: true,
      ...target(targets.maxBlocking),
    },
    {
      title: lost.figure.label,
      points: points((r) => r.cells.get(lost.path)),
      percent: true,
      ...target(targets.maxLost),
    },
    {
      title: 'worst server: hours over capacity',
      unit: 'hours',
      points: points((r) => worstServer(r)?.over, 3600),
      ...target(targets.maxOverCapacityS === undefined ? undefined : targets.maxOverCapacityS / 3600),
    },
  ];
}

/** One row's figure as a point on the chart, its mean and interval divided by `k`. */
function pointOf(table: SweepTable, scale: XScale, row: SweepRow, cell: Cell, k: number): FigurePoint {
  return {
    x: scale.of(row.values[0] ?? ''),
    series: seriesOf(table, row),
    mean: cell.mean / k,
    lo: cell.lo / k,
    hi: cell.hi / k,
  };
}
