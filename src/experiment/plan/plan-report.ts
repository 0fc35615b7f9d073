// plan's report.html: the answer, the targets, each target figure per candidate in the figure-per-point
// block (chart-plan.svg: the candidates of the sizing step, those beyond the limits and the overload
// row, each with its bounds and the target line), and every evidence row with its plan.csv values.
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-file.js';
import type { FigurePoint, FigurePointsInput, PointFigure } from '../../io/charts/figure-points-spec.js';
import { writePlanChart } from '../../io/charts/run-charts.js';
import { planHtml, type PlanCell, type PlanReportRow } from '../../io/report/plan-html.js';
import { round9, type MetricStats } from '../aggregate/aggregate.js';
import {
  EVIDENCE_COLUMNS,
  evidenceLegend,
  heading,
  TARGET_COLUMNS,
  withFailed,
  type EvidenceColumn,
  type TargetColumn,
} from './evidence-columns.js';
import type { EvidenceRow } from './plan-evaluator.js';
import type { PlanResult } from './plan.js';

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** The candidate on the chart's axis: `4+1`, `5+0*` beyond the limits, `4+0 at 30,000` overloaded. */
function label(r: EvidenceRow): string {
  const servers = `${r.active}+${r.standby}`;
  if (r.purpose === 'overload') return `${servers} at ${n(r.capacity)}`;
  return r.supported ? servers : `${servers}*`;
}

/** A figure's point: its mean and the bounds its decision used (the mean alone from one run). */
function point(x: string, s: MetricStats, series: string): FigurePoint {
  const b = (v: number): number => (Number.isFinite(v) ? v : s.mean);
  return { x, series, mean: s.mean, lo: b(s.lo), hi: b(s.hi) };
}

/** How the chart lays the rows out: with --users, per candidate of the sizing step; else per user count. */
interface ChartAxis {
  readonly rows: readonly EvidenceRow[];
  x(e: EvidenceRow): string;
  series(e: EvidenceRow): string;
}

function chartAxis(r: PlanResult): ChartAxis {
  const many = r.pools.length > 1;
  if (r.options.users !== null)
    return {
      rows: r.evidence.filter((e) => e.purpose !== 'largest' && e.sameAs === null),
      x: label,
      series: (e) => (many ? e.pool : ''),
    };
  return {
    rows: r.evidence.filter((e) => e.purpose === 'largest').sort((a, b) => a.users - b.users),
    x: (e) => n(e.users),
    series: (e) => `${many ? `${e.pool}, ` : ''}${e.failed} failed`,
  };
}

/** With none failed in some row, blocking and users lost are the whole run's there: not the title's. */
const noFailure = (axis: ChartAxis): boolean => axis.rows.some((e) => e.failed === 0);

/**
 * A target's panel: the figure's full label (its short heading when some row has none failed, the
 * subtitle then saying what those rows cover), its unit, a point per row with a value, the target line.
 */
function panel(axis: ChartAxis, c: TargetColumn, target: number | null): PointFigure {
  return {
    title: noFailure(axis) ? c.label : c.title,
    points: axis.rows.flatMap((e) => {
      const s = c.stats(e);
      return s === null || !Number.isFinite(s.mean) ? [] : [point(axis.x(e), s, axis.series(e))];
    }),
    ...(c.percent ? { percent: true } : c.unit === null ? {} : { unit: c.unit }),
    ...(target === null ? {} : { target }),
  };
}

/**
 * The chart's input: each target figure over the candidates of the sizing step, per pool; without
 * --users, over the user counts the largest-user search tried, with k failed and with none.
 */
function chartInput(r: PlanResult): FigurePointsInput {
  const o = r.options;
  const many = r.pools.length > 1;
  const sizing = o.users !== null;
  const axis = chartAxis(r);
  const t = TARGET_COLUMNS;
  const sized = r.pools[0]?.sized ?? null;
  return {
    title: sizing
      ? `${r.scenario}: each target per candidate, ${n(o.users ?? 0)} users ${withFailed(o.nMinus)}`
      : `${r.scenario}: each target per user count of the scenario's own servers`,
    subtitle:
      (sizing
        ? 'active + standby servers; * beyond the documented limits; "at": the overload row'
        : 'the user counts the largest-user search tried') +
      (noFailure(axis)
        ? '; with none failed, blocking, users lost and time over capacity over the whole run'
        : ''),
    xTitle: sizing ? 'candidate (active + standby)' : 'users',
    numeric: false,
    seriesTitle: many || !sizing ? (sizing ? 'pool' : 'servers failed') : '',
    figures: [
      panel(axis, t.blocking, o.maxBlocking),
      panel(axis, t.lost, o.maxLost),
      panel(axis, t.overCapacity, o.maxOverCapacityS),
      panel(axis, t.rehome, o.maxRehomeS),
    ],
    ...(sized === null ? {} : { marked: { x: label(sized), series: axis.series(sized) } }),
  };
}

/** A cell: its words, and where the column shows a plan.csv value, that column and value. */
function cell(c: EvidenceColumn, e: EvidenceRow): PlanCell {
  const csv = c.csv(e);
  return csv === null
    ? { text: c.text(e) }
    : { text: c.text(e), column: csv.column, value: round9(csv.value) ?? '' };
}

function evidenceRow(r: PlanResult, e: EvidenceRow, i: number): PlanReportRow {
  return {
    csvRow: i,
    answer: r.pools.some((p) => p.sized === e),
    cells: EVIDENCE_COLUMNS.map((c) => cell(c, e)),
  };
}

/** Writes chart-plan.svg and report.html into `dir`. */
export async function writePlanReport(
  r: PlanResult,
  file: string,
  dir: string,
  words: { readonly answer: string[]; readonly targets: string[]; readonly method: string[] },
): Promise<void> {
  const chart = await writePlanChart(dir, chartInput(r));
  const html = planHtml({
    name: r.scenario,
    file,
    ...words,
    chart,
    head: EVIDENCE_COLUMNS.map(heading),
    legend: evidenceLegend(),
    rows: r.evidence.map((e, i) => evidenceRow(r, e, i)),
    files: ['plan.txt', 'plan.csv', chart.file, 'report.html'],
  });
  writeFileAtomic(join(dir, 'report.html'), html);
}
