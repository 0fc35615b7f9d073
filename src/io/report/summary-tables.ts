// The summary as HTML tables, read from summary.json's tree: a single run's numbers, or a replicated
// run's {mean, sd, ci95, min, max} leaves shown as "mean (95% CI lo – hi)". Unknown keys still appear
// in the "every figure" table, so figures added to the summary later are never hidden.
import { figure, type FigureRef } from '../../model/figures/catalogue.js';
import { esc, num, pct } from './html.js';

type Tree = Record<string, unknown>;

const USERS_LOST = figure('users.lost');
const USERS_LEFT = figure('users.leftWhileWaiting');
const OUTAGE_LOST = figure('outages[].usersLost');
const OUTAGE_LEFT = figure('outages[].usersLeftWhileWaiting');

/** A figure's row in the report's tables: its declared wording, else its label. */
function rowOf(f: FigureRef): string {
  return f.figure.wordings?.row ?? f.figure.label;
}

/** A figure's column heading: its declared wording, else its label. */
function columnOf(f: FigureRef): string {
  return f.figure.wordings?.column ?? f.figure.label;
}

/** A JSON object (not a list). */
export function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path of the summary tree, or undefined. */
export function at(tree: unknown, path: string): unknown {
  let v = tree;
  for (const k of path.split('.')) v = isTree(v) ? v[k] : undefined;
  return v;
}

/** A replicated metric: `{mean, ci95: [lo, hi]}`. */
export function statsOf(v: unknown): { mean: number; lo: number | null; hi: number | null } | undefined {
  if (!isTree(v) || typeof v['mean'] !== 'number') return undefined;
  const ci = Array.isArray(v['ci95']) ? (v['ci95'] as unknown[]) : [];
  const lo = typeof ci[0] === 'number' ? ci[0] : null;
  const hi = typeof ci[1] === 'number' ? ci[1] : null;
  return { mean: v['mean'], lo, hi };
}

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
  const counts = at(v, 'counts');
  if (isTree(counts))
    return esc(
      Object.entries(counts)
        .map(([k, n]) => `${k} ×${String(n)}`)
        .join(', '),
    );
  if (typeof v === 'string' || typeof v === 'boolean') return esc(String(v));
  return esc(JSON.stringify(v));
}

