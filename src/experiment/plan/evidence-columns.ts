// The columns of plan's evidence table, declared once: plan.txt's aligned table and report.html's table
// (and its chart's panels) read them, so both say the same under the same headings: the catalogue's
// short ones where the column shows a declared figure, its full label said once in the table's legend.
import { NO_ADMISSION_LIMIT } from '../../model/config.js';
import { figure, type FigureRef } from '../../model/figures/catalogue.js';
import { EXPERIMENT_FIGURES } from '../../model/figures/experiment-figures.js';
import type { MetricStats } from '../aggregate/aggregate.js';
import { formatStats } from '../replications/experiment-text.js';
import type { EvidenceRow } from './plan-evaluator.js';

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** One column: its heading, what it stands for, its unit when the cells are bare numbers, how a row reads in it. */
export interface EvidenceColumn {
  /** The heading, short so that plan.txt's table stays narrow. */
  readonly label: string;
  /** What the heading stands for, said once in the table's legend; null: the heading says it all. */
  readonly legend: string | null;
  /**
   * A setting of the candidates (pool, standby, capacity, admission) or a note: plan.txt says it once
   * above its table instead when every row has the same, so the table stays narrow.
   */
  readonly once?: boolean;
  /** Said in the heading (`(s)`) because the cells give bare numbers; null: the cells say it. */
  readonly unit: 's' | null;
  /** The cell's words, the same on every surface. */
  text(r: EvidenceRow): string;
  /** The plan.csv column the cell shows and its value there; null: words only. */
  csv(r: EvidenceRow): { readonly column: string; readonly value: number } | null;
}

/** A column of a target's figure: its statistics too, for the chart (null: no value to draw). */
export interface TargetColumn extends EvidenceColumn {
  /** The figure's full label: the title of its panel of the chart. */
  readonly title: string;
  readonly percent: boolean;
  stats(r: EvidenceRow): MetricStats | null;
}

/** `label (s)`, or the label alone. */
export function heading(c: EvidenceColumn): string {
  return c.unit === null ? c.label : `${c.label} (${c.unit})`;
}

/** The table's legend: `heading: what it stands for`, for each column whose heading stands for more. */
export function evidenceLegend(): string[] {
  return EVIDENCE_COLUMNS.flatMap((c) => (c.legend === null ? [] : [`${heading(c)}: ${c.legend}`]));
}

