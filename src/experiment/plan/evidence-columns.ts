// The columns of plan's evidence table, declared once: plan.txt's aligned table and report.html's table
// (and its chart's panels) read them, so both say the same under the same labels, the catalogue's
// where the column shows a declared figure.
import { NO_ADMISSION_LIMIT } from '../../model/config.js';
import { figure, type FigureRef } from '../../model/figures/catalogue.js';
import { EXPERIMENT_FIGURES } from '../../model/figures/experiment-figures.js';
import type { MetricStats } from '../aggregate/aggregate.js';
import { formatStats } from '../replications/experiment-text.js';
import type { EvidenceRow } from './plan-evaluator.js';

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** One column: its label, its unit when the cells are bare numbers, how a row reads in it. */
export interface EvidenceColumn {
  readonly label: string;
  /** Said in the heading (`(s)`) because the cells give bare numbers; null: the cells say it. */
  readonly unit: 's' | null;
  /** The cell's words, the same on every surface. */
  text(r: EvidenceRow): string;
  /** The plan.csv column the cell shows and its value there; null: words only. */
  csv(r: EvidenceRow): { readonly column: string; readonly value: number } | null;
}

/** A column of a target's figure: its statistics too, for the chart (null: no value to draw). */
export interface TargetColumn extends EvidenceColumn {
  readonly percent: boolean;
  stats(r: EvidenceRow): MetricStats | null;
}

/** `label (s)`, or the label alone. */
export function heading(c: EvidenceColumn): string {
  return c.unit === null ? c.label : `${c.label} (${c.unit})`;
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

const columnLabel = (ref: FigureRef): string => ref.figure.wordings?.column ?? ref.figure.label;

function words(label: string, text: (r: EvidenceRow) => string): EvidenceColumn {
  return { label, unit: null, text, csv: () => null };
}

type Count = 'active' | 'standby' | 'users' | 'failed' | 'capacity';

function count(label: string, key: Count): EvidenceColumn {
  return { label, unit: null, text: (r) => n(r[key]), csv: (r) => ({ column: key, value: r[key] }) };
}

type Stats = 'blocking' | 'lost' | 'overCapacityS' | 'rehomeS';

/** A target's column: `ref` declares its figure; `text` writes a row's statistics with what they need. */
function target(
  ref: FigureRef,
  label: string,
  key: Stats,
  text: (r: EvidenceRow) => string,
  stats: (r: EvidenceRow) => MetricStats | null = (r) => r[key],
): TargetColumn {
  const csv = (r: EvidenceRow): { column: string; value: number } | null => {
    const s = stats(r);
    return s === null ? null : { column: `${key}.mean`, value: s.mean };
  };
  const unit = ref.figure.unit === 's' ? 's' : null;
  return { label, unit, percent: ref.figure.unit === 'fraction', text, csv, stats };
}

const BLOCKING = figure('outages[].window.blocking');
const LOST = figure('outages[].window.lostFraction');
const OVER_S = figure('servers.*.secondsOverCapacity');
const BACK = figure('outages[].window.recovery95_s');

/** The targets' columns, in the order of the table and of the chart's panels. */
export const TARGET_COLUMNS = {
  blocking: target(BLOCKING, BLOCKING.figure.label, 'blocking', (r) => formatStats(r.blocking, true)),
  lost: target(LOST, LOST.figure.label, 'lost', lostText),
  overCapacity: target(
    OVER_S,
    `worst server: ${columnLabel(OVER_S)}`,
    'overCapacityS',
    (r) => formatStats(r.overCapacityS) + stillOver(r),
  ),
  rehome: target(BACK, BACK.figure.label, 'rehomeS', rehomeText, (r) => (r.notBack > 0 ? null : r.rehomeS)),
} as const;

const admission: EvidenceColumn = {
  label: 'admission',
  unit: null,
  text: (r) => (r.admission === NO_ADMISSION_LIMIT ? 'none' : n(r.admission)) + (r.supported ? '' : ' *'),
  csv: (r) => (r.admission === NO_ADMISSION_LIMIT ? null : { column: 'admission', value: r.admission }),
};

const replications: EvidenceColumn = {
  label: EXPERIMENT_FIGURES.replications.label,
  unit: null,
  text: (r) => (r.sameAs === null ? String(r.replications) : '-'),
  csv: (r) => (r.sameAs === null ? { column: 'replications', value: r.replications } : null),
};

const meets = (r: EvidenceRow): string =>
  r.decision === 'undecided' ? 'undecided (a miss)' : r.meets ? 'yes' : 'no';

const note = (r: EvidenceRow): string =>
  r.sameAs === null
    ? ''
    : `same as ${r.sameAs}: only ${r.failed} standby${r.failed === 1 ? '' : 's'} can be promoted`;

/** The evidence table's columns, in order; `*` after the admission marks a row beyond the limits. */
export const EVIDENCE_COLUMNS: readonly EvidenceColumn[] = [
  words('purpose', (r) => r.purpose),
  words('pool', (r) => r.pool),
  count('active', 'active'),
  count('standby', 'standby'),
  count('users', 'users'),
  count('failed', 'failed'),
  count(columnLabel(figure('servers.*.capacity')), 'capacity'),
  admission,
  TARGET_COLUMNS.blocking,
  TARGET_COLUMNS.lost,
  TARGET_COLUMNS.overCapacity,
  TARGET_COLUMNS.rehome,
  replications,
  words('meets', meets),
  words('note', note),
];
