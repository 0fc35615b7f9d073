// How a comparison writes its figures for people, on the terminal and on its report: the figure's
// kind in the catalogue decides, as everywhere else (counts with thousands separators, ratios as
// percentages, spans and instants in h/m/s to the second), and an interval says whether it is paired.
import { figure, figureOf, patternSegments, type FigureRef } from '../../model/figures/catalogue.js';
import { spanText } from '../../model/figures/span-text.js';
import type { CompareRow, ComparedRun } from './compare-table.js';
import { num, pct } from './html.js';

const ref = (r: FigureRef): readonly [string, string] => [r.path, r.figure.label];
const SECONDS_OVER = figure('servers.*.secondsOverCapacity');

/**
 * Rows of the key table, in order: compare.csv's figure and its label (the others are in the report's
 * full table). `max(...)` rows are the comparison's own: the most of a figure over a run's servers or
 * outages.
 */
export const COMPARE_KEY_ROWS: readonly (readonly [string, string])[] = [
  ref(figure('connected.peak')),
  ref(figure('connected.mean')),
  ref(figure('waiting.peak')),
  ref(figure('signIns.blocking')),
  ref(figure('signIns.gaveUp')),
  ref(figure('users.lost')),
  ref(figure('users.lostFraction')),
  ref(figure('recovery_s.max')),
  [`max(${figure('outages[].recovery95_s').path})`, '95% back after (the slowest outage)'],
  ref(figure('userSecondsWithoutService.total')),
  [`max(${SECONDS_OVER.path})`, `worst server: ${SECONDS_OVER.figure.label}`],
];

/** A number as people read it. */
export type Format = (x: number) => string;

/** A count: whole from 100 up, else to one decimal (a replicated run's mean of a rare event). */
const count: Format = (x) => num(x, Number.isInteger(x) || Math.abs(x) >= 100 ? 0 : 1);

/** The figure a compare.csv row is about: a summary path, or a `max(...)` over declared paths. */
function declaredPath(figure: string): string {
  const m = /^max\((.*)\)$/.exec(figure);
  return m?.[1] ?? figure;
}

/** How a row of compare.csv is written: by its figure's kind (the seconds above a limit are a span). */
export function formatOf(figure: string): Format {
  if (figure.startsWith('warnings.') && figure.endsWith('.seconds')) return spanText;
  const f = figureOf(patternSegments(declaredPath(figure)));
  // User-seconds are read in hours, as the run's own report gives them.
  if (f?.unit === 'user-seconds') return (x) => `${num(x / 3600, 1)} h`;
  switch (f?.kind) {
    case 'ratio':
    case 'yesno':
      return (x) => pct(x);
    case 'span':
    case 'instant':
      return spanText;
    case 'count':
    case 'setting':
    case 'level':
      return count;
    default:
      return (x) => num(x, 3);
  }
}

/** A difference with its sign: `+1,200`, `-16,658`, `+0.05%`, `-5m00s`. */
export function signed(x: number, f: Format): string {
  return x > 0 ? `+${f(x)}` : f(x);
}

/** A difference's interval in words: `95% CI -16,868 to -16,447, paired`; empty without one. */
export function intervalText(d: CompareRow['differences'][number], f: Format): string {
  if (d.lo === null || d.hi === null) return '';
  return `95% CI ${signed(d.lo, f)} to ${signed(d.hi, f)}${d.interval === null ? '' : `, ${d.interval}`}`;
}

/**
 * One terminal line of a row: `peak connected users: default 60,030 vs stretched-2-2 43,372; difference
 * -16,658 (95% CI -16,868 to -16,447, paired)`.
 */
export function compareLine(row: CompareRow, label: string, runs: readonly ComparedRun[]): string {
  const f = formatOf(row.figure);
  const values = row.values.map((v, i) => `${runs[i]?.name ?? ''} ${v === null ? '–' : f(v)}`);
  const diffs = row.differences.map((d) => {
    if (d.d === null) return '–';
    const ci = intervalText(d, f);
    return `${signed(d.d, f)}${ci === '' ? '' : ` (${ci})`}`;
  });
  return `${label}: ${values.join(' vs ')}; difference ${diffs.join(', ')}`;
}

/** The rows the terminal prints, of the report's key rows, in its order. */
const TERMINAL = new Set([
  'connected.peak',
  'signIns.blocking',
  'users.lost',
  'recovery_s.max',
  'max(outages[].recovery95_s)',
  'max(servers.*.secondsOverCapacity)',
]);

/** The terminal's lines: the key rows it prints that the runs have, one line each. */
export function compareTerminal(rows: readonly CompareRow[], runs: readonly ComparedRun[]): string[] {
  const by = new Map(rows.map((r) => [r.figure, r]));
  return COMPARE_KEY_ROWS.flatMap(([path, label]) => {
    const r = by.get(path);
    return r !== undefined && TERMINAL.has(path) ? [compareLine(r, label, runs)] : [];
  });
}
