import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';

const scenario = (database: Record<string, unknown>, faults: unknown[], failover: unknown = {}) => ({
  name: 'repair',
  seed: 4,
  duration: '3h',
  topology: {
    edition: 'enterprise',
    pools: [
      {
        name: 'p',
        database,
        servers: [
          { name: 'a1', site: 'dc1' },
          { name: 'a2', site: 'dc1' },
          { name: 'b1', site: 'dc2', role: 'standby' },
          { name: 'b2', site: 'dc2', role: 'standby' },
        ],
      },
    ],
  },
  workload: {
    initialConnected: 6000,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: '100h' },
    reconnectDelay: { dist: 'fixed', mean: '30s' },
    retry: { delay: { dist: 'fixed', mean: '60s' }, backoff: 1, jitter: 0 },
  },
  faults,
  failover,
});

describe('repair wins over a pending failover', () => {
  it('a primary database back 2 minutes after failing cancels the admin mirror failover', async () => {
    const { summary, events } = await runObject(
      scenario({ mirror: true }, [
        { at: '1h', failDatabase: 'p' },
        { at: '1h2m', restoreDatabase: 'p' },
      ]),
    );
    expect(events).toContain('3720,failover-cancelled,p,primary database back before the failover completed');
    expect(events).toContain('3720,database-online,p,primary database online in dc1');
    expect(events).not.toContain('database-failover');
    expect(summary.outages.map((o) => [o.start, o.end, o.usersAffected, o.recovery_s])).toEqual([
      [3600, 3720, 6000, 150],
    ]);
    expect(summary.pools['p']).toMatchObject({ endState: 0, database: 'primary' });
  });

  it('a site back before failover.site.after cancels the site failover: no failback needed', async () => {
    const { summary, events } = await runObject(
      scenario(
        { site: 'dc1', backupSite: 'dc2' },
        [
          { at: '1h', failSite: 'dc1' },
          { at: '1h20m', restoreSite: 'dc1' },
        ],
        { site: { after: '1h' } },
      ),
    );
    expect(events).toContain('4800,failover-cancelled,p,primary database back before the failover completed');
    expect(events).not.toContain('site-failover');
    expect(summary.outages.map((o) => [o.start, o.end, o.usersAffected])).toEqual([[3600, 4800, 6000]]);
    expect(summary.connected.end).toBe(6000);
    expect(summary.pools['p']).toMatchObject({ endState: 0, database: 'primary' });
  });
});
