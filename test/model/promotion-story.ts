// The small world of the promotion stories (promotion, maintenance, refused-activate and site-rejoin
// tests): promoteStandbyAfter 300 s; two users, on at t = 0, reconnect 10 s after losing their server
// and retry every 60 s.
import { csvRows } from '../helpers.js';

/** Pool p of a1 and the standby s1 unless `extra` sets another topology; `extra` overrides any key. */
export const story = (faults: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  name: 'promotion',
  duration: 3000,
  sampleEvery: 600,
  topology: {
    edition: 'enterprise',
    pools: [{ name: 'p', servers: [{ name: 'a1' }, { name: 's1', role: 'standby' }] }],
  },
  workload: {
    initialConnected: 2,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: 100000 },
    reconnectDelay: { dist: 'fixed', mean: 10 },
    retry: { delay: { dist: 'fixed', mean: 60 }, backoff: 1, jitter: 0 },
  },
  faults,
  failover: { promoteStandbyAfter: 300, onRestore: 'standby' },
  ...extra,
});

/** The event log's lines, without its header. */
export const lines = (events: string) => events.trim().split('\n').slice(1);

/** The timeline's `columns` at the sample taken at `t`. */
export const sampleAt = (timeline: string, t: number, columns: string[]) => {
  const [header = [], ...rows] = csvRows(timeline);
  const row = rows.find((r) => Number(r[0]) === t) ?? [];
  return columns.map((c) => Number(row[header.indexOf(c)]));
};
