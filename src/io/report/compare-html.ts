// report.html of a comparison: the runs, the key figures side by side with
// each run's difference from the first (and its paired 95% interval under common random numbers), each
// run's warnings, the overlaid chart, and every figure in a closed table. No scripts, no external requests.
import { figure, keysOf } from '../../model/figures/catalogue.js';
import type { CompareRow, ComparedRun } from './compare-table.js';
import { scopeSvgIds } from '../charts/render-svg.js';
import { COMPARE_KEY_ROWS, formatOf, intervalText, signed } from './compare-format.js';
import { esc, pageHead } from './html.js';
import { warningsHtml } from './key-figures.js';

const SECONDS_OVER = figure('servers.*.secondsOverCapacity');

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222}
h2{border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.6em}table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #dde;padding:.25em .6em;text-align:right}th[scope=row],thead th{text-align:left;background:#f4f6fa}
td{font-variant-numeric:tabular-nums}.ci{color:#666;font-size:.85em}figure{margin:1em 0;overflow-x:auto}svg{max-width:none}
.warn{background:#fff4e5;border-left:4px solid #f0a030;padding:.4em .8em}`;

function rowHtml(row: CompareRow, label: string): string {
  const f = formatOf(row.figure);
  const cells = row.values.map(
    (v, i) =>
      `<td data-key="${esc(row.figure)}" data-run="${i}"${v === null ? '' : ` data-value="${v}"`}>${v === null ? '–' : esc(f(v))}</td>`,
  );
  const diffs = row.differences.map((d) => {
    if (d.d === null) return '<td>–</td>';
    const text = intervalText(d, f);
    const ci = text === '' ? '' : ` <span class="ci">(${esc(text)})</span>`;
    return `<td class="diff">${esc(signed(d.d, f))}${ci}</td>`;
  });
  return `<tr><th scope="row">${esc(label)}</th>${cells.join('')}${diffs.join('')}</tr>`;
}

function head(runs: readonly ComparedRun[], first: string): string {
  const names = runs.map((r) => `<th>${esc(r.name)}</th>`).join('');
  const diffs = runs
    .slice(1)
    .map((r) => `<th>${esc(r.name)} − ${esc(runs[0]?.name ?? '')}</th>`)
    .join('');
  return `<thead><tr><th>${esc(first)}</th>${names}${diffs}</tr></thead>`;
}

/**
 * A server's row is worth a line when some run had time over capacity there and the runs differ: their
 * values (a server a run lacks counts as 0 s) or an interval of the difference that excludes 0.
 */
export function serverRowShown(r: CompareRow): boolean {
  const values = r.values.map((v) => v ?? 0);
  if (!values.some((v) => v > 0)) return false;
  return (
    values.some((v) => v !== values[0]) ||
    r.differences.some((d) => d.lo !== null && d.hi !== null && (d.lo > 0 || d.hi < 0))
  );
}

/** Key rows (those the runs have), then the servers whose time over capacity differs between runs. */
function keyRows(rows: readonly CompareRow[]): string[] {
  const by = new Map(rows.map((r) => [r.figure, r]));
  const out: string[] = [];
  for (const [path, label] of COMPARE_KEY_ROWS) {
    const r = by.get(path);
    if (r !== undefined) out.push(rowHtml(r, label));
  }
  for (const r of rows) {
    const server = keysOf(SECONDS_OVER, r.figure)?.[0];
    if (server !== undefined && serverRowShown(r))
      out.push(rowHtml(r, `${server}: ${SECONDS_OVER.figure.label}`));
  }
  return out;
}

/** Each run's warnings, worded as in its own report.html. */
function warningsSection(runs: readonly ComparedRun[]): string {
  const perRun = runs.map(
    (r) =>
      `<h3>${esc(r.name)}</h3>\n${r.warnings === null ? '<p>Not known: its summary.json has no warnings list.</p>' : warningsHtml(r.warnings, r.warmupS)}`,
  );
  return `<section id="warnings"><h2>Warnings</h2>\n${perRun.join('\n')}</section>`;
}

/** The runs compared: name, folder, scenario, and a single run's seed or the replications. */
function runRows(runs: readonly ComparedRun[]): string {
  return runs
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.name)}</th><td>${esc(r.dir)}</td><td>${esc(r.scenario)}</td><td>${r.replications === 1 ? `single run, seed ${r.seeds[0] ?? ''}` : `${r.replications} replications`}</td></tr>`,
    )
    .join('\n');
}

/** What the differences' intervals are: paired, unpaired (Welch), or why there are none. */
function intervalNote(rows: readonly CompareRow[]): string {
  const kinds = new Set(
    rows.flatMap((r) => r.differences.filter((d) => d.lo !== null).map((d) => d.interval)),
  );
  return [
    kinds.has('paired')
      ? '<p>Intervals marked "paired": the replicated runs share their seeds (common random numbers), so replication k of each is compared with replication k of the other (Student t on the differences).</p>'
      : '',
    kinds.has('unpaired')
      ? '<p>Intervals marked "unpaired": the replicated runs ran different seeds, so their replications do not pair; Welch\'s interval on each run\'s replications, wider than a paired one.</p>'
      : '',
    kinds.size === 0
      ? '<p>No intervals: they need two replicated runs (with replications.csv); with the same seeds they are paired, else unpaired (Welch).</p>'
      : '',
  ].join('');
}

/** The comparison page. Deterministic for the same folders. */
export function compareHtml(
  runs: readonly ComparedRun[],
  rows: readonly CompareRow[],
  chartSvg: string,
  notes: readonly string[] = [],
): string {
  const title = runs.map((r) => r.name).join(' vs ');
  const all = rows.map((r) => rowHtml(r, r.figure)).join('\n');
  return `${pageHead(`pchat-sim compare: ${title}`, STYLE)}
<h1>${esc(title)}</h1>
<section id="runs"><h2>Runs</h2><table class="runs"><thead><tr><th>run</th><th>folder</th><th>scenario</th><th>what</th></tr></thead><tbody>
${runRows(runs)}
</tbody></table><p>Replicated runs show the mean over their replications.</p></section>
<section id="key-figures"><h2>Key figures</h2>${notes.map((n) => `<p class="warn">${esc(n)}</p>\n`).join('')}${intervalNote(rows)}<table class="compare">${head(runs, 'figure')}<tbody>
${keyRows(rows).join('\n')}
</tbody></table></section>
${warningsSection(runs)}
<section id="charts"><h2>Connected and waiting users</h2><figure class="chart" data-file="chart-compare.svg">${scopeSvgIds(chartSvg, 'c1')}</figure></section>
<section id="every"><h2>Every figure</h2><details><summary>Every numeric figure of the summaries (compare.csv)</summary><table class="every">${head(runs, 'summary.json key')}<tbody>
${all}
</tbody></table></details></section>
</body></html>
`;
}
