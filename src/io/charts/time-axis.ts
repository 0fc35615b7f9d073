// The time axis every timeline chart of a run shares: one unit (minutes, hours, days or weeks) and
// ticks at round steps (15 min, 1 h, 6 h, 1 d, 1 w...), from 0 to the end of the run, so the charts
// of one run line up when the report shows them one above the other.

/** The x axis of a timeline chart: data are in `unit`s since the start. */
export interface TimeAxis {
  /** Axis units per second. */
  readonly perS: number;
  /** `min`, `h`, `d` or `w`, as written after every tick label. */
  readonly unit: string;
  readonly title: string;
  /** End of the run in axis units (the domain is [0, endX]). */
  readonly endX: number;
  /** Tick positions in axis units, multiples of the step. */
  readonly ticks: readonly number[];
}

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;
const WEEK = 7 * DAY;

/** Candidate steps between ticks, seconds, smallest first. */
const STEPS_S = [
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  WEEK,
  2 * WEEK,
  4 * WEEK,
  13 * WEEK,
  26 * WEEK,
  52 * WEEK,
];

/** At most this many intervals between ticks. */
export const MAX_TICK_INTERVALS = 12;

/** The unit a step is labelled in: the largest of min, h, d, w that divides it. */
function unitOf(stepS: number): { size: number; unit: string; word: string } {
  if (stepS % WEEK === 0) return { size: WEEK, unit: 'w', word: 'weeks' };
  if (stepS % DAY === 0) return { size: DAY, unit: 'd', word: 'days' };
  if (stepS % HOUR === 0) return { size: HOUR, unit: 'h', word: 'hours' };
  return { size: MIN, unit: 'min', word: 'minutes' };
}

/** The axis of a run that ends at `endS` seconds: the smallest round step giving ≤ 12 intervals. */
export function timeAxis(endS: number): TimeAxis {
  const end = Math.max(endS, 1);
  // Runs longer than 3 h get whole hours, longer than 3 days whole days: no 30-minute ticks on a 6 h run.
  const least = end > 3 * DAY ? DAY : end > 3 * HOUR ? HOUR : 0;
  const stepS =
    STEPS_S.find((s) => s >= least && end / s <= MAX_TICK_INTERVALS) ??
    52 * WEEK * Math.ceil(end / (52 * WEEK * MAX_TICK_INTERVALS));
  const { size, unit, word } = unitOf(stepS);
  const ticks: number[] = [];
  for (let t = 0; t <= end + 1e-9; t += stepS) ticks.push(t / size);
  return { perS: 1 / size, unit, title: `time since the start (${word})`, endX: end / size, ticks };
}

/** The Vega-Lite x encoding of a timeline panel; `labels` false hides tick labels and the title. */
export function xEncoding(axis: TimeAxis, labels = true): object {
  return {
    field: 'x',
    type: 'quantitative',
    title: labels ? axis.title : null,
    scale: { domain: [0, axis.endX], nice: false, zero: true },
    axis: {
      values: axis.ticks,
      labels,
      labelExpr: `datum.value + '${axis.unit}'`,
      labelFlush: true,
      ticks: labels,
      grid: true,
    },
  };
}

/** Width of every y axis (ticks and labels), so all charts of a run start their plots at the same x. */
export const Y_AXIS_EXTENT_PX = 52;

/** A y axis block with the fixed extent; extra Vega-Lite axis properties may be added. */
export function yAxis(extra: object = {}): object {
  return { minExtent: Y_AXIS_EXTENT_PX, maxExtent: Y_AXIS_EXTENT_PX, ...extra };
}
