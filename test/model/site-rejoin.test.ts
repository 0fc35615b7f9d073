import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';
import { lines, sampleAt, story } from './promotion-story.js';

// Hand-computed stories of a site's servers repaired together with onRestore: active (promoteStandbyAfter
// 300 s). a1 a2 in dc1, a3 a4 and the standby s in dc2 with the database, dc1 and dc2 linked; dc1 fails at
// 100 and is restored at 1000. Users reconnect 10 s after losing their server (promotion-story.ts).
const site = (users: number, pool: object = {}, failover: object = {}) =>
  story(
    [
      { at: 100, failSite: 'dc1' },
      { at: 1000, restoreSite: 'dc1' },
    ],
    {
      topology: {
        edition: 'enterprise',
        lowLatencySites: [['dc1', 'dc2']],
        pools: [
          {
            name: 'p',
            database: { site: 'dc2' },
            ...pool,
            servers: [
              { name: 'a1', site: 'dc1' },
              { name: 'a2', site: 'dc1' },
              { name: 'a3', site: 'dc2' },
              { name: 'a4', site: 'dc2' },
              { name: 's', site: 'dc2', role: 'standby' },
            ],
          },
        ],
      },
      workload: { ...story([]).workload, initialConnected: users },
      failover: { promoteStandbyAfter: 300, onRestore: 'active', ...failover },
    },
  );

describe("a site's servers repaired together", () => {
  it('rejoin first: the one never replaced is not taken out of the list for the standby', async () => {
    // s takes a1's place at 400; a2, owed one from 400, finds no standby left. At 1000 both are up
    // before either rejoins: a1 goes back into the list and s, over the limit, is soft-drained; a2,
    // up and never replaced, simply rejoins as active. The log says each change once.
    const { events, summary } = await runObject(site(4));
    expect(lines(events).filter((l) => l.startsWith('1000,'))).toEqual([
      '1000,site-restore,dc1,',
      '1000,restore,a1,site dc1; rejoins as active',
      '1000,promote,a1,restored server back in the active list',
      '1000,demote,s,"soft drain: keeps its users, takes no new sign-ins"',
      '1000,restore,a2,site dc1; rejoins as active',
    ]);
    expect(['a1', 'a2', 's'].map((n) => summary.servers[n]?.endRole)).toEqual([
      'active',
      'active',
      'standby',
    ]);
  });

  it('rebalance as each returns, with the soft-drained standby keeping its users', async () => {
    // Capacity 1, eight users, 2 on each active server. a1's and a2's 4 go to a3 and a4 at 110 (4
    // each). s replaces a1 at 400: 3 each above capacity on a3 and a4 move and land at 410 on the least
    // loaded (a3 3, a4 3, s 2). At 1000 s is soft-drained with its 2, then the rebalance onto a1 moves
    // the 2 above capacity on each of a3 and a4 (not s's: it left the list): at 1010 they land on a1
    // and a2 (2 each). a2's return then finds no active server above capacity.
    const { events, timeline, summary } = await runObject(
      site(8, { capacityPerServer: 1 }, { rebalanceOnRestore: true }),
    );
    expect(
      lines(events)
        .filter((l) => l.startsWith('1000,'))
        .slice(3),
    ).toEqual([
      '1000,demote,s,"soft drain: keeps its users, takes no new sign-ins"',
      '1000,rebalance,a1,4 users above capacity move to it',
      '1000,restore,a2,site dc1; rejoins as active',
    ]);
    const columns = ['connected', 'active_servers', 'a1', 'a2', 'a3', 'a4', 's'];
    expect(sampleAt(timeline, 600, columns)).toEqual([8, 3, 0, 0, 3, 3, 2]);
    expect(sampleAt(timeline, 1200, columns)).toEqual([8, 4, 2, 2, 1, 1, 2]);
    expect(summary.outages.map((o) => [o.start, o.cause, o.usersAffected])).toEqual([
      [100, 'site dc1 failure', 4],
      [400, 'rebalance onto s', 6],
      [1000, 'rebalance onto a1', 4],
    ]);
  });
});
