import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';

// Hand-computed: a, b active (admission 2 each), c standby. Three users at t=0 go a, b, a
// (least-connections, ties to the first server). a fails at 100; its two users reconnect at 110:
// the first gets b's last place, the second is refused and retries at 170 (60 s) and 290 (60·2 s).
// The admin promotes c at 250 (100 + 150), so the retry at 290 lands on c.
const micro = {
  name: 'micro',
  seed: 1,
  duration: 400,
  sampleEvery: 60,
  topology: {
    edition: 'enterprise',
    pools: [
      {
        name: 'p',
        capacityPerServer: 2,
        admissionLimitPerServer: 2,
        servers: [{ name: 'a' }, { name: 'b' }, { name: 'c', role: 'standby' }],
      },
    ],
  },
  workload: {
    initialConnected: 3,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: 1000 },
    reconnectDelay: { dist: 'fixed', mean: 10 },
    retry: { delay: { dist: 'fixed', mean: 60 }, backoff: 2, jitter: 0, maxAttempts: 2 },
  },
  faults: [{ at: 100, fail: 'a' }],
  failover: { promoteStandbyAfter: 150 },
};

describe('users on at t = 0', () => {
  it('make first sign-in attempts through the balancer, refused beyond the admission limit', async () => {
    const five = { ...micro, faults: [], workload: { ...micro.workload, initialConnected: 5 } };
    const { summary, timeline } = await runObject({
      ...five,
      workload: { ...five.workload, retry: { maxAttempts: 0 } },
    });
    // a and b hold 2 each: the fifth is refused at t = 0 and, with no retries, gives up.
    expect(summary.signIns).toEqual({
      attempts: 5,
      firstAttempts: 5,
      accepted: 4,
      denied: 1,
      gaveUp: 1,
      firstRefused: 1,
      blocking: 0.2,
    });
    expect(summary.users).toMatchObject({ initial: 5, wanted: 5, lost: 1, lostFraction: 0.2 });
    expect(timeline.split('\n')[1]).toBe('0,4,0,1,2,2,2,0,0');
  });

  it('are not held back by the sign-in rate limit (they were connecting before t = 0)', async () => {
    const pools = [{ ...micro.topology.pools[0], signInRatePerServer: 0.001 }];
    const { summary } = await runObject({ ...micro, faults: [], topology: { ...micro.topology, pools } });
    expect(summary.signIns).toMatchObject({ attempts: 3, accepted: 3, denied: 0 });
  });
});

describe('a hand-computed micro timeline', () => {
  it('writes exactly the expected timeline rows', async () => {
    const out = await runObject(micro);
    expect(out.timeline).toBe(
      [
        'time_s,connected,waiting,denied,active_servers,a,b,c,p_state',
        '0,3,0,0,2,2,1,0,0',
        '60,3,0,0,2,2,1,0,0',
        '120,2,1,1,1,0,2,0,0',
        '180,2,1,2,1,0,2,0,0',
        '240,2,1,2,1,0,2,0,0',
        '300,3,0,2,2,0,2,1,0',
        '360,3,0,2,2,0,2,1,0',
        '400,3,0,2,2,0,2,1,0',
        '',
      ].join('\n'),
    );
  });

  it('logs the failure, the promotion and the demotion', async () => {
    const out = await runObject(micro);
    expect(out.events).toBe(
      [
        'time_s,event,server,detail',
        '100,fail,a,scheduled; 2 users disconnected',
        '250,promote,c,standby made active in place of a',
        '250,demote,a,failed server taken out of the active list',
        '',
      ].join('\n'),
    );
  });

  it('counts attempts, refusals and availability exactly', async () => {
    const { summary } = await runObject(micro);
    // The three users on at t = 0 are first attempts too: 5 first attempts, 1 refused (at 110).
    expect(summary.signIns).toEqual({
      attempts: 7,
      firstAttempts: 5,
      accepted: 5,
      denied: 2,
      gaveUp: 0,
      firstRefused: 1,
      blocking: 0.2,
    });
    expect(summary.servers['a']?.availability).toBe(0.25);
    expect(summary.servers['c']?.endRole).toBe('active');
    // 3 users until 100, 1 until 110, 2 until 290, then 3 until 400.
    expect(summary.connected.mean).toBe((3 * 100 + 1 * 10 + 2 * 180 + 3 * 110) / 400);
    expect(summary.waiting.mean).toBe((2 * 10 + 1 * 180) / 400);
  });

  it('times the outage until its last user is back, and counts their time without service', async () => {
    const { summary } = await runObject(micro);
    expect(summary.outages).toEqual([
      {
        start: 100,
        end: null,
        cause: 'server a failure',
        usersAffected: 2,
        usersRecovered: 2,
        usersLost: 0,
        usersLeftWhileWaiting: 0,
        usersStillWaiting: 0,
        recovery_s: 190,
        recovery95_s: 190,
        signInFloor_s: 0.2,
        frontEndFloor_s: null,
        recoveryPointAge_s: null,
        messagesLost: null,
        bytesLost: null,
        // Both back at 290 s, the window would end 900 s later: the run's end (400 s) comes first.
        window: {
          end: 400,
          complete: false,
          firstAttempts: 2,
          firstRefused: 1,
          blocking: 0.5,
          usersWanting: 2,
          usersLost: 0,
          lostFraction: 0,
          recovery95_s: 190,
        },
      },
    ]);
    // Back at 110 and at 290.
    expect(summary.userSecondsWithoutService).toEqual({ total: 10 + 190, pools: { p: 200 } });
    expect(summary.users).toMatchObject({ wanted: 3, lost: 0, lostFraction: 0 });
  });

  it('gives up after maxAttempts retries when no standby is promoted', async () => {
    const { summary, timeline } = await runObject({ ...micro, failover: {} });
    expect(summary.signIns).toMatchObject({ attempts: 7, denied: 3, gaveUp: 1 });
    // The last retry at 290 is refused and the user leaves: 2 connected, nobody waiting.
    expect(timeline.trim().split('\n').at(-1)).toBe('400,2,0,3,1,0,2,0,0');
    expect(summary.outages[0]).toMatchObject({
      usersRecovered: 1,
      usersLost: 1,
      usersLeftWhileWaiting: 0,
      usersStillWaiting: 0,
      recovery_s: null,
      recovery95_s: null,
    });
    expect(summary.recovery_s).toMatchObject({ count: 0, unrecovered: 1 });
    // The one back at 110: 10 s; the one who gave up at 290: until their planned sign-out (1,000 s),
    // capped at the end of the run (400 s), so 300 s.
    expect(summary.userSecondsWithoutService.total).toBe(10 + 300);
    expect(summary.users).toMatchObject({ wanted: 3, lost: 1, lostFraction: 0.333333333 });
  });
});
