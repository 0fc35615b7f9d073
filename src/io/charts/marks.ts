// Event markers of the timeline charts: the run's events (failures, restores, promotions, site and
// database failovers...) grouped by (time, kind), numbered in time order and drawn as vertical rules in
// one style per category of event (a hue and a dash, so categories stay apart for colour-blind readers),
// in colours no data series uses; their numbers are placed so none overlaps another, and are listed
// under the chart title and in the report's marker table.
import { EVENT_NAMES, type EventCategory, type EventName } from '../../model/figures/event-names.js';
import { spanText } from '../../model/figures/span-text.js';
import type { RunEvent } from './events-file.js';
import type { TimeAxis } from './time-axis.js';

/** How the markers of a category look: a hue and a dash of its own. */
export interface MarkerStyle {
  /** The legend's word. */
  readonly label: string;
  readonly colour: string;
  readonly dash: readonly number[];
}

/**
 * One style per category, in the legend's order: failures red and dashed, recoveries bluish green and
 * dotted, admin actions purple and dash-dotted, database and site events orange and long-dashed; none
 * of the data series' blues and greys. The hues stay apart under simulated protanopia, deuteranopia and
 * tritanopia (test/io/marker-styles.test.ts), and the dashes tell them apart where hues fail.
 */
export const MARKER_STYLES: Readonly<Record<EventCategory, MarkerStyle>> = {
  failure: { label: 'failure', colour: '#C0392B', dash: [6, 3] },
  recovery: { label: 'recovery', colour: '#009E73', dash: [2, 2] },
  admin: { label: 'admin action', colour: '#AA4499', dash: [8, 3, 2, 3] },
  site: { label: 'database or site', colour: '#E69F00', dash: [14, 4] },
};

/** The colour of each event's marker: its category's (the report's marker table uses it too). */
export const EVENT_COLOURS = Object.fromEntries(
  (Object.keys(EVENT_NAMES) as EventName[]).map((e) => [e, MARKER_STYLES[EVENT_NAMES[e].category].colour]),
) as Readonly<Record<EventName, string>>;

/** The data series' colours (servers, totals, bands): blues and greys, never a marker colour. */
export const SERIES_COLOURS = ['#1f4e79', '#4a4a4a', '#2b8cbe', '#0b6e75', '#5e6ca8', '#7f7f7f'];

/** Numbered markers are drawn for at most this many groups; beyond, short unnumbered ticks. */
export const MAX_LABELLED_MARKERS = 24;
/** Height of the tick drawn per marker when there are too many for full-height rules. */
const MANY_MARKERS_TICK_PX = 14;
/** At most this many marker groups are drawn at all (the earliest ones); the report lists every event. */
export const MAX_MARKERS = 400;

/** Events at the same time and of the same kind, drawn as one rule with one number. */
export interface MarkerGroup {
  /** 1, 2, ... in time order. */
  readonly n: number;
  readonly timeS: number;
  readonly event: EventName;
  /** Servers, sites or pools named by the events, e.g. `pc2 pc3 +2`. */
  readonly where: string;
}

