// report.html: one self-contained page per run — the scenario in words and as a drawing, the key
// figures, the charts (inline SVG), the summary tables, the warnings and the events. No scripts, no
// external requests: a Content-Security-Policy forbids any, and the summary is embedded as JSON data.
import type { ChartFile } from '../charts/run-charts.js';
import { scopeSvgIds } from '../charts/render-svg.js';
import type { RunEvent } from '../charts/events-file.js';
import { EVENT_COLOURS, markerGroups, MAX_LABELLED_MARKERS } from '../charts/marks.js';
import type { SimConfig } from '../../model/config.js';
import { experimentFigure, figure } from '../../model/figures/catalogue.js';
import { spanText } from '../../model/figures/span-text.js';
import { describeScenario } from './describe-scenario.js';
import { esc, pageHead } from './html.js';
import {
  allWarnings,
  figureSource,
  keyFigures,
  summaryWarmupS,
  warningsHtml,
  type FigureSource,
} from './key-figures.js';
import {
  isTree,
  everyFigureTable,
  outagesByOrderTable,
  outagesTable,
  throughputNote,
  MAX_OUTAGE_ROWS,
  serversTable,
  totalsTable,
} from './summary-tables.js';
import { topologySvg } from './topology-svg.js';

const OUTAGES = figure('outages');
const BY_ORDER = experimentFigure('outagesByOrder');

/** Everything the report shows. */
export interface ReportInput {
  readonly config: SimConfig;
  /** summary.json's content: a single run's Summary, or a replicated run's aggregate of it. */
  readonly summary: unknown;
  readonly charts: readonly ChartFile[];
  readonly events: readonly RunEvent[];
  /** Other files of the run folder to list, e.g. timeline.csv. */
  readonly files: readonly string[];
}

