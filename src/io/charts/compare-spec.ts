// Vega-Lite spec of `compare`: connected and waiting users of two or more runs overlaid, one step line
// per run (a replicated run's per-time means), on one time axis from 0 to the longest run's end, with
// every run's event markers (a replicated run's replication 0), each named by its run.
import type { TopLevelSpec } from 'vega-lite';
import type { RunEvent } from './events-file.js';
import { markerGroups, markerLayers, MAX_MARKERS, SERIES_COLOURS, type MarkerGroup } from './marks.js';
import { timeAxis, xEncoding, yAxis, type TimeAxis } from './time-axis.js';
import type { Timeline } from './timeline-file.js';
import { chartTitle, columnValues, SCHEMA, WIDTH } from './timeline-specs.js';

/** One run's timeline and events, named as the comparison names it. */
export interface ComparedTimeline {
  readonly name: string;
  readonly timeline: Timeline;
  readonly events: readonly RunEvent[];
}

/**
 * The markers of every run on one chart: each run's groups (replication 0's events), the run named after
 * the servers (`pc2 (default)`), numbered together in time order, the first run's first at a tie.
 */
export function comparedMarkerGroups(runs: readonly ComparedTimeline[]): MarkerGroup[] {
  const all = runs.flatMap((r, i) =>
    markerGroups(r.events.filter((e) => e.replication === 0)).map((g) => ({
      ...g,
      where: g.where === '' ? `(${r.name})` : `${g.where} (${r.name})`,
      run: i,
    })),
  );
  return all
    .sort((a, b) => a.timeS - b.timeS || a.run - b.run || a.n - b.n)
    .slice(0, MAX_MARKERS)
    .map((g, k) => ({ n: k + 1, timeS: g.timeS, event: g.event, where: g.where }));
}

/** A layer with its colour and dash legends taken off (the same legends are drawn under another panel). */
function withoutLegend(layer: object): object {
  const l = layer as { encoding?: Record<string, object> };
  if (l.encoding === undefined) return layer;
  const encoding = { ...l.encoding };
  for (const channel of ['color', 'strokeDash'])
    if (encoding[channel] !== undefined) encoding[channel] = { ...encoding[channel], legend: null };
  return { ...layer, encoding };
}

/** Dash patterns of the runs' lines in turn, so a line drawn over another still shows. */
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
];

/** What every panel of the chart shares: the runs, the time axis, the markers and the runs' scales. */
interface CompareChart {
  readonly runs: readonly ComparedTimeline[];
  readonly axis: TimeAxis;
  readonly groups: readonly MarkerGroup[];
  readonly color: object;
  readonly strokeDash: object;
}

/** Connected (top) and waiting (bottom) users of every run, one colour and dash per run. */
export function compareSpec(runs: readonly ComparedTimeline[]): TopLevelSpec {
  const axis = timeAxis(Math.max(...runs.map((r) => r.timeline.endS)));
  const names = runs.map((r) => r.name);
  const groups = comparedMarkerGroups(runs);
  const chart: CompareChart = { runs, axis, groups, ...runScales(names) };
  return {
    $schema: SCHEMA,
    title: chartTitle(
      `compare: ${names.join(' vs ')}`,
      'connected and waiting users of each run (replicated runs: the mean at each sample; markers: replication 0)',
      groups,
    ),
    vconcat: [
      comparePanel(chart, 'connected', 'connected users', 200, false),
      comparePanel(chart, 'waiting', 'waiting to connect', 140, true),
    ],
    spacing: 8,
  } as TopLevelSpec;
}

/** One colour and one dash per run, in the runs' order, with their legends under the chart. */
function runScales(names: readonly string[]): { color: object; strokeDash: object } {
  const legend = (): object => ({ orient: 'bottom', title: 'run', direction: 'horizontal', columns: 4 });
  return {
    color: {
      field: 'run',
      type: 'nominal',
      sort: names,
      scale: { domain: names, range: names.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]) },
      legend: legend(),
    },
    strokeDash: {
      field: 'run',
      type: 'nominal',
      sort: names,
      scale: { domain: names, range: names.map((_, i) => DASHES[i % DASHES.length]) },
      legend: legend(),
    },
  };
}

/** A panel of one timeline column of every run; the bottom one carries the axis and the legends. */
function comparePanel(
  c: CompareChart,
  column: string,
  title: string,
  height: number,
  bottom: boolean,
): object {
  const { runs, axis, color, strokeDash } = c;
  return {
    width: WIDTH,
    height,
    layer: [
      {
        data: {
          values: runs.flatMap((r) =>
            columnValues(r.timeline, column, axis).map((v) => ({ ...v, run: r.name })),
          ),
        },
        mark: { type: 'line', strokeWidth: 1.6, interpolate: 'step-after' },
        encoding: {
          x: xEncoding(axis, bottom),
          y: { field: 'y', type: 'quantitative', title, axis: yAxis({ tickMinStep: 1 }) },
          color: bottom ? color : { ...color, legend: null },
          strokeDash: bottom ? strokeDash : { ...strokeDash, legend: null },
        },
      },
      // The markers' own layers share their scales; the legends are drawn once, under the bottom panel.
      {
        layer: markerLayers(c.groups, { axis, widthPx: WIDTH, numbers: !bottom }).map((l) =>
          bottom ? l : withoutLegend(l),
        ),
      },
    ],
    // The runs' lines and the markers' categories each keep their own colours, dashes and legend.
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  };
}
