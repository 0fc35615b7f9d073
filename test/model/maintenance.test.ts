import { describe, expect, it } from 'vitest';
import { csvRows, runObject } from '../helpers.js';
import { lines, story } from './promotion-story.js';

// Hand-computed stories of a server drained for maintenance: it is no standby, so the admin's promotion
// (promoteStandbyAfter 300 s) never takes it, until `activate` puts it back. Pool p: a and b active, the
// standby s. Two users, one on a and one on b at t = 0, reconnect 10 s after losing their server and
// retry every 60 s while no server takes them.
const three = [{ name: 'a' }, { name: 'b' }, { name: 's', role: 'standby' }];
const drains = (faults: Record<string, unknown>[], actions: Record<string, unknown>[]) =>
  story(faults, { topology: { edition: 'enterprise', pools: [{ name: 'p', servers: three }] }, actions });
/** The timeline's `columns` at every sample, one row per sample. */
const cells = (timeline: string, columns: string[]) => {
  const [header = [], ...rows] = csvRows(timeline);
  return rows.map((r) => columns.map((c) => Number(r[header.indexOf(c)])));
};

describe('a server drained for maintenance', () => {
  it('is no standby for a failed server waiting for one: the failed server keeps waiting', async () => {
    // s is down from 50; a fails at 100, its user goes to b at 110, and a's promotion fails at 400.
    // b, force-drained at 1000, stays out: at its deadline 1300 its 2 users are cut off, and from 1310
    // they retry every 60 s with no server to take them (a down, b drained, s down), 9 refusals each by
    // 1800. s is repaired at 2000 and promoted in a's place at once; the retries at 1310 + 60 × 12 = 2030
    // land on it (12 refusals each).
    const { events, timeline, summary } = await runObject(
      drains(
        [
          { at: 50, fail: 's' },
          { at: 100, fail: 'a' },
          { at: 2000, restore: 's' },
        ],
        [{ at: 1000, drain: 'b', mode: 'force', deadline: 300 }],
      ),
    );
    expect(lines(events)).toEqual([
      '50,fail,s,scheduled; 0 users disconnected',
      '100,fail,a,scheduled; 1 users disconnected',
      '400,promote-failed,a,no healthy standby in the pool',
      '1000,drain,b,"force drain of 2 users, deadline in 300 s"',
      '1300,drain-deadline,b,2 users disconnected',
      '2000,restore,s,scheduled; rejoins as standby',
      '2000,promote,s,standby made active in place of a',
      '2000,demote,a,failed server taken out of the active list',
    ]);
    const columns = ['connected', 'waiting', 'denied', 'active_servers', 'a', 'b', 's'];
    expect(cells(timeline, columns)).toEqual([
      [2, 0, 0, 2, 1, 1, 0],
      [2, 0, 0, 1, 0, 2, 0],
      [2, 0, 0, 0, 0, 2, 0],
      [0, 2, 18, 0, 0, 0, 0],
      [2, 0, 24, 1, 0, 0, 2],
      [2, 0, 24, 1, 0, 0, 2],
    ]);
    expect(summary.outages.map((o) => [o.start, o.recovery_s])).toEqual([
      [100, 10],
      [1300, 730],
    ]);
  });

  it('is passed over by a promotion falling due: the admin promotes the real standby', async () => {
    // b, drained at 100, keeps its user. a fails at 200: its user finds no server at 210 (b drained, s a
    // standby) and retries at 270, 330, ... s, not b (first in the pool's order), replaces a at 500; the
    // retry at 510 lands on s.
    const { events, timeline } = await runObject(drains([{ at: 200, fail: 'a' }], [{ at: 100, drain: 'b' }]));
    expect(lines(events)).toEqual([
      '100,drain,b,soft drain of 1 users',
      '200,fail,a,scheduled; 1 users disconnected',
      '500,promote,s,standby made active in place of a',
      '500,demote,a,failed server taken out of the active list',
    ]);
    expect(cells(timeline, ['connected', 'denied', 'active_servers', 'a', 'b', 's'])[1]).toEqual([
      2, 5, 1, 0, 1, 1,
    ]);
  });

  it('ends at activate: the server, back in the list, is a standby once a list leaves it idle', async () => {
    // s is down from 50; a fails at 100 (its user goes to b) and waits. b is drained at 1000 and put back
    // at 1200; a is repaired at 1500, still in the list (never replaced). The list [a] at 1800 leaves b
    // idle with its 2 users, a standby now: a, failing again at 2000, is replaced by b at 2300.
    const { events, timeline } = await runObject(
      drains(
        [
          { at: 50, fail: 's' },
          { at: 100, fail: 'a' },
          { at: 1500, restore: 'a' },
          { at: 2000, fail: 'a' },
        ],
        [
          { at: 1000, drain: 'b' },
          { at: 1200, activate: 'b' },
          { at: 1800, setActive: 'p', servers: ['a'] },
        ],
      ),
    );
    expect(lines(events).slice(3)).toEqual([
      '1000,drain,b,soft drain of 2 users',
      '1200,activate,b,back in the active list',
      '1500,restore,a,scheduled; rejoins as active',
      '1800,set-active,p,active a',
      '2000,fail,a,scheduled; 0 users disconnected',
      '2300,promote,b,standby made active in place of a',
      '2300,demote,a,failed server taken out of the active list',
    ]);
    expect(cells(timeline, ['active_servers', 'a', 'b', 's'])[4]).toEqual([1, 0, 2, 0]);
  });
});
