// The report's recovery card: how long everyone took to be back after the outages, or, when some
// never were, how many were back (a single run) or in how many replications everyone was.
import { experimentFigure, figure } from '../../model/figures/catalogue.js';
import { addOutcomes, outageOutcome } from '../../model/figures/outcome.js';
import { spanText } from '../../model/figures/span-text.js';
import { esc, num } from './html.js';
import { centre, fig, isTree, nOf } from './summary-tables.js';

const OUTAGES = figure('outages');
const AFFECTED = figure('outages[].usersAffected');
const RECOVERY = figure('outages[].recovery_s');
const RECOVERY_MAX = figure('recovery_s.max');
const RECOVERY_95 = figure('outages[].recovery95_s');
const RECOVERED = figure('outages[].usersRecovered');
const START = figure('outages[].start');
const BY_ORDER = experimentFigure('outagesByOrder');

/** The recovery card: what it is called, what it shows, the figure it stands for and its note. */
export interface RecoveryCard {
  readonly label: string;
  readonly value: string;
  readonly key: string;
  /** The number it stands for, when it shows one figure (the browser test checks it). */
  readonly raw?: unknown;
  /** HTML. */
  readonly note: string;
}

const NO_OUTAGE: RecoveryCard = {
  label: RECOVERY.figure.label,
  value: 'no outage',
  key: RECOVERY_MAX.path,
  note: 'no user lost service',
};

/**
 * Everyone back after the longest recovery; or, when some affected users never were, how many were
 * back and why the others were not (a single run), or in how many replications everyone was back and
 * when 95% were (a replicated run). "No outage" only when no outage cut anyone off.
 */
export function recoveryCard(t: unknown, replications: number, summary: unknown): RecoveryCard {
  const outages = replications > 1 ? BY_ORDER.at(summary) : OUTAGES.at(t);
  const hit = (Array.isArray(outages) ? outages : []).filter((o) => (centre(AFFECTED.at(o)) ?? 0) > 0);
  const notBack = replications > 1 ? replicatedNotBack(hit, replications) : singleNotBack(hit);
  if (notBack !== undefined) return notBack;
  const max = RECOVERY_MAX.at(t);
  if (hit.length === 0) return NO_OUTAGE;
  // Cut off, but every one of them left while waiting: nobody who still wanted service was kept out.
  if (max === undefined || max === null) return { ...NO_OUTAGE, value: 'all left while waiting', note: '' };
  const note = `longest outage recovery (${RECOVERY_MAX.path})`;
  return { label: RECOVERY.figure.label, value: fig(max, spanText), key: RECOVERY_MAX.path, raw: max, note };
}

/** A single run's outages with users never back: "14,820 of 14,836" back, and why the others were not. */
function singleNotBack(hit: readonly unknown[]): RecoveryCard | undefined {
  const outcomes = hit.map(outageOutcome);
  const open = hit.filter((_, k) => (outcomes[k]?.never.length ?? 0) > 0);
  if (open.length === 0) return undefined;
  const all = addOutcomes(outcomes.flatMap((o) => o ?? []));
  const p95 = open.length === 1 ? RECOVERY_95.at(open[0]) : null;
  const why = [...all.never, ...(all.left.users > 0 ? [all.left] : [])];
  const note = `${why.map((n) => `${num(n.users)} ${n.why}`).join(', ')}${typeof p95 === 'number' ? `; 95% back after ${spanText(p95)}` : ''}`;
  return {
    label: `back after the ${hit.length === 1 ? 'outage' : 'outages'}`,
    value: `${num(all.back)} of ${num(all.wanted)}`,
    key: RECOVERED.path,
    raw: all.back,
    note: esc(note),
  };
}

/**
 * A replicated run's outages by order where some replication had users never back: in how many of
 * the replications that had it everyone was back, and when 95% were (mean and interval).
 */
function replicatedNotBack(hit: readonly unknown[], replications: number): RecoveryCard | undefined {
  const had = hit.map((o) => {
    const n = nOf(START.at(o));
    return typeof n === 'number' ? n : replications;
  });
  const back = hit.map((o, k) => {
    const r = RECOVERY.at(o);
    const n = nOf(r);
    return isTree(r) ? (typeof n === 'number' ? n : (had[k] ?? 0)) : 0;
  });
  const sum = (l: readonly number[]): number => l.reduce((a, b) => a + b, 0);
  if (sum(back) === sum(had)) return undefined;
  const worst = hit.reduce<unknown>(
    (a, o) => ((centre(RECOVERY_95.at(o)) ?? -1) > (centre(RECOVERY_95.at(a)) ?? -1) ? o : a),
    hit[0],
  );
  const p95 = RECOVERY_95.at(worst);
  const note =
    p95 === null || p95 === undefined
      ? 'never 95% back within the run'
      : `95% back after ${fig(p95, spanText)}`;
  const value =
    hit.length === 1
      ? `everyone back in ${sum(back)} of ${sum(had)} replication${sum(had) === 1 ? '' : 's'}`
      : `everyone back after ${sum(back)} of ${sum(had)} outages`;
  return { label: 'outage recovery', value, key: RECOVERY.path.replace('outages', BY_ORDER.path), note };
}
