// Event markers of the timeline charts: the run's events (failures, restores, promotions, site and
// database failovers...) grouped by (time, kind), numbered in time order and drawn as vertical rules in
// colours no data series uses, with their numbers staggered so none overlaps; the numbers are listed
// under the chart title and in the report's marker table.
import type { EventName } from '../../model/figures/event-names.js';
import type { RunEvent } from './events-file.js';
import { clock, type TimeAxis } from './time-axis.js';

/**
 * Marker colours by event name: failures red, recoveries green, admin actions orange and violet; none
 * of the data series' blues and greys. Every name has its own, so an event never falls back to a guess.
 */
export const EVENT_COLOURS = {
  fail: '#d62728',
  'site-fail': '#8c1c13',
  'database-fail': '#a50f15',
  'database-offline': '#e7298a',
  'compliance-fail': '#fb6a4a',
  'promote-failed': '#ff7f0e',
  'failback-failed': '#ff7f0e',
  'activate-refused': '#ff7f0e',
  restore: '#2ca02c',
  'site-restore': '#1b5e20',
  'database-restore': '#41ab5d',
  'database-online': '#66bd63',
  'compliance-restore': '#a6d96a',
  'failback-done': '#00441b',
  promote: '#e6550d',
  demote: '#bcbd22',
  'database-failover': '#9e4fa5',
  'site-failover': '#6a51a3',
  'failback-start': '#dd8452',
  'set-active': '#c51b7d',
  swap: '#b15928',
  drain: '#fdb462',
  'drain-deadline': '#d95f02',
  activate: '#8dd3c7',
  rebalance: '#f781bf',
  'failover-cancelled': '#a65628',
  'failback-refused': '#e08214',
  'swap-refused': '#b2182b',
} as const satisfies Record<EventName, string>;

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

/** Colour scale of the event kinds present (domain and range in first-seen order). */
export function eventColourScale(groups: readonly MarkerGroup[]): { domain: EventName[]; range: string[] } {
  const domain: EventName[] = [];
  for (const g of groups) if (!domain.includes(g.event)) domain.push(g.event);
  return { domain, range: domain.map((d) => EVENT_COLOURS[d]) };
}

/** The marker list for a chart's subtitle: `1 2h00m fail pc2 · 2 2h15m promote pc5 ...`, a few per line. */
export function markerLines(groups: readonly MarkerGroup[], perLine = 3): string[] {
  if (groups.length === 0 || groups.length > MAX_LABELLED_MARKERS) return [];
  const items = groups.map((g) => `${g.n}: ${clock(g.timeS)} ${g.event} ${g.where}`.trim());
  const out: string[] = [];
  for (let i = 0; i < items.length; i += perLine) out.push(items.slice(i, i + perLine).join('   ·   '));
  return out;
}

/** Pixels one number needs along the axis before the next one in the same row. */
const NUMBER_GAP_PX = 16;
const NUMBER_ROW_PX = 12;
const NUMBER_ROWS = 4;

/** Stagger rows for the numbers: the first row where the previous number is far enough to the left. */
function numberRows(groups: readonly MarkerGroup[], axis: TimeAxis, widthPx: number): number[] {
  const pxPerUnit = widthPx / Math.max(axis.endX, 1e-9);
  const lastPx = new Array<number>(NUMBER_ROWS).fill(-Infinity);
  return groups.map((g) => {
    const px = g.timeS * axis.perS * pxPerUnit;
    let row = lastPx.findIndex((l) => px - l >= NUMBER_GAP_PX);
    if (row === -1) row = lastPx.indexOf(Math.min(...lastPx));
    lastPx[row] = px;
    return row;
  });
}

/** How a panel draws markers: `numbers` puts the numbers above its top edge (the top panel only). */
export interface MarkerOptions {
  readonly axis: TimeAxis;
  readonly widthPx: number;
  readonly numbers: boolean;
}

/**
 * Vega-Lite layers drawing the markers, coloured by kind: with few, full-height dashed rules (and
 * numbers when asked); with many, short ticks along the top edge and no numbers.
 */
export function markerLayers(groups: readonly MarkerGroup[], o: MarkerOptions): object[] {
  if (groups.length === 0) return [];
  const values = groups.map((g) => ({ x: g.timeS * o.axis.perS, event: g.event, n: String(g.n) }));
  const x = { field: 'x', type: 'quantitative' };
  const legend = { orient: 'bottom', title: 'event markers', direction: 'horizontal', columns: 6 };
  const color = { field: 'event', type: 'nominal', scale: eventColourScale(groups), legend };
  const few = groups.length <= MAX_LABELLED_MARKERS;
  const layers: object[] = [
    few
      ? {
          data: { values },
          mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.3 },
          encoding: { x, color },
        }
      : {
          data: { values },
          mark: { type: 'rule', strokeWidth: 1 },
          encoding: { x, y: { value: 0 }, y2: { value: MANY_MARKERS_TICK_PX }, color },
        },
  ];
  if (!few || !o.numbers) return layers;
  const rows = numberRows(groups, o.axis, o.widthPx);
  const nearEnd = (v: { x: number }): boolean => (o.axis.endX - v.x) / o.axis.endX < 0.04;
  // Numbers sit in a strip above the plot, so they never cover the data or the limit labels.
  const labelled = values.map((v, i) => ({ ...v, y: -2 - (rows[i] ?? 0) * NUMBER_ROW_PX }));
  for (const right of [false, true]) {
    const part = labelled.filter((v) => nearEnd(v) === right);
    if (part.length === 0) continue;
    layers.push({
      data: { values: part },
      mark: {
        type: 'text',
        align: right ? 'right' : 'left',
        baseline: 'bottom',
        dx: right ? -3 : 3,
        fontSize: 10,
        fontWeight: 'bold',
      },
      encoding: { x, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'n' }, color },
    });
  }
  return layers;
}
