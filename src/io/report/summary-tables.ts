// The summary as HTML tables, read from summary.json's tree: a single run's numbers, or a replicated
// run's {mean, sd, ci95, min, max} leaves shown as "mean (95% CI lo – hi)". Unknown keys still appear
// in the "every figure" table, so figures added to the summary later are never hidden.
import { unlimitedSignIns, type SimConfig } from '../../model/config.js';
import { figure, group, type FigureRef } from '../../model/figures/catalogue.js';
import { outageOutcome } from '../../model/figures/outcome.js';
import { spanText } from '../../model/figures/span-text.js';
import { esc, num, pct } from './html.js';

type Tree = Record<string, unknown>;

const SERVERS = group('servers');
const S = {
  pool: figure('servers.*.pool'),
  site: figure('servers.*.site'),
  endRole: figure('servers.*.endRole'),
  peak: figure('servers.*.peak'),
  over: figure('servers.*.secondsOverCapacity'),
  availability: figure('servers.*.availability'),
  overAtEnd: figure('servers.*.overCapacityAtEnd'),
  capacity: figure('servers.*.capacity'),
};
const O = {
  list: figure('outages'),
  start: figure('outages[].start'),
  end: figure('outages[].end'),
  cause: figure('outages[].cause'),
  affected: figure('outages[].usersAffected'),
  recovered: figure('outages[].usersRecovered'),
  lost: figure('outages[].usersLost'),
  left: figure('outages[].usersLeftWhileWaiting'),
  stillWaiting: figure('outages[].usersStillWaiting'),
  recovery: figure('outages[].recovery_s'),
  recovery95: figure('outages[].recovery95_s'),
};
/** Columns of the outage table shown only when some outage has a value: recovery points and floors. */
const OPTIONAL: readonly { ref: FigureRef; format: (v: number) => string }[] = [
  { ref: figure('outages[].recoveryPointAge_s'), format: (v) => spanText(v) },
  { ref: figure('outages[].messagesLost'), format: (v) => int(v) },
  { ref: figure('outages[].signInFloor_s'), format: (v) => spanText(v) },
  { ref: figure('outages[].frontEndFloor_s'), format: (v) => spanText(v) },
];
const RETRY_MAX_WAIT = figure('retryMaxWait_s');

/**
 * With no sign-in rate set, what every recovery time in the report rests on (unlimited sign-in
 * throughput), how to read the floor columns, and how long a client may wait between two tries.
 */
export function throughputNote(config: SimConfig, tree: unknown): string {
  if (!unlimitedSignIns(config)) return '';
  return `<p class="assumption">Recovery times assume unlimited sign-in throughput: no <code>signInRatePerServer</code> or <code>signInRatePerPool</code> is set, so every user signs in again as soon as they retry. The floor columns are not estimates: each outage's users at 10 sign-ins/s, the capacity model's peak join rate read as sign-ins [doc, ambiguous: it may be room joins], and after a site failover at the Front End pool's 12 logons/s [doc]. After a long outage a client may wait up to ${fig(RETRY_MAX_WAIT.at(tree), spanText)} (<code>retry.maxDelay × (1 + jitter)</code>) before its next try.</p>`;
}

/** The wording of a figure in a table: a row's, or a column's, else its label. */
const rowLabel = (ref: FigureRef): string => ref.figure.wordings?.row ?? ref.figure.label;
const columnLabel = (ref: FigureRef): string => ref.figure.wordings?.column ?? ref.figure.label;
const int = (x: number): string => num(x);

/** A JSON object (not a list). */
export function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A replicated metric: `{mean, ci95: [lo, hi]}`. */
export function statsOf(v: unknown): { mean: number; lo: number | null; hi: number | null } | undefined {
  if (!isTree(v) || typeof v['mean'] !== 'number') return undefined;
  const ci = Array.isArray(v['ci95']) ? (v['ci95'] as unknown[]) : [];
  const lo = typeof ci[0] === 'number' ? ci[0] : null;
  const hi = typeof ci[1] === 'number' ? ci[1] : null;
  return { mean: v['mean'], lo, hi };
}

/** A number, or a replicated figure's mean; undefined when absent. */
export function centre(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  return statsOf(v)?.mean;
}

