// The evidence of a plan: plan.csv's rows, and the table plan.txt and the terminal show, one row per
// evaluated candidate with each target's figure and the bounds its decision used.
import { NO_ADMISSION_LIMIT } from '../../model/config.js';
import { round9 } from '../aggregate/aggregate.js';
import { formatStats } from '../replications/experiment-text.js';
import type { EvidenceRow } from './plan-evaluator.js';

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

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

/** The evidence rows of plan.csv, in evaluation order (columns as PLAN_CSV_HEADER). */
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
    c(r.rehomeS.mean),
    c(r.rehomeS.lo),
    c(r.rehomeS.hi),
    r.notBack,
    r.capacity,
  ]);
}

/** " (still over at the end in 2 of 3)": the time over capacity was cut by the run's end. */
export function stillOver(r: EvidenceRow): string {
  return r.overCapacityAtEnd === 0
    ? ''
    : ` (still over at the end in ${r.overCapacityAtEnd} of ${r.overCapacityS.of})`;
}

/** Users lost with its denominator: `0.300% of 13,347`. */
export function lostText(r: EvidenceRow): string {
  return `${formatStats(r.lost, true)} of ${n(r.wanting)}`;
}

/** 95% back: seconds, or how many runs did not get there within the failure window. */
export function rehomeText(r: EvidenceRow): string {
  if (r.notBack > 0) return `not within the window in ${r.notBack} of ${r.replications}`;
  return formatStats(r.rehomeS);
}

/** The evidence table, aligned columns. */
export function evidenceTable(rows: readonly EvidenceRow[]): string[] {
  const head = [
    'purpose',
    'pool',
    'active',
    'standby',
    'users',
    'failed',
    'capacity',
    'admission',
    'blocking',
    'lost (of the affected)',
    's over capacity (worst server)',
    's until 95% back',
    'runs',
    'meets',
    'note',
  ];
  const cells = rows.map((r) => [
    r.purpose,
    r.pool,
    String(r.active),
    String(r.standby),
    n(r.users),
    String(r.failed),
    n(r.capacity),
    (r.admission === NO_ADMISSION_LIMIT ? 'none' : n(r.admission)) + (r.supported ? '' : ' *'),
    formatStats(r.blocking, true),
    lostText(r),
    formatStats(r.overCapacityS) + stillOver(r),
    rehomeText(r),
    r.sameAs === null ? String(r.replications) : '-',
    r.decision === 'undecided' ? 'undecided (a miss)' : r.meets ? 'yes' : 'no',
    r.sameAs === null
      ? ''
      : `same as ${r.sameAs}: only ${r.failed} standby${r.failed === 1 ? '' : 's'} can be promoted`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c
      .map((x, i) => x.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)];
}
