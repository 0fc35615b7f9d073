// The warnings of replicated runs, per code and subject (a server, `all pools`, a scenario key): in how
// many replications the limit was passed, and across replications its time above the limit (0 where
// it was not passed), the peak and the first crossing (where it was), and the share ending above it.
import { clock, loadWarningLead } from '../../model/load-warnings.js';
import { LOAD_WARNING_CODES, SCENARIO_WARNING_CODES, type LoadWarningCode } from '../../model/limits.js';
import { statsOf, type MetricStats } from './aggregate.js';
import { keepInRange, summaryWindow, type SummaryWindow } from './figure-range.js';
import { figure, type FigureRef } from '../../model/figures/catalogue.js';
import type { Json } from '../run/replicate.js';

type JsonObject = { [key: string]: Json };

const ORDER: readonly string[] = [...SCENARIO_WARNING_CODES, ...LOAD_WARNING_CODES];

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Each replication's warnings by `code subject` (entries without a code and subject are left out). */
function byKey(summary: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const list = W.list.at(summary);
  if (!Array.isArray(list)) return out;
  for (const w of list as Json[]) {
    const code = W.code.at(w);
    const subject = W.subject.at(w);
    if (isObject(w) && typeof code === 'string' && typeof subject === 'string')
      out.set(`${code} ${subject}`, w);
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const users = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * The warnings of `results` (replications of one scenario), one entry per code and subject, ordered
 * by code (scenario warnings first) and then as first met in replication order.
 */
export function aggregateWarnings(results: readonly { summary: JsonObject }[]): Json[] {
  const per = results.map((r) => byKey(r.summary));
  const keys: string[] = [];
  for (const m of per) for (const k of m.keys()) if (!keys.includes(k)) keys.push(k);
  const rank = (k: string): number => ORDER.indexOf(k.slice(0, k.indexOf(' ')));
  const sorted = keys.map((k, i) => ({ k, i })).sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i);
  const window = summaryWindow(results[0]?.summary ?? {});
  return sorted.map(({ k }) =>
    aggregateOne(
      per.map((m) => m.get(k)),
      window,
      results[0]?.summary,
    ),
  );
}

/** The most users a load warning's subject can hold: its server's or all pools' `peakBound` (else Infinity). */
function peakBoundOf(summary: JsonObject | undefined, code: string, subject: string): number {
  const bound =
    code === 'server-over-capacity' || code === 'server-over-30000'
      ? SERVER_BOUND.at(summary, subject)
      : code === 'all-pools-over-80000'
        ? ALL_POOLS_BOUND.at(summary)
        : undefined;
  return num(bound) ?? Infinity;
}

const SERVER_BOUND = figure('servers.*.peakBound');
const ALL_POOLS_BOUND = figure('connected.peakBound');

/** One code and subject across replications (`undefined` where a replication did not have it). */
function aggregateOne(
  list: readonly (JsonObject | undefined)[],
  window: { from: number; to: number },
  summary: JsonObject | undefined,
): Json {
  const had = list.filter((w): w is JsonObject => w !== undefined);
  const first = had[0] as JsonObject;
  const n = list.length;
  // byKey keeps only entries whose code and subject are text.
  const code = W.code.at(first) as string;
  const subject = W.subject.at(first) as string;
  const head: JsonObject = {
    code,
    subject,
    message: '',
    limit: (W.limit.at(first) as Json | undefined) ?? null,
    occurred: had.length,
    of: n,
  };
  if (!(LOAD_WARNING_CODES as readonly string[]).includes(code) || num(W.seconds.at(first)) === undefined)
    return textWarning(head, had, n);
  return loadWarningStats(head, list, window, summary);
}

/** A warning without load figures: its message (said to be in some replications only), its value. */
function textWarning(head: JsonObject, had: readonly JsonObject[], n: number): JsonObject {
  const first = had[0] as JsonObject;
  const message = W.message.at(first);
  const same = had.every((w) => W.message.at(w) === message);
  const text = typeof message === 'string' ? message : '';
  head['message'] = had.length === n && same ? text : `In ${had.length} of ${n} replications: ${text}`;
  const value = W.value.at(first) as Json | undefined;
  if (value !== undefined) head['value'] = value;
  return head;
}

/** A load warning across replications: the statistics of its figures, and its message from them. */
function loadWarningStats(
  head: JsonObject,
  list: readonly (JsonObject | undefined)[],
  window: { from: number; to: number },
  summary: JsonObject | undefined,
): Json {
  const had = list.filter((w): w is JsonObject => w !== undefined);
  const first = had[0] as JsonObject;
  const n = list.length;
  const code = head['code'] as string;
  const subject = head['subject'] as string;
  // Every interval within its quantity's range: a time above the limit within the window's length,
  // a first crossing within the window, a peak where the limit was passed above the limit (and a
  // server's, for either of its limits, or all pools' within its peakBound).
  const limit = num(W.limit.at(first)) ?? 0;
  const seconds = inRange(W.seconds, statsOf(list.map((w) => num(W.seconds.at(w)) ?? 0)), window);
  const peak = statsOf(numbers(had, W.peak), n).clip(limit, peakBoundOf(summary, code, subject));
  const firstAt = inRange(W.firstAt, statsOf(numbers(had, W.firstAt), n), window);
  const atEnd = inRange(W.atEnd, statsOf(list.map((w) => (W.atEnd.at(w) === true ? 1 : 0))), window);
  head['message'] = loadMessage(code as LoadWarningCode, subject, limit, {
    occurred: had.length,
    of: n,
    seconds,
    peak,
    atEnd,
  });
  return {
    ...head,
    seconds: seconds.toJSON(),
    peak: peak.toJSON(),
    firstAt_s: firstAt.toJSON(),
    atEnd: atEnd.toJSON(),
  };
}

const W = {
  list: figure('warnings'),
  code: figure('warnings[].code'),
  subject: figure('warnings[].subject'),
  message: figure('warnings[].message'),
  limit: figure('warnings[].limit'),
  value: figure('warnings[].value'),
  seconds: figure('warnings[].seconds'),
  peak: figure('warnings[].peak'),
  firstAt: figure('warnings[].firstAt_s'),
  atEnd: figure('warnings[].atEnd'),
};

function inRange(ref: FigureRef, s: MetricStats, window: SummaryWindow): MetricStats {
  return keepInRange(s, ref.figure, window);
}

function numbers(list: readonly JsonObject[], ref: FigureRef): number[] {
  return list.flatMap((w) => {
    const v = ref.at(w);
    return typeof v === 'number' ? [v] : [];
  });
}

/** The sentence of a load warning across replications. */
function loadMessage(
  code: LoadWarningCode,
  subject: string,
  limit: number,
  f: { occurred: number; of: number; seconds: MetricStats; peak: MetricStats; atEnd: MetricStats },
): string {
  const all = f.occurred === f.of;
  const notes: string[] = [];
  if (!all) notes.push('0 in a replication where it was not');
  if (f.seconds.n >= 2 && Number.isFinite(f.seconds.lo))
    notes.push(`95% interval ${clock(f.seconds.lo)} to ${clock(f.seconds.hi)}`);
  const paren = notes.length === 0 ? '' : ` (${notes.join('; ')})`;
  const ended = Math.round(f.atEnd.mean * f.of);
  const end = ended > 0 ? `; still above it at the end of ${ended} of them` : '';
  const times = all ? `all ${f.of}` : `${f.occurred} of ${f.of}`;
  return `${loadWarningLead(code, subject, limit)} in ${times} replications: for ${clock(f.seconds.mean)} per replication on average${paren}, peak ${users(f.peak.mean)} users on average${all ? '' : ' where it was'}${end}.`;
}

/** Figures of the time above each documented limit start with this; a run without one had 0 s. */
export const WARNING_FIGURE = 'warnings.';

/**
 * The time above each limit a run passed, as figures `warnings.<code>.<subject>.seconds`: a single
 * run's `seconds`, or a replicated run's mean (0 counted where a replication did not pass it).
 */
export function warningSeconds(list: Json | undefined): [string, number | null][] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((w): [string, number | null][] => {
    const code = W.code.at(w);
    const subject = W.subject.at(w);
    if (!isObject(w) || typeof code !== 'string' || typeof subject !== 'string') return [];
    const s = W.seconds.at(w) as Json | undefined;
    const value = typeof s === 'number' ? s : isObject(s) ? num(s['mean']) : undefined;
    if (value === undefined) return [];
    return [[`${WARNING_FIGURE}${code}.${subject}.seconds`, value]];
  });
}

/**
 * For replications of one scenario, each load warning's time above its limit as statistics over all
 * of them (0 where the limit was not passed), by `warnings.<code>.<subject>.seconds`, interval within
 * [0, window length].
 */
export function warningSecondsStats(results: readonly { summary: JsonObject }[]): [string, MetricStats][] {
  const per = results.map((r) => new Map(warningSeconds(W.list.at(r.summary) as Json | undefined)));
  const keys: string[] = [];
  for (const m of per) for (const k of m.keys()) if (!keys.includes(k)) keys.push(k);
  const window = summaryWindow(results[0]?.summary ?? {});
  return keys.map((k) => [k, inRange(W.seconds, statsOf(per.map((m) => m.get(k) ?? 0)), window)]);
}