/** `n` of a replicated figure's statistics: the replications that had it, where not all did. */
export const nOf = (stats: unknown): unknown => (isTree(stats) ? stats['n'] : undefined);

/** Formats a figure (number, replicated metric, text) with `format` applied to the numbers. */
export function fig(v: unknown, format: (x: number) => string = (x) => num(x, 2)): string {
  if (typeof v === 'number') return esc(format(v));
  const s = statsOf(v);
  if (s !== undefined) {
    const ci =
      s.lo === null || s.hi === null || s.lo === s.hi
        ? ''
        : ` <span class="ci">(95% CI ${esc(format(s.lo))} – ${esc(format(s.hi))})</span>`;
    return `${esc(format(s.mean))}${ci}`;
  }
  if (v === null || v === undefined) return '–';
  const counts = isTree(v) ? v['counts'] : undefined;
  if (isTree(counts))
    return esc(
      Object.entries(counts)
        .map(([k, n]) => `${k} ×${String(n)}`)
        .join(', '),
    );
  if (typeof v === 'string' || typeof v === 'boolean') return esc(String(v));
  return esc(JSON.stringify(v));
}

function table(head: readonly string[], rows: readonly (readonly string[])[], cls = ''): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table${cls === '' ? '' : ` class="${cls}"`}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One row per server: pool, site, role at the end, peak users, time over capacity, availability. */
export function serversTable(summary: unknown): string {
  const servers = SERVERS.at(summary);
  if (!isTree(servers)) return '';
  const rows = Object.keys(servers).map((name) => [
    esc(name),
    fig(S.pool.at(summary, name)),
    fig(S.site.at(summary, name)),
    fig(S.endRole.at(summary, name)),
    fig(S.peak.at(summary, name), int),
    fig(S.over.at(summary, name), spanText) + stillOver(summary, name),
    fig(S.availability.at(summary, name), (x) => pct(x, 2)),
  ]);
  const columns = [S.pool, S.site, S.endRole, S.peak, S.over, S.availability].map(columnLabel);
  return table(['server', ...columns], rows, 'servers');
}

/** ", still over 20,000 when the run ended (so far)" for a server over capacity at the end. */
function stillOver(summary: unknown, name: string): string {
  const end = S.overAtEnd.at(summary, name);
  const cap = S.capacity.at(summary, name);
  const over = typeof cap === 'number' ? `over ${num(cap)}` : 'over capacity';
  if (end === true) return esc(`, still ${over} when the run ended (so far)`);
  const share = statsOf(end)?.mean;
  if (typeof share === 'number' && share > 0)
    return esc(`, still ${over} at the end in ${pct(share)} of replications`);
  return '';
}

/** The rows of the summary table: a figure with its format, or a group's peak / mean / end. */
const TOTALS: readonly (readonly [FigureRef, (x: number) => string] | readonly FigureRef[])[] = [
  [figure('signIns.attempts'), int],
  [figure('signIns.accepted'), int],
  [figure('signIns.denied'), int],
  [figure('signIns.gaveUp'), int],
  [figure('users.lost'), int],
  [figure('users.leftWhileWaiting'), int],
  [figure('signIns.blocking'), (x) => pct(x)],
  [figure('connected.peak'), figure('connected.mean'), figure('connected.end')],
  [figure('waiting.peak'), figure('waiting.mean'), figure('waiting.end')],
  [figure('users.disconnectedByFailures'), int],
  [figure('userSecondsWithoutService.total'), (x) => num(x / 3600, 1)],
  [figure('recovery_s.p95'), spanText],
];

/** Sign-ins, users and service figures as a two-column table. */
export function totalsTable(summary: unknown): string {
  const out = TOTALS.map((row) => {
    const [ref, format] = row;
    if (typeof format === 'function' && ref !== undefined)
      return [esc(rowLabel(ref)), fig(ref.at(summary), format)];
    const refs = row as readonly FigureRef[];
    // A group's peak / mean / end: `connected: peak / mean / end`.
    const name = refs[0]?.path.split('.')[0] ?? '';
    const label = `${name}: ${refs.map((r) => r.figure.wordings?.word ?? r.figure.label).join(' / ')}`;
    return [esc(label), refs.map((r) => fig(r.at(summary), int)).join(' / ')];
  });
  return table(['figure', 'value'], out, 'totals');
}

