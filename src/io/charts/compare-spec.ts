// Vega-Lite spec of `compare`: connected and waiting users of two or more runs overlaid, one step line
// per run (a replicated run's per-time means), on one time axis from 0 to the longest run's end.
import type { TopLevelSpec } from 'vega-lite';
import { SERIES_COLOURS } from './marks.js';
import { timeAxis, xEncoding, yAxis } from './time-axis.js';
import type { Timeline } from './timeline-file.js';
import { columnValues, SCHEMA, WIDTH } from './timeline-specs.js';

/** One run's timeline, named as the comparison names it. */
export interface ComparedTimeline {
  readonly name: string;
  readonly timeline: Timeline;
}

/** Connected (top) and waiting (bottom) users of every run, one colour and dash per run. */
export function compareSpec(runs: readonly ComparedTimeline[]): TopLevelSpec {
  const axis = timeAxis(Math.max(...runs.map((r) => r.timeline.endS)));
  const names = runs.map((r) => r.name);
  const dashes = [
    [1, 0],
    [6, 3],
    [2, 2],
    [8, 3, 2, 3],
  ];
  const color = {
    field: 'run',
    type: 'nominal',
    sort: names,
    scale: { domain: names, range: names.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]) },
    legend: { orient: 'bottom', title: 'run', direction: 'horizontal', columns: 4 },
  };
  const strokeDash = {
    field: 'run',
    type: 'nominal',
    sort: names,
    scale: { domain: names, range: names.map((_, i) => dashes[i % dashes.length]) },
    legend: { orient: 'bottom', title: 'run', direction: 'horizontal', columns: 4 },
  };
  const panel = (column: string, title: string, height: number, bottom: boolean): object => ({
    width: WIDTH,
    height,
    data: {
      values: runs.flatMap((r) => columnValues(r.timeline, column, axis).map((v) => ({ ...v, run: r.name }))),
    },
    mark: { type: 'line', strokeWidth: 1.6, interpolate: 'step-after' },
    encoding: {
      x: xEncoding(axis, bottom),
      y: { field: 'y', type: 'quantitative', title, axis: yAxis({ tickMinStep: 1 }) },
      color,
      strokeDash,
    },
  });
  return {
    $schema: SCHEMA,
    title: {
      anchor: 'start',
      text: `compare: ${names.join(' vs ')}`,
      subtitle: 'connected and waiting users of each run (replicated runs: the mean at each sample)',
    },
    vconcat: [
      panel('connected', 'connected users', 200, false),
      panel('waiting', 'waiting to connect', 140, true),
    ],
    spacing: 8,
  } as TopLevelSpec;
}
