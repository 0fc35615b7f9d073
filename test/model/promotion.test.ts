import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';
import { lines, story } from './promotion-story.js';

// Hand-computed stories of the admin's promotion (promoteStandbyAfter 300 s). Two users, on a1 at t = 0,
// reconnect 10 s after a failure and retry every 60 s while no server takes them (promotion-story.ts).

describe('promotion of a standby', () => {
  it('promotes the standby when it is repaired, if that is after the promotion fell due', async () => {
    const { events, summary } = await runObject(
      story([
        { at: 50, fail: 's1' },
        { at: 100, fail: 'a1' },
        { at: 1000, restore: 's1' },
      ]),
    );
    expect(lines(events)).toEqual([
      '50,fail,s1,scheduled; 0 users disconnected',
      '100,fail,a1,scheduled; 2 users disconnected',
      '400,promote-failed,a1,no healthy standby in the pool',
      '1000,restore,s1,scheduled; rejoins as standby',
      '1000,promote,s1,standby made active in place of a1',
      '1000,demote,a1,failed server taken out of the active list',
    ]);
    // The retries at 110 + 60 k find a server at 1010.
    expect(summary.outages[0]?.recovery_s).toBe(910);
    expect(summary.servers['s1']?.endRole).toBe('active');
  });

  it('promotes promoteStandbyAfter after the failure when the standby is repaired before then', async () => {
    const { events, summary } = await runObject(
      story([
        { at: 50, fail: 's1' },
        { at: 100, fail: 'a1' },
        { at: 200, restore: 's1' },
      ]),
    );
    expect(lines(events).slice(2)).toEqual([
      '200,restore,s1,scheduled; rejoins as standby',
      '400,promote,s1,standby made active in place of a1',
      '400,demote,a1,failed server taken out of the active list',
    ]);
    expect(summary.outages[0]?.recovery_s).toBe(310);
  });

  it('promotes the repaired server in place of a promoted standby that failed while it was down', async () => {
    const { events, summary } = await runObject(
      story([
        { at: 100, fail: 'a1' },
        { at: 600, fail: 's1' },
        { at: 1200, restore: 'a1' },
        { at: 2000, restore: 's1' },
      ]),
    );
    expect(lines(events)).toEqual([
      '100,fail,a1,scheduled; 2 users disconnected',
      '400,promote,s1,standby made active in place of a1',
      '400,demote,a1,failed server taken out of the active list',
      '600,fail,s1,scheduled; 2 users disconnected',
      '900,promote-failed,s1,no healthy standby in the pool',
      '1200,restore,a1,scheduled; rejoins as standby',
      '1200,promote,a1,standby made active in place of s1',
      '1200,demote,s1,failed server taken out of the active list',
      '2000,restore,s1,scheduled; rejoins as standby',
    ]);
    // s1's users reconnect at 610 and retry until 1210.
    expect(summary.outages.map((o) => o.recovery_s)).toEqual([310, 610]);
    expect(summary.servers['a1']?.endRole).toBe('active');
  });

  it('promotes the repaired server promoteStandbyAfter after a promoted standby fails', async () => {
    const { events } = await runObject(
      story([
        { at: 100, fail: 'a1' },
        { at: 1000, restore: 'a1' },
        { at: 2000, fail: 's1' },
      ]),
    );
    expect(lines(events).slice(3)).toEqual([
      '1000,restore,a1,scheduled; rejoins as standby',
      '2000,fail,s1,scheduled; 2 users disconnected',
      '2300,promote,a1,standby made active in place of s1',
      '2300,demote,s1,failed server taken out of the active list',
    ]);
  });

  // a fails at 100 and s takes its place at 400; b fails at 500, owed a promotion from 800 with no
  // standby left; a is back at 1000 with onRestore: active, which would put the pool over 4 active.
  const four = [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }, { name: 's', role: 'standby' }];
  const overLimit = (users: number, pool: object = {}, failover: object = {}) => ({
    ...story([
      { at: 100, fail: 'a' },
      { at: 500, fail: 'b' },
      { at: 1000, restore: 'a' },
    ]),
    topology: { edition: 'enterprise', pools: [{ name: 'p', ...pool, servers: four }] },
    workload: { ...story([]).workload, initialConnected: users },
    failover: { promoteStandbyAfter: 300, onRestore: 'active', ...failover },
  });

  it('keeps the replacement of a repaired server active in place of a second failed server', async () => {
    // The users start on a and b; a's reconnects to c. b leaves the list, and s stays (it is neither
    // soft-drained nor promoted again).
    const { events, summary } = await runObject(overLimit(2));
    expect(lines(events).slice(3)).toEqual([
      '500,fail,b,scheduled; 1 users disconnected',
      '800,promote-failed,b,no healthy standby in the pool',
      '1000,restore,a,scheduled; rejoins as active',
      '1000,promote,a,restored server back in the active list',
      '1000,demote,b,failed server taken out of the active list; s stays active in its place',
    ]);
    expect(summary.servers['s']?.endRole).toBe('active');
  });

  it('takes a replacement that failed out of the list for the repaired server, not as a soft drain', async () => {
    // a fails at 100 (its user goes to c at 110) and s takes its place at 400; s fails at 600, with
    // no standby left for it. a is back at 1000 with onRestore: active: s, down and without users,
    // leaves the list for it, and is a plain standby once repaired at 2000.
    const { events } = await runObject({
      ...overLimit(2),
      faults: [
        { at: 100, fail: 'a' },
        { at: 600, fail: 's' },
        { at: 1000, restore: 'a' },
        { at: 2000, restore: 's' },
      ],
    });
    expect(lines(events).slice(4)).toEqual([
      '900,promote-failed,s,no healthy standby in the pool',
      '1000,restore,a,scheduled; rejoins as active',
      '1000,promote,a,restored server back in the active list',
      '1000,demote,s,failed server taken out of the active list; a back in its place',
      '2000,restore,s,scheduled; rejoins as standby',
    ]);
  });

  it("keeps that replacement in the restore's rebalance: its users above capacity move too", async () => {
    // Capacity 1, six users on a b c d: 2 2 1 1. a fails at 100: its 2 go to c and d at 110. s replaces
    // a at 400, so one user each above capacity on b, c and d moves at 410: to s, b, c (least loaded,
    // first). b fails at 500: its 2 go to d and s at 510, so c d s hold 2 each. a is back at 1000 in
    // place of s, which stays in place of b: one user each of c, d and s moves to a (before, s was
    // soft-drained first and left out, so 2 moved and s stayed above capacity).
    const rebalance = { rebalanceOnRestore: true };
    const { events, summary } = await runObject(overLimit(6, { capacityPerServer: 1 }, rebalance));
    expect(lines(events).slice(-4)).toEqual([
      '1000,restore,a,scheduled; rejoins as active',
      '1000,promote,a,restored server back in the active list',
      '1000,demote,b,failed server taken out of the active list; s stays active in its place',
      '1000,rebalance,a,3 users above capacity move to it',
    ]);
    expect(summary.outages.map((o) => [o.cause, o.usersAffected])).toEqual([
      ['server a failure', 2],
      ['rebalance onto s', 3],
      ['server b failure', 2],
      ['rebalance onto a', 3],
    ]);
  });

  it('does not replace a server repaired with its whole site by a standby repaired with it', async () => {
    const { events, summary } = await runObject({
      ...story([
        { at: 100, failSite: 'dc1' },
        { at: 1000, restoreSite: 'dc1' },
      ]),
      topology: {
        edition: 'enterprise',
        pools: [
          {
            name: 'p',
            servers: [
              { name: 's1', site: 'dc1', role: 'standby' },
              { name: 'a1', site: 'dc1' },
            ],
          },
        ],
      },
    });
    expect(lines(events).filter((l) => /,(promote|demote|restore),/.test(l))).toEqual([
      '1000,restore,s1,site dc1; rejoins as standby',
      '1000,restore,a1,site dc1; rejoins as active',
    ]);
    expect(summary.servers['a1']?.endRole).toBe('active');
  });
});