/** Every leaf of the summary as `path: value`, in file order (lists shown by their length). */
export function everyFigureTable(summary: unknown): string {
  const rows: string[][] = [];
  const walk = (v: unknown, path: string): void => {
    if (statsOf(v) !== undefined || !isTree(v)) {
      rows.push([esc(path), Array.isArray(v) ? `${v.length} entries` : fig(v)]);
      return;
    }
    for (const [k, child] of Object.entries(v)) walk(child, path === '' ? k : `${path}.${k}`);
  };
  walk(summary, '');
  return table(['summary.json key', 'value'], rows, 'every');
}

/** Outage rows the report shows (its table and its embedded summary); summary.json has them all. */
export const MAX_OUTAGE_ROWS = 100;

/** The outages list (start, end, cause, users affected and lost, recovery), when the summary has one. */
export function outagesTable(summary: unknown, limit = MAX_OUTAGE_ROWS): string {
  const list = O.list.at(summary);
  if (!Array.isArray(list) || list.length === 0) return '';
  return outageRows(list, limit, null);
}

/**
 * A replicated run's outages by order of occurrence (summary.json `outagesByOrder`): the k-th outage of
 * every replication that had one, as means with their intervals, and in how many replications it happened.
 */
export function outagesByOrderTable(list: unknown, replications: number, limit = MAX_OUTAGE_ROWS): string {
  if (!Array.isArray(list) || list.length === 0) return '';
  return outageRows(list, limit, replications);
}

type OptionalColumn = (typeof OPTIONAL)[number];

/** The outage table: the first `limit` outages (a replicated run's with their order and count). */
function outageRows(list: readonly unknown[], limit: number, replications: number | null): string {
  const shown = list.slice(0, limit);
  // Recovery points only with a site failover; floors only when sign-in throughput is unlimited.
  const optional = OPTIONAL.filter((c) =>
    shown.some((o) => c.ref.at(o) !== null && c.ref.at(o) !== undefined),
  );
  const rows = shown.map((o, k) => {
    const cells = outageCells(o, optional);
    if (replications === null) return cells;
    const start = O.start.at(o);
    const n = isTree(start) ? start['n'] : undefined;
    return [String(k + 1), `${typeof n === 'number' ? n : replications} of ${replications}`, ...cells];
  });
  const head = [
    O.start,
    O.end,
    O.cause,
    O.affected,
    O.recovered,
    O.lost,
    O.left,
    O.stillWaiting,
    O.recovery,
    ...optional.map((c) => c.ref),
  ].map(columnLabel);
  const more =
    list.length > limit
      ? `<p>The first ${limit} of ${num(list.length)}: ${num(list.length - limit)} more outages, all in summary.json.</p>`
      : '';
  return table(replications === null ? head : ['#', 'in replications', ...head], rows, 'outages') + more;
}

/** One outage's cells, in the table's column order. */
function outageCells(o: unknown, optional: readonly OptionalColumn[]): string[] {
  return [
    fig(O.start.at(o), spanText),
    fig(O.end.at(o), spanText),
    fig(O.cause.at(o)),
    fig(O.affected.at(o), int),
    fig(O.recovered.at(o), int),
    fig(O.lost.at(o), int),
    fig(O.left.at(o), int),
    fig(O.stillWaiting.at(o), int),
    recoveryWords(o),
    ...optional.map((c) => fig(c.ref.at(o), c.format)),
  ];
}

/**
 * "all back after 30s", or "20,000 of 20,000 never back" when some affected users who still wanted
 * service (all but those who left while waiting) never were.
 */
function recoveryWords(o: unknown): string {
  const r = O.recovery.at(o);
  if (typeof r === 'number') return `all back after ${esc(spanText(r))}`;
  const out = outageOutcome(o);
  if (out === undefined || out.wanted + out.left.users === 0) return fig(r, spanText);
  if (out.wanted <= 0) return 'all left while waiting';
  const p95 = O.recovery95.at(o);
  const tail = typeof p95 === 'number' ? `; 95% back after ${esc(spanText(p95))}` : '';
  return `${esc(num(out.wanted - out.back))} of ${esc(num(out.wanted))} never back${tail}`;
}
