// Vega-Lite specs of one run's timeline: users on each server (one small panel per server, so servers
// with the same load never hide each other) against the supported and admission limits, total connected
// and waiting users, and the active server count. Counts are drawn as steps (a count changes at an
// event, not between samples); every chart has the same time axis and the run's numbered event markers.
import type { TopLevelSpec } from 'vega-lite';
import type { SeriesPoints } from './downsample.js';
import type { RunEvent } from './events-file.js';
import { markerGroups, markerLayers, markerLines, SERIES_COLOURS, type MarkerGroup } from './marks.js';
import { timeAxis, xEncoding, yAxis, type TimeAxis } from './time-axis.js';
import type { Timeline } from './timeline-file.js';

/** A horizontal reference line on the per-server chart, e.g. the supported 20,000 users. */
export interface LimitLine {
  readonly users: number;
  readonly label: string;
}

/** A server as the per-server chart draws it. */
export interface ServerSeries {
  readonly name: string;
  readonly pool: string;
}

/** What the timeline charts draw. */
export interface TimelineChartInput {
  /** Scenario name, shown in every title. */
  readonly name: string;
  readonly timeline: Timeline;
  /** Timeline columns that are servers (others, such as pool states, are not drawn per server). */
  readonly servers: readonly ServerSeries[];
  readonly limits: readonly LimitLine[];
  readonly events: readonly RunEvent[];
  /** Said after the sampling note, e.g. that the values are means over replications. */
  readonly note?: string;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Plot width of every timeline chart, pixels. */
export const WIDTH = 860;

/** Rows `{x, y}` of one column, x in axis units. */
export function columnValues(t: Timeline, column: string, axis: TimeAxis): { x: number; y: number }[] {
  const s: SeriesPoints | undefined = t.series.get(column);
  if (s === undefined) return [];
  return s.t.map((time, i) => ({ x: time * axis.perS, y: s.v[i] as number }));
}

/** The subtitle line saying whether the points are exact or min/max per bucket (and the input's note). */
export function samplingNote(t: Timeline, note?: string): string {
  const what =
    t.bucketRows === 1
      ? `every sample of ${t.rows} shown`
      : `${t.rows} samples: minimum and maximum of every ${t.bucketRows} shown, so peaks are kept`;
  return note === undefined ? what : `${note}; ${what}`;
}

/** A chart title with the sampling note and the numbered marker list as subtitle lines. */
export function chartTitle(text: string, note: string, groups: readonly MarkerGroup[]): object {
  const markers = markerLines(groups);
  return {
    anchor: 'start',
    text,
    subtitle: markers.length === 0 ? note : [note, 'markers — ' + (markers[0] ?? ''), ...markers.slice(1)],
    subtitlePadding: 4,
  };
}

/** One step line of a column, in a panel `height` px high, with markers (numbers on top when asked). */
export function stepPanel(p: {
  values: readonly { x: number; y: number }[];
  axis: TimeAxis;
  groups: readonly MarkerGroup[];
  height: number;
  yTitle: string;
  colour: string;
  top: boolean;
  bottom: boolean;
  yDomain?: readonly [number, number];
  extra?: readonly object[];
  /** Whole numbers only on the y axis (server counts). */
  integer?: boolean;
}): object {
  const ticks = { tickCount: Math.max(2, Math.floor(p.height / 40)), tickMinStep: 1 };
  const y: Record<string, unknown> = {
    field: 'y',
    type: 'quantitative',
    title: p.yTitle,
    axis: yAxis(p.integer === true ? { ...ticks, format: 'd' } : ticks),
    // An all-zero series still gets a 0..1 scale (vega would label a degenerate one 0.000000).
    scale:
      p.yDomain === undefined
        ? { domain: [0, Math.max(1, ...p.values.map((v) => v.y))] }
        : { domain: p.yDomain, nice: false },
  };
  return {
    width: WIDTH,
    height: p.height,
    layer: [
      {
        data: { values: p.values },
        mark: { type: 'line', strokeWidth: 1.6, color: p.colour, interpolate: 'step-after' },
        encoding: { x: xEncoding(p.axis, p.bottom), y },
      },
      ...(p.extra ?? []),
      ...markerLayers(p.groups, { axis: p.axis, widthPx: WIDTH, numbers: p.top }),
    ],
  };
}

/** Pixels between two limit labels' baselines, so close limits (20,000 and 21,000) never overlap. */
const LIMIT_LABEL_PX = 11;

/**
 * The dashed limit lines of a server panel, labelled in the top panel only: each label in the margin to
 * the right of the plot at its line's height (pushed down from the one above when too close), so no
 * marker number or data point is ever drawn over it.
 */
function limitLayers(
  limits: readonly LimitLine[],
  labelled: boolean,
  height: number,
  yDomain: readonly [number, number],
): object[] {
  const y = { field: 'y', type: 'quantitative' };
  const rule = {
    data: { values: limits.map((l) => ({ y: l.users })) },
    mark: { type: 'rule', color: '#000', strokeDash: [8, 4], strokeWidth: 1 },
    encoding: { y },
  };
  if (!labelled) return [rule];
  const span = Math.max(yDomain[1] - yDomain[0], 1e-9);
  let below = -Infinity;
  const labels = [...limits]
    .sort((a, b) => b.users - a.users)
    .map((l) => {
      const py = Math.max(height * (1 - (l.users - yDomain[0]) / span), below + LIMIT_LABEL_PX);
      below = py;
      return { py, label: l.label };
    });
  return [
    rule,
    {
      data: { values: labels },
      mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 10, color: '#000' },
      encoding: {
        x: { value: WIDTH + 4 },
        y: { field: 'py', type: 'quantitative', scale: null },
        text: { field: 'label' },
      },
    },
  ];
}

