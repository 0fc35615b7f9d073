// plan's report.html: the answer, the targets, each target figure per candidate in the figure-per-point
// block (chart-plan.svg: the candidates of the sizing step, those beyond the limits and the overload
// row, each with its bounds and the target line), and every evidence row with its plan.csv values.
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-file.js';
import type { FigurePoint, FigurePointsInput, PointFigure } from '../../io/charts/figure-points-spec.js';
import { writePlanChart } from '../../io/charts/run-charts.js';
import { planHtml, type PlanCell, type PlanReportRow } from '../../io/report/plan-html.js';
import type { MetricStats } from '../aggregate/aggregate.js';
import { round9 } from '../aggregate/aggregate.js';
import { formatStats } from '../replications/experiment-text.js';
import type { EvidenceRow } from './plan-evaluator.js';
import { lostText, rehomeText, stillOver } from './plan-table.js';
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

/**
 * The chart's input: each target figure over the candidates of the sizing step, per pool; without
 * --users, over the user counts the largest-user search tried, with k failed and with none.
 */
function chartInput(r: PlanResult): FigurePointsInput {
  const o = r.options;
  const many = r.pools.length > 1;
  const sizing = o.users !== null;
  const rows = sizing
    ? r.evidence.filter((e) => e.purpose !== 'largest' && e.sameAs === null)
    : r.evidence.filter((e) => e.purpose === 'largest').sort((a, b) => a.users - b.users);
  const series = (e: EvidenceRow): string =>
    sizing ? (many ? e.pool : '') : `${many ? `${e.pool}, ` : ''}${e.failed} failed`;
  const x = (e: EvidenceRow): string => (sizing ? label(e) : n(e.users));
  const figure = (
    title: string,
    stats: (e: EvidenceRow) => MetricStats | null,
    extra: Omit<PointFigure, 'title' | 'points'>,
  ): PointFigure => ({
    title,
    points: rows.flatMap((e) => {
      const s = stats(e);
      return s === null || !Number.isFinite(s.mean) ? [] : [point(x(e), s, series(e))];
    }),
    ...extra,
  });
  const sized = r.pools[0]?.sized ?? null;
  return {
    title: sizing
      ? `${r.scenario}: each target per candidate, ${n(o.users ?? 0)} users with ${o.nMinus} failed`
      : `${r.scenario}: each target per user count of the scenario's own servers`,
    subtitle: sizing
      ? 'active + standby servers; * beyond the documented limits; "at": the overload row'
      : 'the user counts the largest-user search tried',
    xTitle: sizing ? 'candidate (active + standby)' : 'users',
    numeric: false,
    seriesTitle: many || !sizing ? (sizing ? 'pool' : 'servers failed') : '',
    figures: [
      figure('blocking in the failure window', (e) => e.blocking, { percent: true, target: o.maxBlocking }),
      figure('users lost, of the affected', (e) => e.lost, { percent: true, target: o.maxLost }),
      figure('worst server: time over capacity', (e) => e.overCapacityS, {
        unit: 's',
        target: o.maxOverCapacityS,
      }),
      figure('95% of the affected back', (e) => (e.notBack > 0 ? null : e.rehomeS), {
        unit: 's',
        ...(o.maxRehomeS === null ? {} : { target: o.maxRehomeS }),
      }),
    ],
    ...(sized === null ? {} : { marked: { x: label(sized), series: series(sized) } }),
  };
}

/** A figure cell: its text with bounds, naming its plan.csv column and the value written there. */
function stat(column: string, s: MetricStats, text: string): PlanCell {
  return { text, column: `${column}.mean`, value: round9(s.mean) ?? '' };
}

function evidenceRow(r: PlanResult, e: EvidenceRow, i: number): PlanReportRow {
  const text = (t: string): PlanCell => ({ text: t });
  const answer = r.pools.some((p) => p.sized === e);
  return {
    csvRow: i,
    answer,
    cells: [
      text(e.purpose),
      text(e.pool),
      { text: String(e.active), column: 'active', value: e.active },
      { text: String(e.standby), column: 'standby', value: e.standby },
      { text: n(e.users), column: 'users', value: e.users },
      { text: String(e.failed), column: 'failed', value: e.failed },
      { text: n(e.capacity) + (e.supported ? '' : ' *'), column: 'capacity', value: e.capacity },
      stat('blocking', e.blocking, formatStats(e.blocking, true)),
      stat('lost', e.lost, lostText(e)),
      stat('overCapacityS', e.overCapacityS, formatStats(e.overCapacityS) + stillOver(e)),
      e.notBack > 0 ? text(rehomeText(e)) : stat('rehomeS', e.rehomeS, rehomeText(e)),
      { text: String(e.replications), column: 'replications', value: e.replications },
      text(
        (e.decision === 'undecided' ? 'undecided (a miss)' : e.meets ? 'meets' : 'misses') +
          (e.sameAs === null ? '' : `: same as ${e.sameAs}, only ${e.failed} standby can be promoted`),
      ),
    ],
  };
}

const HEAD = [
  'purpose',
  'pool',
  'active',
  'standby',
  'users',
  'failed',
  'capacity',
  'blocking',
  'users lost (of the affected)',
  'worst server: s over capacity',
  's until 95% back',
  'runs',
  'decision',
];

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
    head: HEAD,
    rows: r.evidence.map((e, i) => evidenceRow(r, e, i)),
    files: ['plan.txt', 'plan.csv', chart.file, 'report.html'],
  });
  writeFileAtomic(join(dir, 'report.html'), html);
}
