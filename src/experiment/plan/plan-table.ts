// The evidence of a plan: plan.csv's rows, and the table plan.txt and the terminal show, one row per
// evaluated candidate with each target's figure and the bounds its decision used.
import { round9 } from '../aggregate/aggregate.js';
import { EVIDENCE_COLUMNS, heading } from './evidence-columns.js';
import type { EvidenceRow } from './plan-evaluator.js';

/** plan.csv: one row per evaluated scenario. */
export const PLAN_CSV_HEADER = [
  'purpose',
  'pool',
  'active',
  'standby',
  'users',
  'failed',
  'admission',
  'supported',
  'blocking.mean',
  'blocking.ci95_lo',
  'blocking.ci95_hi',
  'overCapacityS.mean',
  'overCapacityS.ci95_lo',
  'overCapacityS.ci95_hi',
  'overCapacityAtEnd',
  'lost.mean',
  'lost.ci95_lo',
  'lost.ci95_hi',
  'meets',
  'replications',
  'decision',
  'sameAs',
  'lost.wanting',
  'rehomeS.mean',
  'rehomeS.ci95_lo',
  'rehomeS.ci95_hi',
  'notBack',
  'capacity',
];

/**
 * The evidence rows of plan.csv, in evaluation order (columns as PLAN_CSV_HEADER); a row with none
 * failed has no 95%-back figure (empty), nobody being cut off.
 */
export function planCsvRows(rows: readonly EvidenceRow[]): (string | number)[][] {
  const c = (x: number): number | string => round9(x) ?? '';
  return rows.map((r) => [
    r.purpose,
    r.pool,
    r.active,
    r.standby,
    r.users,
    r.failed,
    r.admission,
    String(r.supported),
    c(r.blocking.mean),
    c(r.blocking.lo),
    c(r.blocking.hi),
    c(r.overCapacityS.mean),
    c(r.overCapacityS.lo),
    c(r.overCapacityS.hi),
    r.overCapacityAtEnd,
    c(r.lost.mean),
    c(r.lost.lo),
    c(r.lost.hi),
    String(r.meets),
    r.replications,
    r.decision,
    r.sameAs ?? '',
    c(r.wanting),
    ...(r.failed === 0 ? ['', '', ''] : [c(r.rehomeS.mean), c(r.rehomeS.lo), c(r.rehomeS.hi)]),
    r.notBack,
    r.capacity,
  ]);
}

/**
 * The evidence table, aligned columns (EVIDENCE_COLUMNS, as report.html's), but for the settings that
 * are the same in every row: a line above the table says them once (`the same in every row: pool
 * pchat, standby 0, ...`; an empty note goes unsaid).
 */
export function evidenceTable(rows: readonly EvidenceRow[]): string[] {
  const columns = EVIDENCE_COLUMNS.map((c) => ({ c, cells: rows.map((r) => c.text(r)) }));
  const same = ({ c, cells }: (typeof columns)[number]): boolean =>
    c.once === true && cells.every((x) => x === cells[0]);
  const said = columns
    .filter(same)
    .flatMap(({ c, cells }) => (cells[0] ? [`${heading(c)} ${cells[0]}`] : []));
  const shown = columns.filter((x) => !same(x));
  const head = shown.map(({ c }) => heading(c));
  const widths = shown.map(({ cells }, i) => Math.max(head[i]?.length ?? 0, ...cells.map((x) => x.length)));
  const line = (c: readonly string[]): string =>
    c
      .map((x, i) => x.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const once = said.length === 0 ? [] : [`the same in every row: ${said.join(', ')}`];
  return [...once, line(head), ...rows.map((_, k) => line(shown.map(({ cells }) => cells[k] ?? '')))];
}