describe('promotion of a standby an admin action frees', () => {
  it("promotes a standby a failback's list leaves out in place of a failed server it puts in", async () => {
    // dc1 fails at 100; the backup database in dc2 is online at 300 with b1 active. dc1 is back at 1000,
    // its servers as standbys; a1 fails at 1100 (no promotion: not active). The failback from 1200 ends
    // at 1500 with the pre-failure list a1 a2: a1, down since 1100, is owed s1 since 1400, so at once.
    const { events, timeline } = await runObject({
      ...story([
        { at: 100, failSite: 'dc1' },
        { at: 1000, restoreSite: 'dc1' },
        { at: 1100, fail: 'a1' },
      ]),
      topology: {
        edition: 'enterprise',
        pools: [
          {
            name: 'p',
            database: { site: 'dc1', backupSite: 'dc2' },
            servers: [
              { name: 'a1', site: 'dc1' },
              { name: 'a2', site: 'dc1' },
              { name: 's1', site: 'dc1', role: 'standby' },
              { name: 'b1', site: 'dc2', role: 'standby' },
            ],
          },
        ],
      },
      actions: [{ at: 1200, failback: 'p', duration: 300 }],
      failover: { promoteStandbyAfter: 300, onRestore: 'standby', site: { after: 200 } },
    });
    expect(lines(events).filter((l) => /^1500,/.test(l))).toEqual([
      '1500,failback-done,p,primary database online in dc1',
      '1500,promote,s1,standby made active in place of a1',
      '1500,demote,a1,failed server taken out of the active list',
    ]);
    // The two users, cut off at 1200, retry at 1210 + 60 k: at 1510 one goes to a2, one to s1.
    const [header, , , , at1800] = timeline
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const cell = (name: string) => Number(at1800?.[header?.indexOf(name) ?? -1]);
    expect(['active_servers', 'a1', 'a2', 's1', 'b1'].map(cell)).toEqual([2, 0, 1, 1, 0]);
  });
});
