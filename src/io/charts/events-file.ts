// Reads events.csv (time_s,event,server,detail[,replication]) for the charts' markers and the report's event table.
import { parseFile } from 'fast-csv';
import { isEventName, type EventName } from '../../model/figures/event-names.js';

/** One row of events.csv. */
export interface RunEvent {
  readonly time_s: number;
  readonly event: EventName;
  readonly server: string;
  readonly detail: string;
  /** The replication it happened in (events.csv of a replicated run); 0 for a single run. */
  readonly replication: number;
}

type EventRow = Record<'time_s' | 'event' | 'server' | 'detail', string> & { replication?: string };

/**
 * Reads every row of an events CSV (quoted fields handled by fast-csv).
 * @throws Error if the file cannot be read or parsed, or names an event the model never logs.
 */
export function readEvents(path: string): Promise<RunEvent[]> {
  return new Promise((resolve, reject) => {
    const out: RunEvent[] = [];
    parseFile<EventRow, EventRow>(path, { headers: true })
      .on('error', reject)
      .on('data', (r: EventRow) => {
        const event = r.event ?? '';
        if (!isEventName(event)) {
          reject(new Error(`${path}: unknown event "${event}"`));
          return;
        }
        out.push({
          time_s: Number(r.time_s),
          event,
          server: r.server ?? '',
          detail: r.detail ?? '',
          replication: r.replication === undefined || r.replication === '' ? 0 : Number(r.replication),
        });
      })
      .on('end', () => resolve(out));
  });
}
