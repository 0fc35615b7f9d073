// Reads events.csv (time_s,event,server,detail[,replication]) for the charts' markers and the report's event table.
import { parseFile } from 'fast-csv';

/** One row of events.csv. */
export interface RunEvent {
  readonly time_s: number;
  readonly event: string;
  readonly server: string;
  readonly detail: string;
  /** The replication it happened in (events.csv of a replicated run); 0 for a single run. */
  readonly replication: number;
}

type EventRow = Record<'time_s' | 'event' | 'server' | 'detail', string> & { replication?: string };

/**
 * Reads every row of an events CSV (quoted fields handled by fast-csv).
 * @throws Error if the file cannot be read or parsed.
 */
export function readEvents(path: string): Promise<RunEvent[]> {
  return new Promise((resolve, reject) => {
    const out: RunEvent[] = [];
    parseFile<EventRow, EventRow>(path, { headers: true })
      .on('error', reject)
      .on('data', (r: EventRow) => {
        out.push({
          time_s: Number(r.time_s),
          event: r.event ?? '',
          server: r.server ?? '',
          detail: r.detail ?? '',
          replication: r.replication === undefined || r.replication === '' ? 0 : Number(r.replication),
        });
      })
      .on('end', () => resolve(out));
  });
}
