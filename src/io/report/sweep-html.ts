// report.html of a sweep: what was swept, the targets and the first point that meets them, the chart of
// the key figures per point (the figure-per-point block), and a table of every point's key figures with
// their 95% intervals. Each cell names its sweep.csv column and value. No scripts, no external requests.
import { figure } from '../../model/figures/catalogue.js';
import { spanText } from '../../model/figures/span-text.js';
import { scopeSvgIds } from '../charts/render-svg.js';
import {
  firstMeeting,
  hasTargets,
  meets,
  worstServer,
  type Cell,
  type SweepRow,
  type SweepTable,
  type SweepTargets,
} from '../charts/sweep-file.js';
import { esc, num, pct, pageHead } from './html.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
h2{border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.6em}table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #dde;padding:.25em .6em;text-align:right}th[scope=row],thead th{text-align:left;background:#f4f6fa}
td{font-variant-numeric:tabular-nums}.ci{color:#666;font-size:.85em}figure{margin:1em 0;overflow-x:auto}svg{max-width:none}
tr.first th,tr.first td{background:#eaf6ee}.answer{font-size:1.1em}`;

/** What the report says besides sweep.csv. */
export interface SweepReportInput {
  readonly name: string;
  readonly seed: number;
  readonly replications: number;
  readonly table: SweepTable;
  readonly targets: SweepTargets;
  readonly chartSvg: string;
  readonly files: readonly string[];
}

/** A cell with its mean and interval in the tool's number style, naming its sweep.csv column. */
function cellHtml(key: string, c: Cell | undefined, f: (x: number) => string, after = ''): string {
  if (c === undefined) return '<td>–</td>';
  const ci =
    c.lo === c.hi && c.lo === c.mean
      ? ''
      : ` <span class="ci">(95% CI ${esc(f(c.lo))} – ${esc(f(c.hi))})</span>`;
  return `<td data-key="${esc(key)}" data-value="${c.mean}">${esc(f(c.mean))}${ci}${after}</td>`;
}

/** The point in words: `users=60000, topology.pools[0].admissionLimitPerServer=30000`. */
function pointWords(keys: readonly string[], row: SweepRow): string {
  return keys.map((k, i) => `${k}=${row.values[i] ?? ''}`).join(', ');
}

/** The targets and what each measures, with the first point meeting them all. */
function targetsSection(input: SweepReportInput): string {
  const t = input.targets;
  if (!hasTargets(t))
    return '<p>No targets given (<code>--max-blocking</code>, <code>--max-lost</code>, <code>--max-over-capacity</code> mark the first point that meets them, as plan judges a candidate).</p>';
  const items: string[] = [];
  if (t.maxBlocking !== undefined)
    items.push(`<li>${esc(figure('signIns.blocking').figure.label)} at most ${esc(pct(t.maxBlocking))}</li>`);
  if (t.maxLost !== undefined)
    items.push(`<li>${esc(figure('users.lostFraction').figure.label)} at most ${esc(pct(t.maxLost))}</li>`);
  if (t.maxOverCapacityS !== undefined)
    items.push(
      `<li>time any server runs over its supported users at most ${esc(spanText(t.maxOverCapacityS))}, and no server still over when a run ends</li>`,
    );
  const first = firstMeeting(input.table, t);
  const answer =
    first === null
      ? 'No point of the sweep meets every target.'
      : `The first point that meets every target, in the grid's order: point ${first.point} (${esc(pointWords(input.table.keys, first))}).`;
  return `<p>A point meets a target when the upper end of the figure's 95% interval is within it (plan's rule).</p><ul>${items.join('')}</ul><p class="answer" id="answer">${answer}</p>`;
}

/** One row per point: the swept values and the key figures with their intervals. */
function pointsTable(input: SweepReportInput): string {
  const { keys, rows } = input.table;
  const first = firstMeeting(input.table, input.targets);
  const judged = hasTargets(input.targets);
  const blocking = figure('signIns.blocking');
  const lost = figure('users.lost');
  const share = figure('users.lostFraction');
  const back = figure('recovery_s.max');
  const peak = figure('connected.peak');
  const head = [
    'point',
    ...keys,
    blocking.figure.label,
    lost.figure.label,
    share.figure.label,
    'worst server: time over capacity',
    back.figure.label,
    peak.figure.label,
    ...(judged ? ['targets'] : []),
  ];
  const body = rows.map((r) => {
    const worst = worstServer(r);
    const over =
      worst === undefined || worst.over.hi === 0
        ? `<td${worst === undefined ? '' : ` data-key="servers.${esc(worst.name)}.secondsOverCapacity" data-value="0"`}>none</td>`
        : cellHtml(
            `servers.${worst.name}.secondsOverCapacity`,
            worst.over,
            spanText,
            ` ${esc(worst.name)}${worst.atEnd > 0 ? `, so far: still over at the end in ${esc(pct(worst.atEnd, 0))} of runs` : ''}`,
          );
    const verdict = judged
      ? `<td>${r === first ? 'first to meet them' : meets(r, input.targets) ? 'meets' : 'misses'}</td>`
      : '';
    return `<tr${r === first ? ' class="first"' : ''}><th scope="row">${r.point}</th>${r.values.map((v) => `<td>${esc(v)}</td>`).join('')}${cellHtml(blocking.path, r.cells.get(blocking.path), (x) => pct(x))}${cellHtml(lost.path, r.cells.get(lost.path), (x) => num(x))}${cellHtml(share.path, r.cells.get(share.path), (x) => pct(x))}${over}${cellHtml(back.path, r.cells.get(back.path), spanText)}${cellHtml(peak.path, r.cells.get(peak.path), (x) => num(x))}${verdict}</tr>`;
  });
  return `<table class="points"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

/** The sweep's page. Deterministic for the same sweep.csv and settings. */
export function sweepHtml(input: SweepReportInput): string {
  const { keys, rows } = input.table;
  const swept = keys
    .map(
      (k, i) =>
        `<tr><th scope="row">${esc(k)}</th><td>${esc([...new Set(rows.map((r) => r.values[i] ?? ''))].join(', '))}</td></tr>`,
    )
    .join('\n');
  const files = input.files.map((f) => `<li><a href="${esc(f)}">${esc(f)}</a></li>`).join('');
  return `${pageHead(`pchat-sim sweep: ${input.name}`, STYLE)}
<h1>${esc(input.name)}: sweep over ${esc(keys.join(' × '))}</h1>
<p>${rows.length} points × ${input.replications} replication${input.replications === 1 ? '' : 's'} from seed ${input.seed}. Every point runs the same replication seeds (common random numbers), so differences between points are not seed noise. Each figure is the mean over the replications with its 95% confidence interval.</p>
<section id="swept"><h2>Swept keys</h2><table class="swept"><thead><tr><th>key</th><th>values</th></tr></thead><tbody>
${swept}
</tbody></table></section>
<section id="targets"><h2>Targets</h2>${targetsSection(input)}</section>
<section id="charts"><h2>Key figures per point</h2><figure class="chart" data-file="chart-sweep.svg">${scopeSvgIds(input.chartSvg, 's1')}</figure></section>
<section id="points"><h2>Every point</h2>${pointsTable(input)}<p>Every figure of every point, with its interval, is in <code>sweep.csv</code>.</p></section>
<section id="files"><h2>Files</h2><ul>${files}</ul></section>
</body></html>
`;
}
