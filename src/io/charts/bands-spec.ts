// Vega-Lite spec of a replicated run's bands: a timeline column's mean over replications as a step
// line inside its p5–p95 band, one panel per column, on the run's time axis with the event markers of
// replication 0 (scheduled faults happen in every replication; random ones differ).
import type { TopLevelSpec } from 'vega-lite';
import type { Bands } from './bands-file.js';
import type { RunEvent } from './events-file.js';
import { markerGroups, markerLayers, SERIES_COLOURS, type MarkerGroup } from './marks.js';
import { timeAxis, xEncoding, yAxis, type TimeAxis } from './time-axis.js';
import type { Timeline } from './timeline-file.js';
import { chartTitle, columnValues, SCHEMA, WIDTH } from './timeline-specs.js';

/** What the bands chart draws: per-time means (timeline.csv) and bands (timeline-bands.csv). */
export interface BandsChartInput {
  readonly name: string;
  readonly replications: number;
  readonly means: Timeline;
  readonly bands: Bands;
  /** Columns to draw, one panel each, e.g. ['connected', 'waiting']. */
  readonly columns: readonly string[];
  /** Events of replication 0, drawn as markers. */
  readonly events: readonly RunEvent[];
}

/** Mean over replications as a step line inside its p5–p95 band, one panel per column. */
export function bandsSpec(input: BandsChartInput): TopLevelSpec {
  const axis = timeAxis(input.means.endS);
  const groups = markerGroups(input.events);
  const last = input.columns.length - 1;
  const panels = input.columns.map((c, i) =>
    bandsPanel(input, c, { axis, groups, first: i === 0, last: i === last }),
  );
  return {
    $schema: SCHEMA,
    title: chartTitle(
      `${input.name}: mean of ${input.replications} replications`,
      'line: mean; band: 5th to 95th percentile across replications; markers: the events of replication 0',
      groups,
    ),
    vconcat: panels,
    spacing: 8,
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/** Where a panel sits: the shared axis and markers; the first carries the numbers, the last the axis. */
interface PanelPlace {
  readonly axis: TimeAxis;
  readonly groups: readonly MarkerGroup[];
  readonly first: boolean;
  readonly last: boolean;
}

/** One column's panel: its band as an area, its mean as a step line, the event markers over both. */
function bandsPanel(input: BandsChartInput, c: string, p: PanelPlace): object {
  const { axis } = p;
  const band = input.bands.get(c);
  const bandValues =
    band === undefined ? [] : band.t.map((t, k) => ({ x: t * axis.perS, lo: band.lo[k], hi: band.hi[k] }));
  const x = xEncoding(axis, p.last);
  return {
    width: WIDTH,
    height: 180,
    layer: [
      {
        data: { values: bandValues },
        mark: { type: 'area', opacity: 0.35, color: '#9ecae1', interpolate: 'step-after' },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative', title: c, axis: yAxis({ tickCount: 4 }) },
          y2: { field: 'hi' },
        },
      },
      {
        data: { values: columnValues(input.means, c, axis) },
        mark: { type: 'line', color: SERIES_COLOURS[0], strokeWidth: 1.6, interpolate: 'step-after' },
        encoding: { x, y: { field: 'y', type: 'quantitative' } },
      },
      ...markerLayers(p.groups, { axis, widthPx: WIDTH, numbers: p.first }),
    ],
  };
}
