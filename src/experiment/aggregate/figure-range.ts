// Where a figure's interval across replications is kept, from its declaration (model/figures): a count
// within [0, its bound], a time span within the summary's window length, an instant within the window,
// a ratio or yes/no within [0, 1], a level within [0, its highest value].
import { figure, type Segments } from '../../model/figures/catalogue.js';
import type { Figure } from '../../model/figures/figure.js';
import type { MetricStats } from './aggregate.js';

/** The summary's window [from, to] in seconds (the warm-up's end and the run's end), where every figure is taken. */
export interface SummaryWindow {
  readonly from: number;
  readonly to: number;
}

const WARMUP = figure('warmup_s');
const DURATION = figure('duration_s');

/** The window of a single run's summary.json (the whole of [0, ∞) where it does not say). */
export function summaryWindow(summary: unknown): SummaryWindow {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return { from: num(WARMUP.at(summary)) ?? 0, to: num(DURATION.at(summary)) ?? Infinity };
}

/** Where aggregated values sit: their path in a single run's summary.json (null: no figure), and its window. */
export interface Place {
  readonly path: Segments | null;
  readonly window: SummaryWindow;
}

/** Values that are no declared figure: aggregated, never clipped. */
export const UNDECLARED: Place = { path: null, window: { from: 0, to: Infinity } };

/** The root of a single run's summary, over `window`. */
export function summaryPlace(window: SummaryWindow): Place {
  return { path: [], window };
}

/** An entry of the summary's `outages` list, over `window`. */
export function outagePlace(window: SummaryWindow): Place {
  return { path: ['outages', '[]'], window };
}

/** [lo, hi] a figure of this declaration always lies in; `bound` is its `boundBy` figure's (Infinity: none). */
export function rangeOf(f: Figure, w: SummaryWindow, bound = Infinity): readonly [number, number] | null {
  switch (f.kind) {
    case 'count':
      return [0, bound];
    case 'span':
      return [0, w.to - w.from];
    case 'instant':
      return [w.from, w.to];
    case 'ratio':
    case 'yesno':
      return [0, 1];
    case 'level':
      return [0, f.most ?? Infinity];
    case 'seconds':
    case 'setting':
      return [0, Infinity];
    case 'text':
    case 'id':
    case 'list':
      return null;
    default:
      return f.kind satisfies never;
  }
}

/** `s` with its interval kept within the range of its figure (see {@link rangeOf}). */
export function keepInRange(s: MetricStats, f: Figure, w: SummaryWindow, bound = Infinity): MetricStats {
  const range = rangeOf(f, w, bound);
  return range === null ? s : s.clip(range[0], range[1]);
}
