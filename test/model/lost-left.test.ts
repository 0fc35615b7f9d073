import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutageSummary } from '../../src/model/summary.js';
import { runObject } from '../helpers.js';

// Two users on one server: u0 on at t = 0 (a fresh 2 h session, planned to end at 7,200 s), u1 signed
// out for a fixed 1 h and connected at 3,600 s (its session planned to end at 10,800 s). The server
// fails at 5,400 s: both are cut off, reconnect 30 s later and are refused, then retry every 60 s
// (backoff 1, no jitter) at 5,430 + 60k. u0's retries stop at its planned sign-out, 7,200 s: it left
// while waiting (it would have signed out then anyway).
function twoUsers(extra: { restoreAt?: string; maxAttempts?: number }): Record<string, unknown> {
  return {
    name: 'lost-left',
    seed: 1,
    duration: '2h45m',
    sampleEvery: '15m',
    topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }] }] },
    workload: {
      population: 2,
      initialConnected: 1,
      initialSessions: 'fresh',
      session: { dist: 'fixed', mean: '2h' },
      offTime: { dist: 'fixed', mean: '1h' },
      reconnectDelay: { dist: 'fixed', mean: '30s' },
      retry: {
        delay: { dist: 'fixed', mean: '60s' },
        backoff: 1,
        jitter: 0,
        maxAttempts: extra.maxAttempts ?? 'unlimited',
      },
    },
    faults: [
      { at: '1h30m', fail: 'a' },
      ...(extra.restoreAt === undefined ? [] : [{ at: extra.restoreAt, restore: 'a' }]),
    ],
  };
}

describe('lost means the system failed them', () => {
  it('recovers when the users who still wanted service are back, users who left apart', async () => {
    // a is back at 9,000 s; u1's next retry is at 5,430 + 60 × 60 = 9,030 s: everyone who still
    // wanted service is back 3,630 s after the failure. u0 left at 7,200 s: not lost, not waiting.
    const { summary } = await runObject(twoUsers({ restoreAt: '2h30m' }));
    expect(summary.outages).toEqual([
      {
        start: 5400,
        end: 9000,
        cause: 'server a failure',
        usersAffected: 2,
        usersRecovered: 1,
        usersLost: 0,
        usersLeftWhileWaiting: 1,
        usersStillWaiting: 0,
        recovery_s: 3630,
        recovery95_s: 3630,
        signInFloor_s: 0.2,
        frontEndFloor_s: null,
        recoveryPointAge_s: null,
        messagesLost: null,
        bytesLost: null,
        // Settled at 9,030 s; the window would end at 9,930 s, after the run (9,900 s).
        window: {
          end: 9900,
          complete: false,
          firstAttempts: 2,
          firstRefused: 2,
          blocking: 1,
          usersWanting: 1,
          usersLost: 0,
          lostFraction: 0,
          recovery95_s: 3630,
        },
      },
    ]);
    expect(summary.recovery_s).toMatchObject({ count: 1, max: 3630, unrecovered: 0 });
    expect(summary.users).toMatchObject({ wanted: 2, lost: 0, leftWhileWaiting: 1, lostFraction: 0 });
    // u0 from the cut to its planned sign-out (1,800 s), u1 until served again (3,630 s).
    expect(summary.userSecondsWithoutService.total).toBe(1800 + 3630);
  });

  it('counts users who gave up as lost, and no recovery while any did', async () => {
    // No restore; at most 40 retries: u0 leaves at 7,200 s (its planned sign-out) before its 40th
    // retry, u1 gives up at 5,430 + 40 × 60 = 7,830 s.
    const { summary } = await runObject(twoUsers({ maxAttempts: 40 }));
    expect(summary.outages[0]).toMatchObject({
      usersAffected: 2,
      usersRecovered: 0,
      usersLost: 1,
      usersLeftWhileWaiting: 1,
      usersStillWaiting: 0,
      recovery_s: null,
      recovery95_s: null,
    });
    expect(summary.recovery_s).toMatchObject({ count: 0, unrecovered: 1 });
    expect(summary.signIns.gaveUp).toBe(1);
    expect(summary.users).toMatchObject({ wanted: 2, lost: 1, leftWhileWaiting: 1, lostFraction: 0.5 });
    // u0: 5,400 to 7,200 s; u1: 5,400 s to its planned sign-out at 10,800 s, cut at the end (9,900 s).
    expect(summary.userSecondsWithoutService.total).toBe(1800 + 4500);
  });

  it('counts a user still trying at the end as still waiting, not lost', async () => {
    const { summary } = await runObject(twoUsers({}));
    expect(summary.outages[0]).toMatchObject({
      usersRecovered: 0,
      usersLost: 0,
      usersLeftWhileWaiting: 1,
      usersStillWaiting: 1,
      recovery_s: null,
    });
  });

  it('adds up every outage of every golden: affected = recovered + lost + left + still waiting', () => {
    const dir = join('test', 'golden', 'outputs');
    let outages = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const golden = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
        summary: { outages: OutageSummary[] };
      };
      for (const o of golden.summary.outages) {
        outages++;
        expect(
          o.usersRecovered + o.usersLost + o.usersLeftWhileWaiting + o.usersStillWaiting,
          `${f}: outage at ${o.start}`,
        ).toBe(o.usersAffected);
      }
    }
    expect(outages).toBeGreaterThan(10);
  });
});
