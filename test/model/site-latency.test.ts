import { describe, expect, it } from 'vitest';
import { runObject, scenarioProblems } from '../helpers.js';

/** Layout B [doc]: 4 active in dc1 with the database, 4 idle in dc2; pc2 fails at 1h, the admin acts 15 minutes later. */
const layoutB = (lowLatencySites: string[][]) => ({
  name: 'layout-b',
  seed: 2,
  duration: '2h',
  topology: {
    edition: 'enterprise',
    lowLatencySites,
    pools: [
      {
        name: 'p',
        servers: [
          ...['pc1', 'pc2', 'pc3', 'pc4'].map((name) => ({ name, site: 'dc1' })),
          ...['pc5', 'pc6', 'pc7', 'pc8'].map((name) => ({ name, site: 'dc2', role: 'standby' })),
        ],
      },
    ],
  },
  workload: {
    initialConnected: 8000,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: '100h' },
    reconnectDelay: { dist: 'fixed', mean: '30s' },
  },
  faults: [{ at: '1h', fail: 'pc2' }],
  failover: { promoteStandbyAfter: '15m' },
});

describe('site latency', () => {
  it('layout B keeps dc2 idle: the promotion fails with the reason, nobody is promoted', async () => {
    const { events, summary } = await runObject(layoutB([]));
    expect(events).toContain(
      "4500,promote-failed,pc2,no healthy standby in the database's site dc1 or a site linked to it (lowLatencySites); standbys in dc2 may not be active",
    );
    expect(events).not.toContain(',promote,');
    // pc2's 2,000 users are on the three survivors; the standbys never serve.
    expect(['pc5', 'pc6', 'pc7', 'pc8'].map((s) => summary.servers[s]?.peak)).toEqual([0, 0, 0, 0]);
    expect(summary.connected.end).toBe(8000);
  });

  it('layout A (dc1 and dc2 linked) promotes a dc2 standby', async () => {
    const { events } = await runObject(layoutB([['dc1', 'dc2']]));
    expect(events).toContain('4500,promote,pc5,standby made active in place of pc2');
  });

  it('validate rejects active servers in an unlinked site at the start', () => {
    const doc = layoutB([]);
    const pool = doc.topology.pools[0] as { servers: { name: string; site: string; role?: string }[] };
    pool.servers[4] = { name: 'pc5', site: 'dc2' };
    pool.servers[3] = { name: 'pc4', site: 'dc1', role: 'standby' };
    expect(scenarioProblems(doc)).toEqual([
      "x.yaml: topology.pools[0].servers[4].site: an active server is in the pool's database site (dc1) or a site linked to it by topology.lowLatencySites [doc: active servers need a low-latency, high-bandwidth link to the database]; received pc5 in dc2",
    ]);
  });

  it('validate rejects a link to a site the topology does not have', () => {
    expect(scenarioProblems(layoutB([['dc1', 'dc9']]))).toEqual([
      'x.yaml: topology.lowLatencySites[0][1]: unknown site "dc9"; expected one of dc1, dc2',
    ]);
  });
});
