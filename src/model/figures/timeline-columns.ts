// The columns of timeline.csv, declared once in their order: what each is, its range, what it means,
// and how a sample reads it from the world. `model/timeline.ts` lays them out for a scenario.
import { POOL_ON_MIRROR } from '../database.js';
import type { ChatWorld } from '../chat-world.js';
import type { Figure } from './figure.js';
import type { SummaryPath } from './summary-path.js';

/** One column, or a family of columns (one per server or pool). */
export interface Column extends Pick<Figure, 'kind' | 'unit' | 'label' | 'meaning'> {
  /** The column's name; for a family, how docs/outputs.md writes it (`<server>`, `<pool>_state`). */
  readonly name: string;
  /** A family: one column per server (named after it) or per pool (`<pool>_state`). */
  readonly per?: 'server' | 'pool';
  /** Present only with a `messages` workload. */
  readonly withMessages?: true;
  /** The summary figure bounding the column (`servers.*.peakBound`: the column's own server's). */
  readonly boundBy?: SummaryPath;
  /** A running total since t = 0 (refusals, messages): a mean over time says nothing of a steady state. */
  readonly cumulative?: true;
  /** The highest value: a number, or `servers` for the scenario's server count. */
  readonly most?: number | 'servers';
  /** Reads the value from the world at a sample; `i` is the server or pool of a family. */
  readonly sample: (w: ChatWorld, i: number) => number;
}

const DECLARED = [
  {
    name: 'time_s',
    kind: 'instant',
    unit: 's',
    label: 'time',
    meaning: 'the sample time: every `sampleEvery` from 0 to `duration` inclusive.',
    sample: (w) => w.sim.now,
  },
  {
    name: 'connected',
    kind: 'count',
    unit: 'users',
    label: 'connected users',
    meaning: 'users connected.',
    boundBy: 'connected.peakBound',
    sample: (w) => w.tally.connected,
  },
  {
    name: 'waiting',
    kind: 'count',
    unit: 'users',
    label: 'waiting to connect',
    meaning: 'users trying to (re)connect (in a reconnect or retry delay).',
    boundBy: 'waiting.peakBound',
    sample: (w) => w.tally.waiting,
  },
  {
    name: 'denied',
    kind: 'count',
    unit: 'attempts',
    label: 'refused attempts so far',
    meaning: 'refused sign-in attempts so far.',
    cumulative: true,
    sample: (w) => w.tally.denied,
  },
  {
    name: 'active_servers',
    kind: 'count',
    unit: 'servers',
    label: 'active servers',
    meaning: "servers up, in the active list and with their pool's database online.",
    most: 'servers',
    sample: (w) => w.servers.activeUpCount(),
  },
  {
    name: '<server>',
    per: 'server',
    kind: 'count',
    unit: 'users',
    label: 'users on the server',
    meaning: 'one column per server with its connected users.',
    boundBy: 'servers.*.peakBound',
    sample: (w, s) => w.servers.conn[s] as number,
  },
  {
    name: '<pool>_state',
    per: 'pool',
    kind: 'level',
    unit: 'state',
    label: 'pool state',
    meaning: 'one per pool: its state (see Pool states).',
    most: POOL_ON_MIRROR,
    sample: (w, p) => w.databases.state[p] as number,
  },
  // Messages as of their last accrual step: sampling draws nothing, so rows never change the figures.
  {
    name: 'messages',
    withMessages: true,
    kind: 'count',
    unit: 'messages',
    label: 'messages so far',
    meaning: 'with a `messages` workload: the messages so far, all pools together.',
    cumulative: true,
    sample: (w) => sum(w.messages.messages),
  },
  {
    name: 'compliance_backlog',
    withMessages: true,
    kind: 'count',
    unit: 'events',
    label: 'compliance events queued',
    meaning: 'the compliance events queued on the servers while `mgccomp` is down.',
    sample: (w) => Math.round(sum(w.messages.compliance.queued)),
  },
  {
    name: 'compliance_unexported',
    withMessages: true,
    kind: 'count',
    unit: 'events',
    label: 'events awaiting export',
    meaning: 'the events written to `mgccomp` not yet exported by the compliance adapter.',
    sample: (w) => Math.round(sum(w.messages.compliance.unexported)),
  },
  {
    name: 'content_db_bytes',
    withMessages: true,
    kind: 'count',
    unit: 'bytes',
    label: 'content database size',
    meaning: 'the content database size in bytes.',
    sample: (w) => sum(w.messages.contentBytes),
  },
] as const satisfies readonly Column[];

/** Every column (or family), in the timeline's order. */
export const TIMELINE_COLUMNS: readonly Column[] = DECLARED;

/** The names of the columns every scenario's timeline has by that name (not a family's). */
export type FixedColumnName = Exclude<(typeof DECLARED)[number], { per: string }>['name'];

/** The declaration of a fixed column, by its (checked) name. */
export function column(name: FixedColumnName): Column {
  return TIMELINE_COLUMNS.find((c) => c.name === name) as Column;
}

/** The names no server may take: every column with a fixed name (scenario rules reserve them). */
export const FIXED_COLUMN_NAMES: readonly string[] = TIMELINE_COLUMNS.filter((c) => c.per === undefined).map(
  (c) => c.name,
);

/** A pool's state column. */
export function poolStateColumn(pool: string): string {
  return `${pool}_state`;
}

function sum(a: Float64Array): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i] as number;
  return t;
}
