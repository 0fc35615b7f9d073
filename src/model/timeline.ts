// The timeline's columns and rows for one scenario, laid out from the declarations of
// figures/timeline-columns.ts: each fixed column once, a family once per server or pool, the message
// columns only with a messages workload.
import type { ChatWorld } from './chat-world.js';
import type { SimConfig } from './config.js';
import { poolStateColumn, TIMELINE_COLUMNS, type Column } from './figures/timeline-columns.js';

/** One column of a scenario's timeline: its declaration and, for a family, its server or pool. */
export interface LaidColumn {
  readonly name: string;
  readonly column: Column;
  /** The server or pool index of a family's column; 0 otherwise. */
  readonly index: number;
}

/** The columns of timeline.csv for `config`, in order (no world needed). */
export function timelineLayout(config: SimConfig): LaidColumn[] {
  const out: LaidColumn[] = [];
  for (const column of TIMELINE_COLUMNS) {
    if (column.withMessages === true && config.messages === null) continue;
    if (column.per === 'server')
      config.servers.forEach((s, index) => out.push({ name: s.name, column, index }));
    else if (column.per === 'pool')
      config.pools.forEach((p, index) => out.push({ name: poolStateColumn(p.name), column, index }));
    else out.push({ name: column.name, column, index: 0 });
  }
  return out;
}

/** Column names of timeline.csv for `config`. */
export function timelineColumns(config: SimConfig): string[] {
  return timelineLayout(config).map((c) => c.name);
}

/** Writes a world's rows, column by column as laid out once for its scenario. */
export class TimelineSampler {
  private readonly samplers: Column['sample'][];
  private readonly indices: Int32Array;

  constructor(config: SimConfig) {
    const layout = timelineLayout(config);
    this.samplers = layout.map((c) => c.column.sample);
    this.indices = Int32Array.from(layout, (c) => c.index);
  }

  /** Writes the world's current row into `row`; messages as of their last accrual. */
  sampleInto(world: ChatWorld, row: Float64Array): void {
    const { samplers, indices } = this;
    for (let c = 0; c < samplers.length; c++)
      row[c] = (samplers[c] as Column['sample'])(world, indices[c] as number);
  }
}
