// The report's key figures and warnings, read from summary.json's tree: a single run's numbers,
// or a replicated run's `metrics` with {mean, ci95} leaves. Every figure is one of summary.json's own
// (docs/outputs.md), so the browser test can check each card against the file.
import type { SimConfig } from '../../model/config.js';
import { experimentFigure, figure, group, pathOf, type FigureRef } from '../../model/figures/catalogue.js';
import { esc, num, pct } from './html.js';
import { spanText } from '../../model/figures/span-text.js';
import { recoveryCard } from './recovery-card.js';
import { centre, fig, isTree, nOf, statsOf } from './summary-tables.js';

const CONNECTED_PEAK = figure('connected.peak');
const SERVERS = group('servers');
const SECONDS_OVER = figure('servers.*.secondsOverCapacity');
const AFTER_RESTORE = figure('servers.*.overCapacityAfterRestore_s');
const SERVER_PEAK = figure('servers.*.peak');
const CAPACITY = figure('servers.*.capacity');
const OVER_AT_END = figure('servers.*.overCapacityAtEnd');
const BLOCKING = figure('signIns.blocking');
const GAVE_UP = figure('signIns.gaveUp');
const USERS_LOST = figure('users.lost');
const OUTAGES = figure('outages');
const OUTAGE_LOST = figure('outages[].usersLost');
const WARMUP = figure('warmup_s');
const REPLICATIONS = experimentFigure('replications');
const METRICS = experimentFigure('metrics');
const BY_ORDER = experimentFigure('outagesByOrder');
const WARNINGS = experimentFigure('warnings');
const WARNING_MESSAGE = figure('warnings[].message');

/** What the report reads its figures from. */
export interface FigureSource {
  /** The summary tree: the single run's summary, or a replicated run's `metrics`. */
  readonly tree: unknown;
  /** Replications behind the figures; 1 for a single run. */
  readonly replications: number;
}

/** The figure tree of summary.json: `metrics` for a replicated run, the summary itself otherwise. */
export function figureSource(summary: unknown): FigureSource {
  const r = REPLICATIONS.at(summary);
  if (typeof r === 'number' && isTree(METRICS.at(summary)))
    return { tree: METRICS.at(summary), replications: r };
  return { tree: summary, replications: 1 };
}

/**
 * One card. `key` is the summary.json path of its figure and `raw` the number it shows (a replicated
 * figure's mean), so the browser test can check every card against the file.
 */
function card(label: string, value: string, key: string, raw: unknown, note: string = ''): string {
  const small = note === '' ? '' : `<span class="ci">${note}</span>`;
  const x = centre(raw);
  const data = x === undefined ? '' : ` data-value="${x}"`;
  return `<div class="card" data-key="${esc(key)}"${data}>${esc(label)}<b>${value}</b>${small}</div>`;
}

/** The server with the most time over its supported capacity (by mean for replications). */
export function worstServer(tree: unknown): { name: string; value: unknown; seconds: number } | undefined {
  const servers = SERVERS.at(tree);
  if (!isTree(servers)) return undefined;
  let worst: { name: string; value: unknown; seconds: number } | undefined;
  for (const name of Object.keys(servers)) {
    const value = SECONDS_OVER.at(tree, name);
    const seconds = centre(value) ?? 0;
    if (worst === undefined || seconds > worst.seconds) worst = { name, value, seconds };
  }
  return worst;
}

/**
 * Users lost: `users.lost` when the summary has it; else the sum of the outages' `usersLost` (a single
 * run's, or for replications the mean total: each k-th outage's mean weighted by the share of
 * replications that had it, since a replication without it lost nobody there).
 */
export function usersLost(src: FigureSource, summary: unknown): { value: unknown; key: string } | undefined {
  const lost = USERS_LOST.at(src.tree);
  if (lost !== undefined) return { value: lost, key: USERS_LOST.path };
  const replicated = src.replications > 1;
  const outages = replicated ? BY_ORDER.at(summary) : OUTAGES.at(src.tree);
  if (!Array.isArray(outages)) return undefined;
  const total = outages.reduce((a: number, o) => {
    const m = centre(OUTAGE_LOST.at(o)) ?? 0;
    const n = nOf(OUTAGE_LOST.at(o));
    return a + (typeof n === 'number' ? (m * n) / src.replications : m);
  }, 0);
  return {
    value: total,
    key: replicated ? OUTAGE_LOST.path.replace('outages', BY_ORDER.path) : OUTAGE_LOST.path,
  };
}

/** `20,000 users` when every server supports as many, else `its supported users`. */
function capacities(tree: unknown): string {
  const servers = SERVERS.at(tree);
  const caps = new Set(Object.keys(isTree(servers) ? servers : {}).map((s) => centre(CAPACITY.at(tree, s))));
  const [only] = caps;
  return caps.size === 1 && only !== undefined ? `${num(only)} users` : 'its supported users';
}

/**
 * "so far" where the run's end cut the worst server's time over capacity: it was still over when a run
 * ended (a single run), or in some replications (how many, for a replicated run).
 */
