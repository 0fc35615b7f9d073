// The log of rare, named happenings (failures, restores, promotions) that becomes events.csv.
import type { StateIn, StateOut } from '../state-io.js';
import type { EventName } from './figures/event-names.js';

export interface EventRecord {
  readonly time_s: number;
  readonly event: EventName;
  readonly server: string;
  readonly detail: string;
}

/** Append-only; a runner may `drain()` it between chunks so memory stays flat over long runs. */
export class EventLog {
  private records: EventRecord[] = [];
  total = 0;

  add(time_s: number, event: EventName, server: string, detail: string): void {
    this.records.push({ time_s, event, server, detail });
    this.total += 1;
  }

  /** Writes the count and the records not yet drained, for a checkpoint. */
  saveState(out: StateOut): void {
    out.numbers(this.total);
    out.json(this.records);
  }

  restoreState(inp: StateIn): void {
    [this.total = 0] = inp.numbers(1);
    this.records = inp.json() as EventRecord[];
  }

  /** Returns the records added since the last drain and forgets them. */
  drain(): EventRecord[] {
    const out = this.records;
    this.records = [];
    return out;
  }
}
