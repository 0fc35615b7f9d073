// report.html of a capacity plan: the answer in one sentence, the targets with what each measures, the
// chart of each target figure per candidate (the figure-per-point block the sweep report shares), then
// the evidence table, whose figure cells name their plan.csv row, column and value. No scripts, no
// external requests.
import { scopeSvgIds } from '../charts/render-svg.js';
import { esc, pageHead } from './html.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
h2{border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.6em}table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #dde;padding:.25em .6em;text-align:right}thead th,td.text{text-align:left}thead th{background:#f4f6fa}
td{font-variant-numeric:tabular-nums}.ci{color:#666;font-size:.85em}figure{margin:1em 0;overflow-x:auto}svg{max-width:none}
tr.answer td{background:#eaf6ee}.answer{font-size:1.1em}.first{font-weight:600}`;

/** One cell of the evidence table; a figure names its plan.csv column and the value written there. */
export interface PlanCell {
  readonly text: string;
  /** The plan.csv column the cell shows (e.g. `blocking.mean`), with its value there. */
  readonly column?: string;
  readonly value?: string | number;
  /** Extra words after the figure, e.g. its bounds. */
  readonly note?: string;
}

/** One evidence row: its row in plan.csv (0 = the first after the header), its cells. */
export interface PlanReportRow {
  readonly csvRow: number;
  /** The row the answer rests on (highlighted). */
  readonly answer: boolean;
  readonly cells: readonly PlanCell[];
}

/** What the plan's page says. */
export interface PlanReportInput {
  readonly name: string;
  readonly file: string;
  /** The answer, a sentence per pool, a line about the deployment as a whole first when there is one. */
  readonly answer: readonly string[];
  /** What each target measures, one line each. */
  readonly targets: readonly string[];
  /** How the plan judged, one paragraph each. */
  readonly method: readonly string[];
  readonly chart: { readonly file: string; readonly howToRead: string; readonly svg: string };
  readonly head: readonly string[];
  /** What the short headings stand for, one line each (`runs: replications`). */
  readonly legend: readonly string[];
  readonly rows: readonly PlanReportRow[];
  readonly files: readonly string[];
}

function cell(c: PlanCell): string {
  const note = c.note === undefined || c.note === '' ? '' : ` <span class="ci">${esc(c.note)}</span>`;
  if (c.column === undefined) return `<td class="text">${esc(c.text)}${note}</td>`;
  return `<td data-column="${esc(c.column)}" data-value="${esc(String(c.value ?? ''))}">${esc(c.text)}${note}</td>`;
}

function evidence(input: PlanReportInput): string {
  const head = input.head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = input.rows.map(
    (r) =>
      `<tr data-row="${r.csvRow}"${r.answer ? ' class="answer"' : ''}>${r.cells.map(cell).join('')}</tr>`,
  );
  const legend = input.legend.map((l) => `<li>${esc(l)}</li>`).join('');
  return `<table class="evidence"><thead><tr>${head}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table><ul class="legend">${legend}</ul>`;
}

/** The plan's page. Deterministic for the same plan. */
export function planHtml(input: PlanReportInput): string {
  const answer = input.answer
    .map((a, i) => `<p class="answer${i === 0 ? ' first' : ''}">${esc(a)}</p>`)
    .join('\n');
  const targets = input.targets.map((t) => `<li>${esc(t)}</li>`).join('');
  const method = input.method.map((m) => `<p>${esc(m)}</p>`).join('\n');
  const files = input.files.map((f) => `<li><a href="${esc(f)}">${esc(f)}</a></li>`).join('');
  return `${pageHead(`pchat-sim plan: ${input.name}`, STYLE)}
<h1>${esc(input.name)}: capacity plan</h1>
<section id="answer"><h2>Answer</h2>
${answer}
<p>From <code>${esc(input.file)}</code>.</p></section>
<section id="targets"><h2>Targets</h2><ul>${targets}</ul></section>
<section id="charts"><h2>Each target per candidate</h2><figure class="chart" data-file="${esc(input.chart.file)}">${scopeSvgIds(input.chart.svg, 'p1')}</figure><p>${esc(input.chart.howToRead)}</p></section>
<section id="evidence"><h2>Evidence</h2>${evidence(input)}<p>Every row, with the bounds its decision used, is in <code>plan.csv</code> (* = beyond the documented limits, run with allowUnsupported).</p></section>
<section id="method"><h2>How it was judged</h2>
${method}</section>
<section id="files"><h2>Files</h2><ul>${files}</ul></section>
</body></html>
`;
}
