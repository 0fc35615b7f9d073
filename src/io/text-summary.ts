// The short human summary printed after a run: one table row per server, then the sign-in totals.
import { figure, type FigureRef } from '../model/figures/catalogue.js';
import { outageOutcome } from '../model/figures/outcome.js';
import { spanText } from '../model/figures/span-text.js';
import type { OutageSummary, Summary } from '../model/summary.js';

const COUNTS = [
  figure('signIns.attempts'),
  figure('signIns.accepted'),
  figure('signIns.denied'),
  figure('signIns.gaveUp'),
];
const BLOCKING = figure('signIns.blocking');
const CONNECTED = { peak: figure('connected.peak'), mean: figure('connected.mean') };
const WAITING_PEAK = figure('waiting.peak');
const USERS_LOST = figure('users.lost');
const USERS_LEFT = figure('users.leftWhileWaiting');

/** The word a terminal line uses for a figure within its group. */
const word = (ref: FigureRef | undefined): string =>
  ref === undefined ? '' : (ref.figure.wordings?.word ?? ref.figure.label);

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * An outage's outcome in words: everyone who still wanted service back after how long, or how many
 * never were; users who left while waiting (their session would have ended anyway) said apart.
 */
export function outcome(o: OutageSummary): string {
  const out = outageOutcome(o);
  if (out === undefined) return 'not all back';
  const left = out.left.users > 0 ? `${int(out.left.users)} ${out.left.why}` : '';
  if (o.recovery_s !== null)
    return `all back after ${spanText(o.recovery_s)}${left === '' ? '' : `; ${left}`}`;
  if (out.wanted === 0) return left;
  const why = out.never.map((n) => `${int(n.users)} ${n.why}`);
  const p95 = o.recovery95_s === null ? '' : `; 95% back after ${spanText(o.recovery95_s)}`;
  const also = left === '' ? '' : `; ${left}`;
  return `${int(out.wanted - out.back)} of ${int(out.wanted)} never back (${why.join(', ')})${p95}${also}`;
}