/** Events listed in the page at most; the rest are in events.csv. */
export const MAX_EVENT_ROWS = 500;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #dde;padding:.25em .6em;text-align:right}
th[scope=row],thead th{text-align:left;background:#f4f6fa}td:nth-child(n){font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.8em}.card{border:1px solid #dde;border-radius:6px;padding:.5em .9em;min-width:10em}
.card b{display:block;font-size:1.4em}.card .ci{display:block}.card b .ci{display:inline;font-size:.55em;font-weight:normal}.ci{color:#666;font-size:.85em}figure{margin:1em 0}figcaption{color:#444;max-width:60em}
svg{max-width:100%;height:auto}figure.chart{overflow-x:auto}figure.chart svg{max-width:none}
caption{text-align:left;font-weight:bold}table.markers th[scope=row]{text-align:right}table.markers td,table.events td{text-align:left}.warn{background:#fff4e5;border-left:4px solid #f0a030;padding:.4em .8em}
.every td,.every th{font-size:.9em}`;

function scenarioSection(config: SimConfig): string {
  const paragraphs = describeScenario(config)
    .map((p) => `<h3>${esc(p.title)}</h3>\n<ul>${p.lines.map((l) => `<li>${esc(l)}</li>`).join('\n')}</ul>`)
    .join('\n');
  return `<section id="scenario"><h2>The scenario</h2>\n<figure class="topology">${topologySvg(config)}<figcaption>Green: active at the start; grey: standby (idle). ▣ marks where the pool's database copies are.</figcaption></figure>\n${paragraphs}</section>`;
}

function chartsSection(charts: readonly ChartFile[], events: readonly RunEvent[]): string {
  const figures = charts.map(
    (c, i) =>
      `<figure class="chart" id="chart-${i + 1}" data-file="${esc(c.file)}">${scopeSvgIds(c.svg, `c${i + 1}`)}<figcaption><b>${esc(c.title)}</b> (${esc(c.file)}). ${esc(c.howToRead)}</figcaption></figure>`,
  );
  return `<section id="charts"><h2>Charts</h2>\n${markerTable(events)}\n${figures.join('\n')}</section>`;
}

/** The numbered event markers of the timeline charts, as a table (every chart uses the same numbers). */
function markerTable(events: readonly RunEvent[]): string {
  const groups = markerGroups(events);
  if (groups.length === 0 || groups.length > MAX_LABELLED_MARKERS) return '';
  const rows = groups.map(
    (g) =>
      `<tr><th scope="row" style="color:${EVENT_COLOURS[g.event]}">${g.n}</th><td>${esc(spanText(g.timeS))}</td><td>${esc(g.event)}</td><td>${esc(g.where)}</td></tr>`,
  );
  return `<table class="markers"><caption>Event markers on the charts</caption><thead><tr><th>#</th><th>time</th><th>event</th><th>where</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function warningsSection(list: readonly string[], warmupS: number): string {
  return `<section id="warnings"><h2>Warnings</h2>\n${warningsHtml(list, warmupS)}</section>`;
}

function eventsSection(events: readonly RunEvent[], replications: number): string {
  const which =
    replications > 1
      ? `<p>The events of replication 0 (the scenario's own seed); events.csv holds those of all ${replications} replications.</p>`
      : '';
  if (events.length === 0) return `<section id="events"><h2>Events</h2>${which}<p>No events.</p></section>`;
  const rows = events
    .slice(0, MAX_EVENT_ROWS)
    .map(
      (e) =>
        `<tr><th scope="row">${esc(spanText(e.time_s))}</th><td>${esc(e.event)}</td><td>${esc(e.server)}</td><td>${esc(e.detail)}</td></tr>`,
    );
  const more =
    events.length > MAX_EVENT_ROWS ? `<p>${events.length - MAX_EVENT_ROWS} more in events.csv.</p>` : '';
  return `<section id="events"><h2>Events</h2>\n${which}<table class="events"><thead><tr><th>time</th><th>event</th><th>where</th><th>detail</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>${more}</section>`;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * summary.json as embedded in the page: a single run's `outages` cut to the first MAX_OUTAGE_ROWS, with
 * `outagesOmitted` saying how many more summary.json holds (flapping faults make hundreds of thousands).
 */
function embeddedSummary(summary: unknown): unknown {
  const list = OUTAGES.at(summary);
  if (!Array.isArray(list) || list.length <= MAX_OUTAGE_ROWS || !isTree(summary)) return summary;
  return {
    ...summary,
    outages: list.slice(0, MAX_OUTAGE_ROWS),
    outagesOmitted: list.length - MAX_OUTAGE_ROWS,
  };
}

/** The summary section: totals, servers, outages (by order of occurrence for replications), every figure. */
function summarySection(config: SimConfig, summary: unknown, src: FigureSource): string {
  const outages =
    src.replications > 1
      ? outagesByOrderTable(BY_ORDER.at(summary), src.replications)
      : outagesTable(src.tree);
  const outagesNote =
    src.replications > 1
      ? `<p>The k-th outage of each replication that had one: means with their 95% intervals.</p>`
      : '';
  const what =
    src.replications > 1
      ? `<p>Each figure is the mean over ${src.replications} replications with its 95% confidence interval.</p>\n`
      : '';
  return `<section id="summary"><h2>Summary</h2>\n${what}${totalsTable(src.tree)}\n<h3>Servers</h3>\n${serversTable(src.tree)}\n${outages === '' ? '' : `<h3>Outages</h3>\n${outagesNote}${throughputNote(config, src.tree)}${outages}`}
<details><summary>Every figure of summary.json</summary>\n${everyFigureTable(summary)}</details></section>`;
}

/** The whole page. Deterministic: the same run gives the same bytes (no clock, no machine figures). */
export function reportHtml(input: ReportInput): string {
  const { config, summary } = input;
  const src = figureSource(summary);
  const files = input.files.map((f) => `<li><a href="${esc(f)}">${esc(f)}</a></li>`).join('');
  const first = input.events.filter((e) => e.replication === 0);
  const runs =
    src.replications > 1
      ? `${src.replications} replications from seed ${config.seed}`
      : `seed ${config.seed}`;
  return `${pageHead(`pchat-sim: ${config.name}`, STYLE)}
<h1>${esc(config.name)}</h1>
<p>A Persistent Chat Server pool simulated by pchat-sim: ${esc(config.edition === 'standard' ? 'Standard' : 'Enterprise')} Edition, ${config.servers.length} servers, ${runs}.</p>
<section id="key-figures"><h2>Key figures</h2>\n${src.replications > 1 ? `<p>Means over ${src.replications} replications with their 95% confidence intervals.</p>\n` : ''}${keyFigures(src, summary, config)}</section>
${chartsSection(input.charts, first)}
${scenarioSection(config)}
${summarySection(config, summary, src)}
${warningsSection(allWarnings(config, summary), summaryWarmupS(summary) ?? config.warmupS)}
${eventsSection(first, src.replications)}
<section id="files"><h2>Files</h2><ul>${files}</ul></section>
<script type="application/json" id="summary-data">${scriptJson(embeddedSummary(summary))}</script>
</body></html>
`;
}
