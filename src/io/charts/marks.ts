// Shared pieces of the timeline charts: the time axis (hours or days) and the event markers
// (failures, restores, promotions, site failures...) drawn as labelled vertical rules.
import type { RunEvent } from './events-file.js';

/** The time unit of a chart's x axis: hours up to three days, days beyond. */
export interface TimeAxis {
  readonly perS: number;
  readonly title: string;
  readonly endX: number;
}

/** Picks the x unit for a run that ends at `endS` seconds. */
export function timeAxis(endS: number): TimeAxis {
  const days = endS > 3 * 86400;
  const perS = days ? 1 / 86400 : 1 / 3600;
  return { perS, title: days ? 'time (days)' : 'time (hours)', endX: endS * perS };
}

/** Marker colours of the event kinds events.csv holds; other kinds get a neutral palette. */
const EVENT_COLOURS: Readonly<Record<string, string>> = {
  fail: '#d62728',
  'site-fail': '#8c1c13',
  restore: '#2ca02c',
  'site-restore': '#1b5e20',
  promote: '#1f77b4',
  demote: '#9e9e9e',
  'promote-failed': '#ff7f0e',
  'database-fail': '#a50f15',
  'database-failover': '#6a51a3',
  'database-restore': '#41ab5d',
  'site-failover': '#08519c',
  'failback-start': '#e6550d',
  'failback-done': '#31a354',
};
const OTHER_COLOURS = ['#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79'];

/** Labelled markers are drawn for at most this many (time, kind) groups; beyond, rules only. */
export const MAX_LABELLED_MARKERS = 24;
/** Height of the tick drawn per marker when there are too many for full-height rules. */
const MANY_MARKERS_TICK_PX = 14;
/** At most this many marker groups are drawn at all (the earliest ones); the report lists every event. */
export const MAX_MARKERS = 400;

/** Events at the same time and of the same kind, drawn as one rule. */
export interface MarkerGroup {
  readonly x: number;
  readonly event: string;
  readonly label: string;
}

/** Groups events by (time, kind) in time order, e.g. a site failure's four `fail` rows become one rule. */
export function markerGroups(events: readonly RunEvent[], axis: TimeAxis): MarkerGroup[] {
  const groups = new Map<string, { x: number; event: string; names: string[] }>();
  for (const e of events) {
    const key = `${e.time_s}|${e.event}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { x: e.time_s * axis.perS, event: e.event, names: [] };
      groups.set(key, g);
    }
    const name = e.server === '' ? e.detail : e.server;
    if (name !== '' && !g.names.includes(name)) g.names.push(name);
  }
  return [...groups.values()]
    .sort((a, b) => a.x - b.x)
    .slice(0, MAX_MARKERS)
    .map((g) => ({ x: g.x, event: g.event, label: `${g.event} ${shortList(g.names)}`.trim() }));
}

function shortList(names: readonly string[]): string {
  return names.length <= 3 ? names.join(' ') : `${names.slice(0, 3).join(' ')} +${names.length - 3}`;
}

/** Colour scale of the event kinds present (domain and range in first-seen order). */
export function eventColourScale(groups: readonly MarkerGroup[]): { domain: string[]; range: string[] } {
  const domain: string[] = [];
  for (const g of groups) if (!domain.includes(g.event)) domain.push(g.event);
  let other = 0;
  const range = domain.map(
    (d) => EVENT_COLOURS[d] ?? OTHER_COLOURS[other++ % OTHER_COLOURS.length] ?? '#555555',
  );
  return { domain, range };
}

/**
 * Vega-Lite layers drawing the markers, coloured by kind: with few, full-height dashed rules and labels
 * cut to fit `heightPx`; with many, short ticks along the top edge and no labels.
 */
export function markerLayers(groups: readonly MarkerGroup[], heightPx: number): object[] {
  if (groups.length === 0) return [];
  const values = groups.map((g) => ({ x: g.x, event: g.event, label: g.label }));
  const x = { field: 'x', type: 'quantitative' };
  const color = { field: 'event', type: 'nominal', title: 'event', scale: eventColourScale(groups) };
  const few = groups.length <= MAX_LABELLED_MARKERS;
  // Many events (a year of random failures) become short ticks along the top so the data stays visible.
  const layers: object[] = [
    few
      ? {
          data: { values },
          mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.2 },
          encoding: { x, color },
        }
      : {
          data: { values },
          mark: { type: 'rule', strokeWidth: 1 },
          encoding: { x, y: { value: 0 }, y2: { value: MANY_MARKERS_TICK_PX }, color },
        },
  ];
  if (few) {
    layers.push({
      data: { values: labelsByTime(groups, Math.max(8, Math.floor((heightPx - 6) / LABEL_PX_PER_CHAR))) },
      mark: {
        type: 'text',
        angle: 270,
        align: 'right',
        baseline: 'bottom',
        dx: -4,
        dy: -2,
        fontSize: 9,
        color: '#444',
      },
      encoding: { x, y: { value: 0 }, text: { field: 'label' } },
    });
  }
  return layers;
}

/** Width of one 9px label character, a generous estimate so labels stay inside the plot. */
const LABEL_PX_PER_CHAR = 5.5;

/** One label per marker time (a promotion and its demotion share one), at most `maxChars` long. */
function labelsByTime(groups: readonly MarkerGroup[], maxChars: number): { x: number; label: string }[] {
  const out: { x: number; label: string }[] = [];
  for (const g of groups) {
    const last = out[out.length - 1];
    if (last !== undefined && last.x === g.x) last.label = `${last.label}, ${g.label}`;
    else out.push({ x: g.x, label: g.label });
  }
  for (const l of out) if (l.label.length > maxChars) l.label = `${l.label.slice(0, maxChars - 1)}…`;
  return out;
}
