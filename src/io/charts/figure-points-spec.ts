// The figure-per-point block shared by the sweep and plan reports: one panel per figure, each point's
// mean with its 95% interval against the points (a sweep's first key, or plan's candidates), one line
// per value of the other keys, the target as a dashed rule and the point the report singles out ringed.
// Lines that coincide stay visible (a dash each) and the legend names them; panel titles share a line.
import type { TopLevelSpec } from 'vega-lite';
import { SERIES_COLOURS } from './marks.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Each panel's plot, pixels. */
const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 220;
/** Dash patterns of the lines in turn, so a line drawn over another still shows. */
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [12, 4],
];

/** One figure at one point: its mean and 95% interval. */
export interface FigurePoint {
  /** The point on the x axis: a number (durations in the axis unit) or a label. */
  readonly x: number | string;
  /** The other keys' values naming the line, e.g. `20000`; '' when there is one line. */
  readonly series: string;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** One panel: a figure at every point. */
export interface PointFigure {
  readonly title: string;
  readonly points: readonly FigurePoint[];
  /** A proportion (0..1) drawn as 0..100 %. */
  readonly percent?: boolean;
  /** The y axis's unit when not a percentage, e.g. `hours`. */
  readonly unit?: string;
  /** The target, drawn as a dashed rule, in the figure's own unit (a proportion for percent). */
  readonly target?: number;
}

/** What the block draws. */
export interface FigurePointsInput {
  readonly title: string;
  readonly subtitle: string;
  /** The x axis title, with its unit when durations were converted. */
  readonly xTitle: string;
  /** A numeric x (quantitative axis) or labels (one category each, in the order given). */
  readonly numeric: boolean;
  /** What names the lines (the legend's title); '' for one line. */
  readonly seriesTitle: string;
  readonly figures: readonly PointFigure[];
  /** The point to ring in every panel (e.g. the first that meets every target), if any. */
  readonly marked?: { readonly x: number | string; readonly series: string };
}

/** `a` draws exactly over `b` in a panel: the same points with the same means and intervals. */
function sameLine(a: readonly FigurePoint[], b: readonly FigurePoint[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return q !== undefined && p.x === q.x && p.mean === q.mean && p.lo === q.lo && p.hi === q.hi;
    })
  );
}

/**
 * Legend names of the lines: each line's own, with the lines it coincides with where it does, e.g.
 * `30000 (same as 25000 in blocking)`, so a line hidden under another is still accounted for.
 */
export function seriesNames(input: FigurePointsInput): Map<string, string> {
  const series = [...new Set(input.figures.flatMap((f) => f.points.map((p) => p.series)))];
  const names = new Map<string, string>();
  for (const s of series) {
    const same = new Map<string, string[]>();
    for (const f of input.figures) {
      const mine = f.points.filter((p) => p.series === s);
      for (const other of series.slice(0, series.indexOf(s))) {
        if (
          !sameLine(
            mine,
            f.points.filter((p) => p.series === other),
          )
        )
          continue;
        same.set(other, [...(same.get(other) ?? []), f.title]);
      }
    }
    const notes = [...same].map(
      ([other, where]) =>
        `same as ${other}${where.length === input.figures.length ? '' : ` in ${where.join(', ')}`}`,
    );
    names.set(s, notes.length === 0 ? s : `${s} (${notes.join('; ')})`);
  }
  return names;
}

/** A panel's values: the legend's names, a proportion scaled to percent. */
type PanelValue = FigurePoint & { readonly series: string };

/**
 * One panel: the lines with their error bars, the ringed point and the target. `lines` names every
 * line of every panel, so the panels' shared colour and dash scales agree (a panel missing a line,
 * e.g. one with nothing failed, would else give vega conflicting domains to merge, with a warning).
 */
