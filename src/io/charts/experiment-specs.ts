// Vega-Lite specs of experiments (issue 4's replications and sweeps): a column's mean over time
// with its p5–p95 band across replications, and sweep metrics (mean with 95% CI) against the swept key.
import type { TopLevelSpec } from 'vega-lite';
import type { Bands } from './bands-file.js';
import { timeAxis } from './marks.js';
import type { Timeline } from './timeline-file.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 860;

/** What the bands chart draws: per-time means (timeline.csv) and bands (timeline-bands.csv). */
export interface BandsChartInput {
  readonly name: string;
  readonly replications: number;
  readonly means: Timeline;
  readonly bands: Bands;
  /** Columns to draw, one panel each, e.g. ['connected', 'waiting']. */
  readonly columns: readonly string[];
}

/** Mean over replications as a line inside its p5–p95 band, one panel per column. */
export function bandsSpec(input: BandsChartInput): TopLevelSpec {
  const axis = timeAxis(input.means.endS);
  const x = {
    field: 'x',
    type: 'quantitative',
    title: axis.title,
    scale: { domain: [0, axis.endX], nice: false },
  };
  const panels = input.columns.map((c) => {
    const band = input.bands.get(c);
    const mean = input.means.series.get(c);
    const bandValues =
      band === undefined ? [] : band.t.map((t, i) => ({ x: t * axis.perS, lo: band.lo[i], hi: band.hi[i] }));
    const meanValues = mean === undefined ? [] : mean.t.map((t, i) => ({ x: t * axis.perS, y: mean.v[i] }));
    return {
      width: WIDTH,
      height: 180,
      layer: [
        {
          data: { values: bandValues },
          mark: { type: 'area', opacity: 0.3, color: '#6baed6' },
          encoding: { x, y: { field: 'lo', type: 'quantitative', title: c }, y2: { field: 'hi' } },
        },
        {
          data: { values: meanValues },
          mark: { type: 'line', color: '#08306b', strokeWidth: 1.5 },
          encoding: { x, y: { field: 'y', type: 'quantitative' } },
        },
      ],
    };
  });
  return {
    $schema: SCHEMA,
    title: {
      anchor: 'start',
      text: `${input.name}: mean of ${input.replications} replications`,
      subtitle: 'line: mean; band: 5th to 95th percentile across replications',
    },
    vconcat: panels,
  } as TopLevelSpec;
}

/** One sweep metric at one grid point: the mean and its 95% confidence interval. */
export interface SweepPoint {
  readonly x: number | string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** One panel of the sweep chart, e.g. blocking against the swept user count. */
export interface SweepMetric {
  readonly title: string;
  readonly points: readonly SweepPoint[];
  /** An optional target drawn as a dashed line (e.g. a blocking target of 0.001). */
  readonly target?: number;
}

/** What the sweep chart draws: metrics against the swept parameter. */
export interface SweepChartInput {
  readonly name: string;
  /** The swept key as the planner wrote it, e.g. `workload.initialConnected`. */
  readonly parameter: string;
  readonly metrics: readonly SweepMetric[];
}

/** Each metric's mean (line and points) with its confidence interval (error bars) against the parameter. */
export function sweepSpec(input: SweepChartInput): TopLevelSpec {
  const numeric = input.metrics.every((m) => m.points.every((p) => typeof p.x === 'number'));
  const x = { field: 'x', type: numeric ? 'quantitative' : 'ordinal', title: input.parameter, sort: null };
  const panels = input.metrics.map((m) => ({
    width: 400,
    height: 220,
    title: m.title,
    layer: [
      {
        data: { values: m.points },
        mark: { type: 'line', point: true, color: '#08306b' },
        encoding: { x, y: { field: 'mean', type: 'quantitative', title: m.title } },
      },
      {
        data: { values: m.points },
        mark: { type: 'rule', color: '#08306b' },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      ...(m.target === undefined
        ? []
        : [
            {
              data: { values: [{ y: m.target }] },
              mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3] },
              encoding: { y: { field: 'y', type: 'quantitative' } },
            },
          ]),
    ],
  }));
  return {
    $schema: SCHEMA,
    title: {
      anchor: 'start',
      text: `${input.name}: sweep over ${input.parameter}`,
      subtitle: 'mean with its 95% confidence interval at each grid point',
    },
    hconcat: panels,
  } as TopLevelSpec;
}