/** Seconds as `1h02m`, `3m20s`, `45s`; for time over capacity and recovery times. */
export function hms(s: number): string {
  if (s === 0) return '0';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(sec).padStart(2, '0')}s`
      : `${sec}s`;
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
  const servers = at(summary, 'servers');
  if (!isTree(servers)) return '';
  const rows = Object.entries(servers).map(([name, s]) => [
    esc(name),
    fig(at(s, 'pool')),
    fig(at(s, 'site')),
    fig(at(s, 'endRole')),
    fig(at(s, 'peak'), (x) => num(x)),
    fig(at(s, 'secondsOverCapacity'), hms) + stillOver(s),
    fig(at(s, 'availability'), (x) => pct(x, 2)),
  ]);
  return table(
    ['server', 'pool', 'site', 'role at end', 'peak users', 'time over capacity', 'up'],
    rows,
    'servers',
  );
}

/** ", still over 20,000 when the run ended (so far)" for a server over capacity at the end. */
function stillOver(s: unknown): string {
  const end = at(s, 'overCapacityAtEnd');
  const cap = at(s, 'capacity');
  const over = typeof cap === 'number' ? `over ${num(cap)}` : 'over capacity';
  if (end === true) return esc(`, still ${over} when the run ended (so far)`);
  const share = at(end, 'mean');
  if (typeof share === 'number' && share > 0)
    return esc(`, still ${over} at the end in ${pct(share)} of replications`);
  return '';
}

/** Sign-ins, users and service figures as a two-column table. */
export function totalsTable(summary: unknown): string {
  const int = (x: number): string => num(x);
  const rows: [string, unknown, (x: number) => string][] = [
    ['sign-in attempts', at(summary, 'signIns.attempts'), int],
    ['accepted', at(summary, 'signIns.accepted'), int],
    ['denied (refused attempts)', at(summary, 'signIns.denied'), int],
    ['gave up', at(summary, 'signIns.gaveUp'), int],
    [rowOf(USERS_LOST), USERS_LOST.at(summary), int],
    [rowOf(USERS_LEFT), USERS_LEFT.at(summary), int],
    ['blocking (refused first attempts)', at(summary, 'signIns.blocking'), (x) => pct(x)],
    ['connected: peak / mean / end', undefined, int],
    ['waiting: peak / mean / end', undefined, int],
    [
      'disconnections by failures (a user dropped twice counts twice)',
      at(summary, 'users.disconnectedByFailures'),
      int,
    ],
    [
      'user-hours without service (cut off by outages)',
      at(summary, 'userSecondsWithoutService.total'),
      (x) => num(x / 3600, 1),
    ],
    ['outage recovery time (p95)', at(summary, 'recovery_s.p95'), hms],
  ];
  const triple = (k: string): string =>
    ['peak', 'mean', 'end'].map((f) => fig(at(summary, `${k}.${f}`), int)).join(' / ');
  const out = rows.map(([label, v, f]) => [
    esc(label),
    label.startsWith('connected')
      ? triple('connected')
      : label.startsWith('waiting')
        ? triple('waiting')
        : fig(v, f),
  ]);
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
  const list = at(summary, 'outages');
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

function outageRows(list: readonly unknown[], limit: number, replications: number | null): string {
  const rows = list.slice(0, limit).map((o, k) => {
    const cells = [
      fig(at(o, 'start'), hms),
      fig(at(o, 'end'), hms),
      fig(at(o, 'cause')),
      fig(at(o, 'usersAffected'), (x) => num(x)),
      fig(at(o, 'usersRecovered'), (x) => num(x)),
      fig(at(o, 'usersLost'), (x) => num(x)),
      fig(OUTAGE_LEFT.at(o), (x) => num(x)),
      fig(at(o, 'usersStillWaiting'), (x) => num(x)),
      recoveryWords(o),
    ];
    if (replications === null) return cells;
    const n = at(o, 'start.n');
    return [String(k + 1), `${typeof n === 'number' ? n : replications} of ${replications}`, ...cells];
  });
  const head = [
    'start',
    'end',
    'cause',
    'affected',
    'recovered',
    columnOf(OUTAGE_LOST),
    columnOf(OUTAGE_LEFT),
    'still waiting',
    'recovery',
  ];
  const more =
    list.length > limit
      ? `<p>The first ${limit} of ${num(list.length)}: ${num(list.length - limit)} more outages, all in summary.json.</p>`
      : '';
  return table(replications === null ? head : ['#', 'in replications', ...head], rows, 'outages') + more;
}

/**
 * "all back after 30s", or "20,000 of 20,000 never back" when some affected users who still wanted
 * service (all but those who left while waiting) never were.
 */
function recoveryWords(o: unknown): string {
  const r = at(o, 'recovery_s');
  if (typeof r === 'number') return `all back after ${esc(hms(r))}`;
  const affected = at(o, 'usersAffected');
  const recovered = at(o, 'usersRecovered');
  const left = OUTAGE_LEFT.at(o);
  if (typeof affected !== 'number' || typeof recovered !== 'number' || affected === 0) return fig(r, hms);
  const wanted = affected - (typeof left === 'number' ? left : 0);
  if (wanted <= 0) return 'all left while waiting';
  const p95 = at(o, 'recovery95_s');
  const tail = typeof p95 === 'number' ? `; 95% back after ${esc(hms(p95))}` : '';
  return `${esc(num(wanted - recovered))} of ${esc(num(wanted))} never back${tail}`;
}