function panel(
  input: FigurePointsInput,
  f: PointFigure,
  names: Map<string, string>,
  lines: readonly string[],
): object {
  const k = f.percent === true ? 100 : 1;
  const values: PanelValue[] = f.points.map((p) => ({
    ...p,
    series: names.get(p.series) ?? p.series,
    mean: p.mean * k,
    lo: p.lo * k,
    hi: p.hi * k,
  }));
  const x = xEncoding(input);
  const y = yEncoding(f, values, k);
  const layers = lineLayers(input, values, lines, x, y);
  const marked = input.marked;
  if (marked !== undefined) {
    const at = values.filter(
      (v) => v.x === marked.x && v.series === (names.get(marked.series) ?? marked.series),
    );
    layers.push({
      data: { values: at },
      mark: { type: 'point', shape: 'circle', size: 260, filled: false, strokeWidth: 2, color: '#000' },
      encoding: { x, y },
    });
  }
  if (f.target !== undefined) layers.push(...targetLayers(f, f.target * k));
  // frame 'group': every title sits the same height above its plot, whatever is drawn above a plot.
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title: { text: f.title, anchor: 'start', frame: 'group', offset: 10 },
    layer: layers,
  };
}

/** The points on x: a numeric axis, or one category per label in the order given. */
function xEncoding(input: FigurePointsInput): object {
  return input.numeric
    ? {
        field: 'x',
        type: 'quantitative',
        title: input.xTitle,
        scale: { zero: false },
        axis: { format: ',~r', tickCount: 6 },
      }
    : { field: 'x', type: 'ordinal', title: input.xTitle, sort: null, axis: { labelAngle: 0 } };
}

/**
 * The mean on y, from 0 to above the highest interval or target. The panel's title names the figure;
 * the axis says only its unit, so no axis title reaches above the plot and every panel's title sits at
 * the same height.
 */
function yEncoding(f: PointFigure, values: readonly PanelValue[], k: number): object {
  const top = Math.max(...values.map((v) => v.hi), (f.target ?? 0) * k, 0);
  return {
    field: 'mean',
    type: 'quantitative',
    title: f.percent === true ? '%' : (f.unit ?? ''),
    scale: { domain: [0, top > 0 ? top * 1.05 : 1] },
    axis: { format: ',~r', tickCount: 5 },
  };
}

/** The lines (a colour and a dash each, named in the legend) and their intervals as rules. */
function lineLayers(
  input: FigurePointsInput,
  values: readonly PanelValue[],
  lines: readonly string[],
  x: object,
  y: object,
): object[] {
  const legend = { orient: 'bottom', direction: 'vertical', labelLimit: 800, titleLimit: 800 };
  const color =
    input.seriesTitle === ''
      ? { value: SERIES_COLOURS[0] }
      : {
          field: 'series',
          type: 'nominal',
          title: input.seriesTitle,
          sort: lines,
          scale: { domain: lines, range: lines.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]) },
          legend,
        };
  const strokeDash =
    input.seriesTitle === ''
      ? undefined
      : { ...color, scale: { domain: lines, range: lines.map((_, i) => DASHES[i % DASHES.length]) } };
  return [
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
}

/** The target as a dashed rule, labelled at the plot's right edge; `y` in the panel's unit. */
function targetLayers(f: PointFigure, y: number): object[] {
  const label = `target ${Number(y.toPrecision(6))}${f.percent === true ? '%' : ''}`;
  const data = { values: [{ y, label }] };
  return [
    {
      data,
      mark: { type: 'rule', color: '#C0392B', strokeDash: [6, 3] },
      encoding: { y: { field: 'y', type: 'quantitative' } },
    },
    {
      data,
      mark: { type: 'text', color: '#C0392B', align: 'right', baseline: 'bottom', dy: -2, x: PANEL_WIDTH },
      encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
}

/** Every figure's mean (lines and points) with its 95% interval (error bars) at every point. */
export function figurePointsSpec(input: FigurePointsInput): TopLevelSpec {
  const names = seriesNames(input);
  const lines = [...new Set(names.values())];
  return {
    $schema: SCHEMA,
    title: { anchor: 'start', text: input.title, subtitle: input.subtitle },
    hconcat: input.figures.map((f) => panel(input, f, names, lines)),
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
  } as TopLevelSpec;
}