/** Height of one server's panel: smaller as servers are added, within 40..90 px. */
function serverPanelHeight(servers: number): number {
  return Math.max(40, Math.min(90, Math.floor(520 / Math.max(servers, 1))));
}

/** Users on each server over time: one panel per server on a shared y scale, with the limits. */
export function serverLoadSpec(input: TimelineChartInput): TopLevelSpec {
  const axis = timeAxis(input.timeline.endS);
  const groups = markerGroups(input.events);
  const height = serverPanelHeight(input.servers.length);
  let top = 0;
  for (const s of input.servers)
    for (const v of input.timeline.series.get(s.name)?.v ?? []) top = Math.max(top, v);
  for (const l of input.limits) top = Math.max(top, l.users);
  const yDomain = [0, Math.ceil((top * 1.08) / 1000) * 1000 || 1] as const;
  const pools = [...new Set(input.servers.map((s) => s.pool))];
  const panels = input.servers.map((s, i) =>
    stepPanel({
      values: columnValues(input.timeline, s.name, axis),
      axis,
      groups,
      height,
      yTitle: pools.length > 1 ? `${s.name} (${s.pool})` : s.name,
      colour: SERIES_COLOURS[pools.indexOf(s.pool) % SERIES_COLOURS.length] ?? '#1f4e79',
      top: i === 0,
      bottom: i === input.servers.length - 1,
      yDomain,
      extra: limitLayers(input.limits, i === 0, height, yDomain),
    }),
  );
  return {
    $schema: SCHEMA,
    title: chartTitle(
      `${input.name}: users connected to each server`,
      `${samplingNote(input.timeline, input.note)}; one panel per server, same scale`,
      groups,
    ),
    vconcat: panels,
    spacing: 4,
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/** Total connected users and users waiting to (re)connect, stacked panels on one time axis. */
export function usersSpec(input: TimelineChartInput): TopLevelSpec {
  const axis = timeAxis(input.timeline.endS);
  const groups = markerGroups(input.events);
  const panel = (column: string, title: string, height: number, top: boolean): object =>
    stepPanel({
      values: columnValues(input.timeline, column, axis),
      axis,
      groups,
      height,
      yTitle: title,
      colour: SERIES_COLOURS[0] as string,
      top,
      bottom: !top,
    });
  return {
    $schema: SCHEMA,
    title: chartTitle(
      `${input.name}: connected and waiting users`,
      samplingNote(input.timeline, input.note),
      groups,
    ),
    vconcat: [
      panel('connected', 'connected users', 200, true),
      panel('waiting', 'waiting to connect', 140, false),
    ],
    spacing: 8,
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/** Servers up and in the active list over time. */
export function activeServersSpec(input: TimelineChartInput): TopLevelSpec {
  const axis = timeAxis(input.timeline.endS);
  const groups = markerGroups(input.events);
  const values = columnValues(input.timeline, 'active_servers', axis);
  const top = values.reduce((a, v) => Math.max(a, v.y), 1);
  return {
    $schema: SCHEMA,
    title: chartTitle(
      `${input.name}: active servers`,
      input.note ?? 'servers up and in the active list',
      groups,
    ),
    vconcat: [
      stepPanel({
        values,
        axis,
        groups,
        height: 160,
        yTitle: 'active servers',
        colour: SERIES_COLOURS[0] as string,
        top: true,
        bottom: true,
        yDomain: [0, top + 1],
        integer: true,
      }),
    ],
  } as TopLevelSpec;
}