function cutByEnd(tree: unknown, name: string): { value: string; note: string } {
  const end = OVER_AT_END.at(tree, name);
  if (end === true) return { value: ' so far', note: '; still over when the run ended' };
  const share = statsOf(end)?.mean;
  return typeof share === 'number' && share > 0
    ? { value: ' so far', note: `; still over at the end in ${pct(share, 0)} of replications` }
    : { value: '', note: '' };
}

/** What happens to a refused sign-in, as the blocking card says it: retried, or not (`maxAttempts: 0`). */
function refusedThen(config: SimConfig): string {
  return config.workload.retry.maxAttempts === 0 ? 'not retried' : 'then retried';
}

/**
 * The users-lost card's note: the catalogue's words, true whatever the retry policy, and what the
 * scenario's limit on retries means when it has one (0: a user gives up at the first refusal).
 */
function gaveUpNote(config: SimConfig): string {
  const note = USERS_LOST.figure.wordings?.note ?? '';
  const most = config.workload.retry.maxAttempts;
  if (!Number.isFinite(most)) return note;
  const when = most === 0 ? 'at the first refusal' : `after ${most} refused retr${most === 1 ? 'y' : 'ies'}`;
  return `${note} (retry.maxAttempts ${most}: ${when})`;
}

/** The over-capacity card's note when the worst server stayed over after a restore without rebalance. */
function afterRestore(tree: unknown, name: string): string {
  const v = AFTER_RESTORE.at(tree, name);
  if (!((centre(v) ?? 0) > 0)) return '';
  return `; still over ${num(centre(CAPACITY.at(tree, name)))} for ${fig(v, spanText)} after the restore: no rebalance; users leave as their sessions end`;
}

/** The cards a planner reads first; `config` (the report's scenario) says whether refusals are retried. */
export function keyFigures(src: FigureSource, summary: unknown, config: SimConfig): string {
  const t = src.tree;
  const worst = worstServer(t);
  const cut = worst === undefined ? undefined : cutByEnd(t, worst.name);
  const over =
    worst === undefined || worst.seconds <= 0
      ? card(`time any server ran over ${capacities(t)}`, 'none', SECONDS_OVER.path, 0)
      : card(
          `longest time over ${num(centre(CAPACITY.at(t, worst.name)))} users: ${worst.name}`,
          `${fig(worst.value, spanText)}${esc(cut?.value ?? '')}`,
          pathOf(SECONDS_OVER, worst.name),
          worst.value,
          `peak ${fig(SERVER_PEAK.at(t, worst.name), (x) => num(x))} users${esc(cut?.note ?? '')}${esc(afterRestore(t, worst.name))}`,
        );
  const back = recoveryCard(src.tree, src.replications, summary);
  const lost = usersLost(src, summary);
  const cards = [
    figureCard(CONNECTED_PEAK, t, int),
    over,
    figureCard(BLOCKING, t, (x) => pct(x), `${refusedThen(config)}; gave up: ${fig(GAVE_UP.at(t), int)}`),
    card(back.label, back.value, back.key, back.raw, back.note),
  ];
  if (lost !== undefined)
    cards.push(
      card(USERS_LOST.figure.label, fig(lost.value, int), lost.key, lost.value, esc(gaveUpNote(config))),
    );
  return `<div class="cards">\n${cards.join('\n')}\n</div>`;
}

/** The card of one figure: its label, its value (a replicated figure's mean and interval) and a note. */
function figureCard(ref: FigureRef, tree: unknown, format: (x: number) => string, note?: string): string {
  const v = ref.at(tree);
  return card(ref.figure.label, fig(v, format), ref.path, v, note);
}

const int = (x: number): string => num(x);

/** A warning of summary.json: text, or an object with a `message` (and a `code`). */
function warningText(w: unknown): string {
  if (typeof w === 'string') return w;
  const m = WARNING_MESSAGE.at(w);
  return typeof m === 'string' ? m : JSON.stringify(w);
}

/** The messages of summary.json's `warnings` list (a single or replicated run's); null without one. */
export function warningMessages(summary: unknown): string[] | null {
  const listed = WARNINGS.at(summary);
  return Array.isArray(listed) ? listed.map(warningText) : null;
}

/**
 * Every warning of summary.json (a single run's, or a replicated run's per code and subject): the
 * documented limits the scenario and the run passed. Without a `warnings` list, the config's own.
 */
export function allWarnings(config: SimConfig, summary: unknown): string[] {
  return warningMessages(summary) ?? config.warnings.map((w) => w.message);
}

/**
 * The start of the summary's window in seconds, read as the report reads every figure: a single run's
 * `warmup_s`, a replicated run's `metrics.warmup_s` mean (its top-level `warmup_s` is `--warmup`
 * only, null when the scenario's own `warmup` set it). Undefined when the summary has neither.
 */
export function summaryWarmupS(summary: unknown): number | undefined {
  return centre(WARMUP.at(figureSource(summary).tree));
}

/** The warnings as the report shows them: one paragraph each, or "None" for an empty list. */
export function warningsHtml(list: readonly string[], warmupS: number): string {
  const after = warmupS > 0 ? ` after its warm-up (${spanText(warmupS)})` : '';
  return list.length === 0
    ? `<p>None: the scenario stays within every documented limit, and so did the run${esc(after)}.</p>`
    : list.map((w) => `<p class="warn">${esc(w)}</p>`).join('\n');
}
