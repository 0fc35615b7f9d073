import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';
import { lines, sampleAt, story } from './promotion-story.js';

// Hand-computed stories of an `activate` the pool refuses while its server is drained for maintenance:
// the refusal changes nothing, so the server stays under maintenance and its force-drain deadline stands.
// Users reconnect 10 s after losing their server and retry every 60 s (promotion-story.ts).

describe('an activate the pool refuses', () => {
  it('leaves a force drain and its deadline standing when the pool is full', async () => {
    // a b c d active with one user each, s a standby. b is force-drained at 100 (deadline 400); the list
    // [a c d s] at 150 does not name b, so b stays under maintenance with its user; activate b at 200 is
    // refused (4 active). At 400 b's user is cut off and reconnects at 410 to s, the least loaded.
    const four = [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }, { name: 's', role: 'standby' }];
    const { events, timeline, summary } = await runObject(
      story([], {
        topology: { edition: 'enterprise', pools: [{ name: 'p', servers: four }] },
        workload: { ...story([]).workload, initialConnected: 4 },
        actions: [
          { at: 100, drain: 'b', mode: 'force', deadline: 300 },
          { at: 150, setActive: 'p', servers: ['a', 'c', 'd', 's'] },
          { at: 200, activate: 'b' },
        ],
      }),
    );
    expect(lines(events)).toEqual([
      '100,drain,b,"force drain of 1 users, deadline in 300 s"',
      '150,set-active,p,active a c d s',
      '200,activate-refused,b,"the pool already has its maximum of active servers; stays under maintenance (drained), its force-drain deadline standing"',
      '400,drain-deadline,b,1 users disconnected',
    ]);
    expect(sampleAt(timeline, 600, ['connected', 'active_servers', 'a', 'b', 'c', 'd', 's'])).toEqual([
      4, 4, 1, 0, 1, 1, 1,
    ]);
    expect(summary.outages.map((o) => [o.start, o.recovery_s])).toEqual([[400, 10]]);
  });

  it("leaves a drained server out of a site failover's move when its site was refused", async () => {
    // a1 in dc1 with the database and both users; s1 a standby in dc2, the backup's site, with no link.
    // s1 is drained at 100; activate s1 at 200 is refused for its site, so s1 stays under maintenance.
    // dc1 fails at 300: the backup is online in dc2 at 500, a1 leaves the list for its site, and the
    // move puts no server in it: the users find none.
    const { events, timeline } = await runObject(
      story([{ at: 300, failSite: 'dc1' }], {
        topology: {
          edition: 'enterprise',
          pools: [
            {
              name: 'p',
              database: { site: 'dc1', backupSite: 'dc2' },
              servers: [
                { name: 'a1', site: 'dc1' },
                { name: 's1', site: 'dc2', role: 'standby' },
              ],
            },
          ],
        },
        actions: [
          { at: 100, drain: 's1' },
          { at: 200, activate: 's1' },
        ],
        failover: { promoteStandbyAfter: 300, onRestore: 'standby', site: { after: 200 } },
      }),
    );
    const log = lines(events);
    expect(log.slice(0, 2)).toEqual([
      '100,drain,s1,soft drain of 0 users',
      "200,activate-refused,s1,its site is neither the database's nor linked to it by lowLatencySites; stays under maintenance (drained)",
    ]);
    expect(log.filter((l) => /set-active|promote/.test(l))).toEqual([
      '500,set-active,p,database in dc2: active',
    ]);
    expect(sampleAt(timeline, 600, ['connected', 'active_servers', 's1'])).toEqual([0, 0, 0]);
  });
});