/** Groups events by (time, kind), numbered in time order (a site's four `fail` rows become one marker). */
export function markerGroups(events: readonly RunEvent[]): MarkerGroup[] {
  const groups = new Map<string, { timeS: number; event: EventName; names: string[] }>();
  for (const e of events) {
    const key = `${e.time_s}|${e.event}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { timeS: e.time_s, event: e.event, names: [] };
      groups.set(key, g);
    }
    const name = e.server === '' ? e.detail : e.server;
    if (name !== '' && !g.names.includes(name)) g.names.push(name);
  }
  return [...groups.values()]
    .sort((a, b) => a.timeS - b.timeS)
    .slice(0, MAX_MARKERS)
    .map((g, i) => ({ n: i + 1, timeS: g.timeS, event: g.event, where: shortList(g.names) }));
}

function shortList(names: readonly string[]): string {
  return names.length <= 3 ? names.join(' ') : `${names.slice(0, 3).join(' ')} +${names.length - 3}`;
}

/** The categories present, in the legend's order, with their colour and dash scales. */
function categoryScales(groups: readonly MarkerGroup[]): { color: object; strokeDash: object } {
  const present = new Set(groups.map((g) => EVENT_NAMES[g.event].category));
  const order = (Object.keys(MARKER_STYLES) as EventCategory[]).filter((c) => present.has(c));
  const domain = order.map((c) => MARKER_STYLES[c].label);
  const legend = {
    orient: 'bottom',
    title: 'event markers',
    direction: 'horizontal',
    symbolType: 'stroke',
    symbolSize: 500,
    symbolStrokeWidth: 2,
  };
  return {
    color: {
      field: 'category',
      type: 'nominal',
      scale: { domain, range: order.map((c) => MARKER_STYLES[c].colour) },
      legend,
    },
    strokeDash: {
      field: 'category',
      type: 'nominal',
      scale: { domain, range: order.map((c) => MARKER_STYLES[c].dash) },
      legend,
    },
  };
}

/** The marker list for a chart's subtitle: `1 2h00m fail pc2 · 2 2h15m promote pc5 ...`, a few per line. */
export function markerLines(groups: readonly MarkerGroup[], perLine = 3): string[] {
  if (groups.length === 0 || groups.length > MAX_LABELLED_MARKERS) return [];
  const items = groups.map((g) => `${g.n}: ${spanText(g.timeS)} ${g.event} ${g.where}`.trim());
  const out: string[] = [];
  for (let i = 0; i < items.length; i += perLine) out.push(items.slice(i, i + perLine).join('   ·   '));
  return out;
}

/** Width of one digit of a marker number (10 px bold sans-serif), and the space kept around a number. */
const DIGIT_PX = 6.5;
const NUMBER_PAD_PX = 3;
const NUMBER_ROW_PX = 12;
/** A number this close to the plot's right edge is drawn to the left of its rule, inside the plot. */
const NEAR_END = 0.04;

/** Where a marker's number goes: its row above the plot and its side of the rule. */
export interface NumberPlace {
  readonly row: number;
  readonly right: boolean;
  /** The number's horizontal extent, in pixels from the plot's left edge. */
  readonly fromPx: number;
  readonly toPx: number;
}

/**
 * Places the numbers in rows above the plot: each in the lowest row where it overlaps no number already
 * there (with a gap), adding rows as needed, so no number is ever drawn over another.
 */
export function numberPlaces(groups: readonly MarkerGroup[], axis: TimeAxis, widthPx: number): NumberPlace[] {
  const pxPerUnit = widthPx / Math.max(axis.endX, 1e-9);
  const rowEnds: number[] = [];
  const places: NumberPlace[] = [];
  for (const g of groups) {
    const px = g.timeS * axis.perS * pxPerUnit;
    const right = (widthPx - px) / widthPx < NEAR_END;
    const w = String(g.n).length * DIGIT_PX;
    const fromPx = right ? px - NUMBER_PAD_PX - w : px + NUMBER_PAD_PX;
    const toPx = fromPx + w;
    let row = rowEnds.findIndex((end) => fromPx - end >= NUMBER_PAD_PX);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = toPx;
    places.push({ row, right, fromPx, toPx });
  }
  return places;
}

/** How a panel draws markers: `numbers` puts the numbers above its top edge (the top panel only). */
export interface MarkerOptions {
  readonly axis: TimeAxis;
  readonly widthPx: number;
  readonly numbers: boolean;
}

/** A marker as the layers draw it: its x in the axis unit, its category's label, its event, its number. */
interface MarkerValue {
  readonly x: number;
  readonly category: string;
  readonly event: string;
  readonly n: string;
}

/**
 * Vega-Lite layers drawing the markers, styled by category: with few, full-height rules (and numbers
 * when asked); with many, short ticks along the top edge and no numbers.
 */
export function markerLayers(groups: readonly MarkerGroup[], o: MarkerOptions): object[] {
  if (groups.length === 0) return [];
  const values: MarkerValue[] = groups.map((g) => ({
    x: g.timeS * o.axis.perS,
    category: MARKER_STYLES[EVENT_NAMES[g.event].category].label,
    event: g.event,
    n: String(g.n),
  }));
  const x = { field: 'x', type: 'quantitative' };
  const { color, strokeDash } = categoryScales(groups);
  const few = groups.length <= MAX_LABELLED_MARKERS;
  const layers: object[] = [
    few
      ? {
          data: { values },
          mark: { type: 'rule', strokeWidth: 1.4 },
          encoding: { x, color, strokeDash },
        }
      : {
          data: { values },
          mark: { type: 'rule', strokeWidth: 1 },
          encoding: { x, y: { value: 0 }, y2: { value: MANY_MARKERS_TICK_PX }, color },
        },
  ];
  if (!few || !o.numbers) return layers;
  return [...layers, ...numberLayers(groups, values, o, { x, color })];
}

/**
 * The markers' numbers, in a strip above the plot so they never cover the data or the limit labels:
 * one layer of numbers left of their rule, one right of it.
 */
function numberLayers(
  groups: readonly MarkerGroup[],
  values: readonly MarkerValue[],
  o: MarkerOptions,
  encoding: { readonly x: object; readonly color: object },
): object[] {
  const places = numberPlaces(groups, o.axis, o.widthPx);
  const labelled = values.map((v, i) => ({
    ...v,
    y: -2 - (places[i]?.row ?? 0) * NUMBER_ROW_PX,
    right: places[i]?.right ?? false,
  }));
  const layers: object[] = [];
  for (const right of [false, true]) {
    const part = labelled.filter((v) => v.right === right);
    if (part.length === 0) continue;
    layers.push({
      data: { values: part },
      mark: {
        type: 'text',
        align: right ? 'right' : 'left',
        baseline: 'bottom',
        dx: right ? -NUMBER_PAD_PX : NUMBER_PAD_PX,
        fontSize: 10,
        fontWeight: 'bold',
      },
      encoding: {
        x: encoding.x,
        y: { field: 'y', type: 'quantitative', scale: null },
        text: { field: 'n' },
        color: encoding.color,
      },
    });
  }
  return layers;
}
