// The timeline's columns and rows: the contract's fixed columns, one per server, one state per pool,
// then the message columns when a messages workload is set.
import type { ChatWorld } from './chat-world.js';
import type { SimConfig } from './config.js';

/** Column names of timeline.csv for `config` (no world needed). */
export function timelineColumns(config: SimConfig): string[] {
  const cols = [
    'time_s',
    'connected',
    'waiting',
    'denied',
    'active_servers',
    ...config.servers.map((s) => s.name),
  ];
  cols.push(...config.pools.map((p) => `${p.name}_state`));
  if (config.messages !== null)
    cols.push('messages', 'compliance_backlog', 'compliance_unexported', 'content_db_bytes');
  return cols;
}

/** Writes the world's current row into `row` (columns as {@link timelineColumns}); messages as of their last accrual. */
export function sampleRow(world: ChatWorld, row: Float64Array): void {
  const t = world.tally;
  const now = world.sim.now;
  row[0] = now;
  row[1] = t.connected;
  row[2] = t.waiting;
  row[3] = t.denied;
  row[4] = world.servers.activeUpCount();
  const n = world.servers.n;
  for (let s = 0; s < n; s++) row[5 + s] = world.servers.conn[s] as number;
  const pools = world.config.pools.length;
  for (let p = 0; p < pools; p++) row[5 + n + p] = world.databases.state[p] as number;
  if (!world.messages.enabled) return;
  // Messages as of their last accrual step: sampling draws nothing, so rows never change the figures.
  const m = world.messages;
  row[5 + n + pools] = sum(m.messages);
  row[6 + n + pools] = Math.round(sum(m.compliance.queued));
  row[7 + n + pools] = Math.round(sum(m.compliance.unexported));
  row[8 + n + pools] = sum(m.contentBytes);
}

function sum(a: Float64Array): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i] as number;
  return t;
}
