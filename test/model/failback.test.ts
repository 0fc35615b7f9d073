import { describe, expect, it } from 'vitest';
import { csvRows, runObject, scenarioProblems } from '../helpers.js';

/** The documented 2 active + 2 idle per site layout [doc], database in dc1, its backup in dc2. */
const layoutA = (actions: unknown[], faults: unknown[] = [{ at: '1h', failSite: 'dc1' }]) => ({
  name: 'layout-a',
  seed: 3,
  duration: '6h',
  sampleEvery: '1m',
  topology: {
    edition: 'enterprise',
    lowLatencySites: [['dc1', 'dc2']],
    pools: [
      {
        name: 'p',
        database: { site: 'dc1', backupSite: 'dc2' },
        servers: [
          { name: 'a1', site: 'dc1' },
          { name: 'a2', site: 'dc1' },
          { name: 'a3', site: 'dc1', role: 'standby' },
          { name: 'a4', site: 'dc1', role: 'standby' },
          { name: 'b1', site: 'dc2' },
          { name: 'b2', site: 'dc2' },
          { name: 'b3', site: 'dc2', role: 'standby' },
          { name: 'b4', site: 'dc2', role: 'standby' },
        ],
      },
    ],
  },
  workload: {
    initialConnected: 60000,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: '100h' },
    reconnectDelay: { dist: 'fixed', mean: '30s' },
    retry: { delay: { dist: 'fixed', mean: '10m' }, backoff: 1, jitter: 0 },
  },
  faults,
  actions,
  failover: { site: { after: '1h' } },
});

function row(timeline: string, t: number): Record<string, number> {
  const [header, ...rows] = csvRows(timeline);
  const r = rows.find((x) => Number(x[0]) === t) ?? [];
  return Object.fromEntries((header ?? []).map((h, i) => [h, Number(r[i])]));
}

describe('failback', () => {
  it('puts the 2+2 layout back on its pre-failure list: 4 active and all 60,000 users', async () => {
    const { summary, timeline, events } = await runObject(
      layoutA(
        [{ at: '4h', failback: 'p', duration: '30m' }],
        [
          { at: '1h', failSite: 'dc1' },
          { at: '3h', restoreSite: 'dc1' },
        ],
      ),
    );
    const servers = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'];
    // Failed over: dc2's four servers carry everyone.
    expect(servers.map((s) => row(timeline, 3 * 3600)[s])).toEqual([0, 0, 0, 0, 15000, 15000, 15000, 15000]);
    expect(events).toContain('16200,failback-done,p,primary database online in dc1');
    const after = row(timeline, 16260);
    expect(after).toMatchObject({ connected: 60000, waiting: 0, active_servers: 4, p_state: 0 });
    expect(servers.map((s) => after[s])).toEqual([15000, 15000, 0, 0, 15000, 15000, 0, 0]);
    expect(summary.connected.end).toBe(60000);
    expect(summary.pools['p']).toMatchObject({ endState: 0, database: 'primary' });
  });

  it('ends on the list the action names', async () => {
    const { timeline } = await runObject(
      layoutA(
        [{ at: '4h', failback: 'p', duration: '30m', servers: ['a1', 'a2', 'a3', 'a4'] }],
        [
          { at: '1h', failSite: 'dc1' },
          { at: '3h', restoreSite: 'dc1' },
        ],
      ),
    );
    const after = row(timeline, 16260);
    expect(['a1', 'a2', 'a3', 'a4', 'b1', 'b2'].map((s) => after[s])).toEqual([
      15000, 15000, 15000, 15000, 0, 0,
    ]);
  });

  it('is refused at run time, with no outage of its own, when the backup site is down too', async () => {
    const { summary, events } = await runObject(
      layoutA(
        [{ at: '2h30m', failback: 'p', duration: '30m' }],
        [
          { at: '30m', failSite: 'dc2' },
          { at: '1h', failSite: 'dc1' },
        ],
      ),
    );
    expect(events).toContain('9000,failback-refused,p,the pool is not failed over to its backup (state 2)');
    expect(events).not.toContain('failback-start');
    expect(summary.outages.map((o) => o.cause)).toEqual(['site dc2 failure', 'site dc1 failure']);
  });

  it('is rejected by validate when no site failover can have completed before it', () => {
    expect(scenarioProblems(layoutA([{ at: '1h30m', failback: 'p', duration: '30m' }]))).toEqual([
      'x.yaml: actions[0].failback: a failback applies only to a pool failed over to its backup; no site failover of the pool completes before it (a failure of site dc1 or of its database not repaired within failover.site.after)',
    ]);
  });
});
