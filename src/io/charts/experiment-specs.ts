// Vega-Lite spec of a sweep: each metric (mean with its 95% CI) against the first swept key, one line
// per value of the other keys; numeric keys on numeric axes, proportions in percent, a target as a rule.
import type { TopLevelSpec } from 'vega-lite';
import { SERIES_COLOURS } from './marks.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One sweep metric at one grid point: the mean and its 95% confidence interval. */
export interface SweepPoint {
  /** The first swept key's value: a number (durations in the axis unit) or text. */
  readonly x: number | string;
  /** The other swept keys' values, e.g. `failover.promoteStandbyAfter=15m`; '' when one key is swept. */
  readonly series: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** One panel of the sweep chart, e.g. blocking against the swept user count. */
export interface SweepMetric {
  readonly title: string;
  readonly points: readonly SweepPoint[];
  /** Drawn in percent: a proportion (0..1) shown as 0..100 %. */
  readonly percent?: boolean;
  /** An optional target drawn as a dashed rule, in the metric's own unit (a proportion for percent). */
  readonly target?: number;
}

/** What the sweep chart draws: metrics against the swept keys. */
export interface SweepChartInput {
  readonly name: string;
  /** The x axis title: the first swept key, with its unit when durations were converted. */
  readonly parameter: string;
  /** Whether x is numeric (quantitative axis) or text (one category per value). */
  readonly numeric: boolean;
  /** The other swept keys, joined (the colour legend's title); '' when one key is swept. */
  readonly seriesTitle: string;
  readonly metrics: readonly SweepMetric[];
}

function panel(input: SweepChartInput, m: SweepMetric): object {
  const k = m.percent === true ? 100 : 1;
  const values = m.points.map((p) => ({ ...p, mean: p.mean * k, lo: p.lo * k, hi: p.hi * k }));
  const top = Math.max(...values.map((v) => v.hi), (m.target ?? 0) * k, 0);
  const x = input.numeric
    ? {
        field: 'x',
        type: 'quantitative',
        title: input.parameter,
        scale: { zero: false },
        axis: { format: ',~r', tickCount: 6 },
      }
    : { field: 'x', type: 'ordinal', title: input.parameter, sort: null };
  const y = {
    field: 'mean',
    type: 'quantitative',
    title: m.percent === true ? `${m.title} (%)` : m.title,
    scale: { domain: [0, top > 0 ? top * 1.05 : 1] },
    axis: { format: ',~r', tickCount: 5 },
  };
  const series = [...new Set(m.points.map((p) => p.series))];
  const color =
    input.seriesTitle === ''
      ? { value: SERIES_COLOURS[0] }
      : {
          field: 'series',
          type: 'nominal',
          title: input.seriesTitle,
          sort: series,
          scale: { domain: series, range: series.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]) },
          legend: { orient: 'bottom', direction: 'horizontal', columns: 4, labelLimit: 400, titleLimit: 800 },
        };
  // Lines of equal values stay visible: each series also has its own dash pattern.
  const dashes = [
    [1, 0],
    [6, 3],
    [2, 2],
    [8, 3, 2, 3],
    [12, 4],
  ];
  const strokeDash =
    input.seriesTitle === ''
      ? undefined
      : { ...color, scale: { domain: series, range: series.map((_, i) => dashes[i % dashes.length]) } };
  const layers: object[] = [
    {
      data: { values },
      mark: { type: 'line', point: true, strokeWidth: 1.8 },
      encoding: strokeDash === undefined ? { x, y, color } : { x, y, color, strokeDash },
    },
    {
      data: { values },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
    },
  ];
  if (m.target !== undefined)
    layers.push(
      {
        data: {
          values: [{ y: m.target * k, label: `target ${m.target * k}${m.percent === true ? '%' : ''}` }],
        },
        mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3] },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: {
          values: [{ y: m.target * k, label: `target ${m.target * k}${m.percent === true ? '%' : ''}` }],
        },
        mark: { type: 'text', color: '#d62728', align: 'left', baseline: 'bottom', dx: 2, dy: -2, x: 0 },
        encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  return { width: 400, height: 240, title: m.title, layer: layers };
}

/** Each metric's mean (lines and points) with its confidence interval (error bars) against the sweep. */
export function sweepSpec(input: SweepChartInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: {
      anchor: 'start',
      text: `${input.name}: sweep over ${input.parameter}`,
      subtitle: `mean with its 95% confidence interval at each grid point${input.seriesTitle === '' ? '' : `; one line per ${input.seriesTitle}`}`,
    },
    hconcat: input.metrics.map((m) => panel(input, m)),
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}
