// Vega-Lite specs of one run's timeline: users per server against the supported 20,000 line and the
// admission limit, total connected and waiting users, and the active server count, each with the
// run's events (failures, restores, promotions, site failures) marked as labelled rules.
import type { TopLevelSpec } from 'vega-lite';
import type { SeriesPoints } from './downsample.js';
import type { RunEvent } from './events-file.js';
import { markerGroups, markerLayers, timeAxis, type TimeAxis } from './marks.js';
import type { Timeline } from './timeline-file.js';

/** A horizontal reference line on the per-server chart, e.g. the supported 20,000 users. */
export interface LimitLine {
  readonly users: number;
  readonly label: string;
}

/** What the timeline charts draw. */
export interface TimelineChartInput {
  /** Scenario name, shown in every title. */
  readonly name: string;
  readonly timeline: Timeline;
  /** Timeline columns that are servers (others, such as pool states, are not drawn per server). */
  readonly servers: readonly string[];
  readonly limits: readonly LimitLine[];
  readonly events: readonly RunEvent[];
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 860;

/** Long-format rows `{x, y, series}` of the named columns, x in the axis unit. */
function seriesValues(
  t: Timeline,
  columns: readonly string[],
  axis: TimeAxis,
  label = (c: string) => c,
): object[] {
  const out: object[] = [];
  for (const c of columns) {
    const s: SeriesPoints | undefined = t.series.get(c);
    if (s === undefined) continue;
    for (let i = 0; i < s.t.length; i++)
      out.push({ x: (s.t[i] as number) * axis.perS, y: s.v[i], series: label(c) });
  }
  return out;
}

/** The subtitle line saying whether the points are exact or min/max per bucket. */
export function samplingNote(t: Timeline): string {
  return t.bucketRows === 1
    ? `every sample of ${t.rows} shown`
    : `${t.rows} samples: minimum and maximum of every ${t.bucketRows} shown, so peaks are kept`;
}

function xEncoding(axis: TimeAxis): object {
  return {
    field: 'x',
    type: 'quantitative',
    title: axis.title,
    scale: { domain: [0, axis.endX], nice: false },
  };
}

/** Users connected to each server over time, with the supported and admission limits. */
export function serverLoadSpec(input: TimelineChartInput): TopLevelSpec {
  const axis = timeAxis(input.timeline.endS);
  const groups = markerGroups(input.events, axis);
  const limits = input.limits.map((l) => ({ y: l.users, label: l.label, x: axis.endX }));
  const scheme = input.servers.length > 10 ? 'category20' : 'category10';
  return {
    $schema: SCHEMA,
    title: {
      anchor: 'start',
      text: `${input.name}: users per server`,
      subtitle: samplingNote(input.timeline),
    },
    width: WIDTH,
    height: 320,
    layer: [
      {
        data: { values: seriesValues(input.timeline, input.servers, axis) },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: xEncoding(axis),
          y: { field: 'y', type: 'quantitative', title: 'connected users' },
          color: { field: 'series', type: 'nominal', title: 'server', sort: null, scale: { scheme } },
        },
      },
      {
        data: { values: limits },
        mark: { type: 'rule', color: '#000', strokeDash: [8, 4], strokeWidth: 1 },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: limits },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, fontSize: 10, color: '#000' },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
      ...markerLayers(groups, 320),
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

/** One panel of a column over time (line, or steps for counts that jump), with the markers. */
function panel(
  input: TimelineChartInput,
  column: string,
  title: string,
  height: number,
  step: boolean,
): object {
  const axis = timeAxis(input.timeline.endS);
  return {
    height,
    width: WIDTH,
    layer: [
      {
        data: { values: seriesValues(input.timeline, [column], axis) },
        mark: {
          type: 'line',
          strokeWidth: 1.5,
          color: '#1f4e79',
          interpolate: step ? 'step-after' : 'linear',
        },
        encoding: {
          x: xEncoding(axis),
          y: { field: 'y', type: 'quantitative', title, axis: step ? { tickMinStep: 1 } : {} },
        },
      },
      ...markerLayers(markerGroups(input.events, axis), height),
    ],
  };
}

/** Total connected users and users waiting to (re)connect, stacked panels on one time axis. */
export function usersSpec(input: TimelineChartInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: {
      anchor: 'start',
      text: `${input.name}: connected and waiting users`,
      subtitle: samplingNote(input.timeline),
    },
    vconcat: [
      panel(input, 'connected', 'connected users', 200, false),
      panel(input, 'waiting', 'waiting to connect', 140, false),
    ],
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/** Servers up and in the active list over time. */
export function activeServersSpec(input: TimelineChartInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: {
      anchor: 'start',
      text: `${input.name}: active servers`,
      subtitle: 'servers up and in the active list',
    },
    ...panel(input, 'active_servers', 'active servers', 160, true),
  } as TopLevelSpec;
}
