import { describe, expect, it } from 'vitest';
import { textSummary } from '../../src/io/text-summary.js';
import { runObject } from '../helpers.js';

// 200 users on four servers (50 each, placed at t = 0, when no sign-in rate applies); pc4 fails at 1h
// and its 50 users reconnect 30 s later, retrying every second (fixed 1 s, backoff 1, no jitter).
function nMinusOne(pool: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'pool-rate',
    seed: 1,
    duration: '2h',
    sampleEvery: '1m',
    topology: {
      edition: 'enterprise',
      pools: [{ name: 'p', ...pool, servers: ['pc1', 'pc2', 'pc3', 'pc4'].map((name) => ({ name })) }],
    },
    workload: {
      initialConnected: 200,
      initialSessions: 'fresh',
      session: { dist: 'fixed', mean: '100h' },
      reconnectDelay: { dist: 'fixed', mean: '30s' },
      retry: { delay: { dist: 'fixed', mean: '1s' }, backoff: 1, jitter: 0 },
    },
    faults: [{ at: '1h', fail: 'pc4' }],
  };
}

describe('a sign-in rate per pool', () => {
  it('lets 2 sign-ins a second through the pool: 50 users back in 25 waves', async () => {
    // The pool's bucket holds one second's worth, 2 tokens: 2 users sign in at 3,630 s and 2 more each
    // second, the last at 3,630 + 24 = 3,654 s (recovery 54 s); the 48th at 3,653 s (95%: 53 s). The
    // k-th wave refuses 48 − 2k of its 50 − 2k users: 600 refusals in all.
    const { summary } = await runObject(nMinusOne({ signInRatePerPool: 2 }));
    expect(summary.outages[0]).toMatchObject({
      usersAffected: 50,
      usersRecovered: 50,
      recovery_s: 54,
      recovery95_s: 53,
      signInFloor_s: null,
      frontEndFloor_s: null,
    });
    expect(summary.signIns).toMatchObject({ accepted: 250, denied: 600, firstRefused: 48 });
    expect(summary.connected.peak).toBe(200);
    expect(textSummary(summary)).not.toContain('unlimited sign-in throughput');
  });

  it('needs a token from the server too: one token a second per survivor holds the pool to 3 a second', async () => {
    // Each server's bucket holds 1 token, refilled at 1/s: the 3 survivors take 3 of the pool's 10 a
    // second, so 50 users take 17 waves (3 × 16 + 2), the last at 3,630 + 16 = 3,646 s.
    const { summary } = await runObject(nMinusOne({ signInRatePerPool: 10, signInRatePerServer: 1 }));
    expect(summary.outages[0]).toMatchObject({ usersRecovered: 50, recovery_s: 46 });
  });

  it('with no rate set, says recovery assumes unlimited throughput and gives the floor at 10 sign-ins/s', async () => {
    const { summary } = await runObject(nMinusOne({}));
    // All 50 back at 3,630 s; the floor at 10 sign-ins/s is 50 / 10 = 5 s; no site failover.
    expect(summary.outages[0]).toMatchObject({ recovery_s: 30, signInFloor_s: 5, frontEndFloor_s: null });
    // retry.maxDelay 15m (default) × (1 + jitter 0) = 900 s.
    expect(summary.retryMaxWait_s).toBe(900);
    const text = textSummary(summary);
    expect(text).toContain(
      'outage at 1h00m00s: server pc4 failure; 50 users cut off; all back after 30s; at 10 sign-ins/s it would take at least 5s',
    );
    expect(text).toContain(
      'recovery assumes unlimited sign-in throughput (no signInRatePerServer or signInRatePerPool set)',
    );
    expect(text).toContain(
      'a client may wait up to 15m00s (retry.maxDelay × (1 + jitter)) before its next try.',
    );
  });
});