/** The failure a plan makes, in words: "with 1 failed", or with --n-minus 0 "with no server failed". */
export function withFailed(k: number): string {
  return k === 0 ? 'with no server failed' : `with ${k} failed`;
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

/** 95% back in words: `30 [30, 30] s`, or in how many runs it did not happen within an outage's window. */
export function rehomeText(r: EvidenceRow): string {
  if (r.notBack > 0) return `not within an outage's window in ${r.notBack} of ${r.replications} runs`;
  return `${formatStats(r.rehomeS)} s`;
}

/** 95% back in the table: seconds, `not back in k of n` (the legend says within what), or `no failure`. */
function rehomeCell(r: EvidenceRow): string {
  if (r.failed === 0) return 'no failure';
  return r.notBack > 0 ? `not back in ${r.notBack} of ${r.replications}` : formatStats(r.rehomeS);
}

/** A figure's heading in a narrow table: its short wording, else its column's, else its label. */
const short = (ref: FigureRef): string =>
  ref.figure.wordings?.short ?? ref.figure.wordings?.column ?? ref.figure.label;

function words(label: string, text: (r: EvidenceRow) => string): EvidenceColumn {
  return { label, legend: null, unit: null, text, csv: () => null };
}

type Count = 'active' | 'standby' | 'users' | 'failed' | 'capacity';

function count(label: string, key: Count, legend: string | null = null): EvidenceColumn {
  return { label, legend, unit: null, text: (r) => n(r[key]), csv: (r) => ({ column: key, value: r[key] }) };
}

type Stats = 'blocking' | 'lost' | 'overCapacityS' | 'rehomeS';

/** How a target's column reads its rows. */
interface TargetSpec {
  readonly key: Stats;
  /** The figure's full label: the legend's and the chart panel's title. */
  readonly title: string;
  /** What the legend adds after the title: how a cell that is not a figure reads. */
  readonly more?: string;
  /** A row's statistics in words, with what they need (`of 13,347`). */
  readonly text: (r: EvidenceRow) => string;
  /** The statistics the chart draws and plan.csv holds; null: none (the default: the row's `key`). */
  readonly stats?: (r: EvidenceRow) => MetricStats | null;
}

/** A target's column: `ref` declares its figure (its short heading, unit); `spec` how rows read in it. */
function target(ref: FigureRef, spec: TargetSpec): TargetColumn {
  const { key, title, text } = spec;
  const stats = (r: EvidenceRow): MetricStats | null => (spec.stats === undefined ? r[key] : spec.stats(r));
  const csv = (r: EvidenceRow): { column: string; value: number } | null => {
    const s = stats(r);
    return s === null ? null : { column: `${key}.mean`, value: s.mean };
  };
  const unit = ref.figure.unit === 's' ? 's' : null;
  const percent = ref.figure.unit === 'fraction';
  const legend = title + (spec.more ?? '');
  return { label: short(ref), legend, title, unit, percent, text, csv, stats };
}

const BLOCKING = figure('outages[].window.blocking');
const LOST = figure('outages[].window.lostFraction');
const OVER_S = figure('servers.*.secondsOverCapacity');
const BACK = figure('outages[].window.recovery95_s');
const CAPACITY = figure('servers.*.capacity');
// A row with failed servers is judged on its worst outage (plan-sample.ts), so the columns' titles are
// plan's own, from the figures' short wordings. A row with none failed judges no outage: its blocking
// and users lost are the whole run's.
const RUN_BLOCKING = figure('signIns.blocking');
const RUN_LOST = figure('users.lostFraction');

/** The targets' columns, in the order of the table and of the chart's panels. */
export const TARGET_COLUMNS = {
  blocking: target(BLOCKING, {
    key: 'blocking',
    title: `worst outage: ${short(BLOCKING)} in its window`,
    more: `; with none failed, ${RUN_BLOCKING.figure.label} over the whole run`,
    text: (r) => formatStats(r.blocking, true),
  }),
  lost: target(LOST, {
    key: 'lost',
    title: `worst outage: ${short(LOST)} in its window (share)`,
    more: ` of its affected users who still wanted service ("of N"); with none failed, ${RUN_LOST.figure.label} over the whole run, of the users who wanted service`,
    text: lostText,
  }),
  overCapacity: target(OVER_S, {
    key: 'overCapacityS',
    title: `worst server: ${OVER_S.figure.label}`,
    more: ", from the warm-up's end (the start if none) to the run's end, before the failure too",
    text: (r) => formatStats(r.overCapacityS) + stillOver(r),
  }),
  rehome: target(BACK, {
    key: 'rehomeS',
    title: `slowest outage: ${short(BACK)} within its window`,
    more: '; "not back in k of n": not within it in k of the n runs; "no failure": none failed',
    text: rehomeCell,
    stats: (r) => (r.failed === 0 || r.notBack > 0 ? null : r.rehomeS),
  }),
} as const;

const admission: EvidenceColumn = {
  label: 'admission',
  legend: null,
  unit: null,
  text: (r) => (r.admission === NO_ADMISSION_LIMIT ? 'none' : n(r.admission)) + (r.supported ? '' : ' *'),
  csv: (r) => (r.admission === NO_ADMISSION_LIMIT ? null : { column: 'admission', value: r.admission }),
};

const replications: EvidenceColumn = {
  label: EXPERIMENT_FIGURES.replications.wordings.short,
  legend: EXPERIMENT_FIGURES.replications.label,
  unit: null,
  text: (r) => (r.sameAs === null ? String(r.replications) : '-'),
  csv: (r) => (r.sameAs === null ? { column: 'replications', value: r.replications } : null),
};

/** `c`, said once above plan.txt's table when every row has the same cell. */
const once = (c: EvidenceColumn): EvidenceColumn => ({ ...c, once: true });

const meets = (r: EvidenceRow): string =>
  r.decision === 'undecided' ? 'undecided (a miss)' : r.meets ? 'yes' : 'no';

const note = (r: EvidenceRow): string =>
  r.sameAs === null
    ? ''
    : `same as ${r.sameAs}: only ${r.failed} standby${r.failed === 1 ? '' : 's'} can be promoted`;

/** The evidence table's columns, in order; `*` after the admission marks a row beyond the limits. */
export const EVIDENCE_COLUMNS: readonly EvidenceColumn[] = [
  words('purpose', (r) => r.purpose),
  once(words('pool', (r) => r.pool)),
  count('active', 'active'),
  once(count('standby', 'standby')),
  count('users', 'users'),
  count('failed', 'failed'),
  once(count(short(CAPACITY), 'capacity', CAPACITY.figure.label)),
  once(admission),
  TARGET_COLUMNS.blocking,
  TARGET_COLUMNS.lost,
  TARGET_COLUMNS.overCapacity,
  TARGET_COLUMNS.rehome,
  replications,
  words('meets', meets),
  once(words('note', note)),
];
