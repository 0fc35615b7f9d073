// Vega-Lite spec of a sweep: metrics (mean with 95% CI) against the swept key.
import type { TopLevelSpec } from 'vega-lite';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

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