/** Formats the summary as plain text lines (no trailing newline). */
export function textSummary(s: Summary): string {
  const header = ['server', 'pool', 'site', 'role@end', 'peak', 'over capacity', 'up %'];
  const rows = Object.entries(s.servers).map(([name, v]) => [
    name,
    v.pool,
    v.site,
    v.endRole,
    int(v.peak),
    `${spanText(v.secondsOverCapacity)}${v.overCapacityAtEnd ? ' so far' : ''}`,
    (v.availability * 100).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const si = s.signIns;
  const lines = [
    `${s.scenario} (seed ${s.seed}, ${spanText(s.duration_s)} simulated, ${int(s.events_processed)} events)`,
    pad(header, widths),
    ...rows.map((r) => pad(r, widths)),
    `sign-ins: ${[si.attempts, si.accepted, si.denied, si.gaveUp].map((v, i) => `${int(v)} ${word(COUNTS[i])}`).join(', ')}; ${word(BLOCKING)} ${(si.blocking * 100).toFixed(3)}%`,
    `connected: ${word(CONNECTED.peak)} ${int(s.connected.peak)}, ${word(CONNECTED.mean)} ${int(Math.round(s.connected.mean))}; waiting: ${word(WAITING_PEAK)} ${int(s.waiting.peak)}`,
  ];
  if (s.users.lost > 0)
    lines.push(
      `${USERS_LOST.figure.wordings?.row ?? USERS_LOST.figure.label}: ${int(s.users.lost)} of ${int(s.users.wanted)} (${(s.users.lostFraction * 100).toFixed(3)}%)`,
    );
  if (s.users.leftWhileWaiting > 0)
    lines.push(`users who ${word(USERS_LEFT)}: ${int(s.users.leftWhileWaiting)}`);
  lines.push(...outageLines(s.outages), ...throughputLines(s), ...noRebalanceLines(s));
  if (s.userSecondsWithoutService.total > 0)
    lines.push(
      `user-hours without service (users cut off by outages): ${(s.userSecondsWithoutService.total / 3600).toFixed(1)}`,
    );
  lines.push(...complianceLines(s));
  for (const w of s.warnings) lines.push(`warning: ${w.message}`);
  return lines.join('\n');
}

/** Servers still over capacity after a restore without rebalance: nobody moves, users leave as sessions end. */
function noRebalanceLines(s: Summary): string[] {
  return Object.entries(s.servers).flatMap(([name, v]) =>
    v.overCapacityAfterRestore_s === null || v.overCapacityAfterRestore_s <= 0
      ? []
      : [
          `${name}: still over ${int(v.capacity)} for ${spanText(v.overCapacityAfterRestore_s)} after the restore${v.overCapacityAtEnd ? ' (and at the end)' : ''}: no rebalance (rebalanceOnRestore false, an assumption); users leave as their sessions end`,
        ],
  );
}

/** What plan judges each outage on: its window's blocking, users lost and 95%-back time. */
function windowLine(o: OutageSummary): string {
  const w = o.window;
  const end = w.complete ? `to ${spanText(w.end)}` : `to the run's end at ${spanText(w.end)}, still open`;
  const back =
    w.recovery95_s === null ? 'not 95% back within it' : `95% back after ${spanText(w.recovery95_s)}`;
  return `  failure window ${end}: blocking ${(w.blocking * 100).toFixed(3)}% (${int(w.firstRefused)} of ${int(w.firstAttempts)} first sign-ins), ${int(w.usersLost)} of ${int(w.usersWanting)} affected lost; ${back}`;
}

/** Outages with users affected the terminal summary prints; the rest are counted in one line. */
export const MAX_OUTAGE_LINES = 20;

/**
 * Two lines per outage that cut users off (what happened, and its failure window), the first
 * MAX_OUTAGE_LINES of them, then how many more.
 */
function outageLines(outages: readonly OutageSummary[]): string[] {
  const lines: string[] = [];
  let [shown, more] = [0, 0];
  for (const o of outages) {
    if (o.usersAffected === 0) continue;
    if (shown === MAX_OUTAGE_LINES) {
      more++;
      continue;
    }
    shown++;
    lines.push(
      `outage at ${spanText(o.start)}: ${o.cause}; ${int(o.usersAffected)} users cut off; ${outcome(o)}${recoveryPoint(o)}${floors(o)}`,
      windowLine(o),
    );
  }
  if (more > 0) lines.push(`… and ${int(more)} more outages (all in summary.json)`);
  return lines;
}

const RECOVERY_POINT = figure('outages[].recoveryPointAge_s');

/** What a site failover onto a log-shipped backup lost: the backup's age, and the messages written after it. */
function recoveryPoint(o: OutageSummary): string {
  if (o.recoveryPointAge_s === null) return '';
  const what =
    o.messagesLost === null || o.bytesLost === null
      ? ''
      : ` (${int(o.messagesLost)} messages, ${(o.bytesLost / 1e6).toFixed(1)} MB, lost)`;
  return `; ${RECOVERY_POINT.figure.wordings?.word ?? RECOVERY_POINT.figure.label} ${spanText(o.recoveryPointAge_s)}${what}`;
}

const SIGN_IN_FLOOR = figure('outages[].signInFloor_s');
const FRONT_END_FLOOR = figure('outages[].frontEndFloor_s');

/** An outage's floors of recovery when sign-in throughput is unlimited (see {@link throughputLines}). */
function floors(o: OutageSummary): string {
  const say = (ref: FigureRef, v: number | null): string =>
    v === null ? '' : `; ${ref.figure.wordings?.word ?? ref.figure.label} ${spanText(v)}`;
  return say(SIGN_IN_FLOOR, o.signInFloor_s) + say(FRONT_END_FLOOR, o.frontEndFloor_s);
}

/**
 * With no sign-in rate set, what every recovery time rests on: unlimited sign-in throughput. The
 * floors above are not estimates; a client's next try after a long outage may be far off.
 */
function throughputLines(s: Summary): string[] {
  if (!s.outages.some((o) => o.usersAffected > 0 && o.signInFloor_s !== null)) return [];
  return [
    `recovery assumes unlimited sign-in throughput (no signInRatePerServer or signInRatePerPool set); the floors above are each outage's users at 10 sign-ins/s, the capacity model's peak join rate read as sign-ins [doc, ambiguous] (after a site failover also at the Front End pool's 12 logons/s [doc]): floors, not estimates. After a long outage a client may wait up to ${spanText(s.retryMaxWait_s)} (retry.maxDelay × (1 + jitter)) before its next try.`,
  ];
}

/**
 * One line per pool with compliance: the events queued on the servers while mgccomp was down (and
 * those still queued at the end, whose wait the run cut short), the export backlog, the longest wait.
 */
function complianceLines(s: Summary): string[] {
  const lines: string[] = [];
  for (const [name, p] of Object.entries(s.pools)) {
    if (p.complianceMaxExportWait_s === undefined) continue;
    const queued = p.complianceBacklogPeak ?? 0;
    const end = p.complianceBacklogEnd ?? 0;
    const still = end > 0 ? ` (${int(end)} still queued when the run ended: their wait goes on past it)` : '';
    const down =
      queued > 0 ? `up to ${int(queued)} events queued on the servers while mgccomp was down${still}; ` : '';
    lines.push(
      `compliance (${name}): ${down}at most ${int(p.complianceUnexportedPeak ?? 0)} events awaiting export; longest wait for export ${spanText(p.complianceMaxExportWait_s)}`,
    );
  }
  return lines;
}
