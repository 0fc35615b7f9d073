import { describe, expect, it } from 'vitest';
import { RetryPolicy } from '../../src/model/retry-policy.js';
import { Rng } from '../../src/random/rng.js';
import { runObject } from '../helpers.js';

const fixed = (mean: number) => ({ dist: 'fixed' as const, mean });

describe('retry policy', () => {
  it('doubles the wait from 60 s up to the 15-minute cap without jitter', () => {
    const p = new RetryPolicy({
      delay: fixed(60),
      backoff: 2,
      jitter: 0,
      maxDelayS: 900,
      maxAttempts: Infinity,
    });
    const rng = new Rng('1');
    expect([0, 1, 2, 3, 4, 5, 2000].map((k) => p.wait(k, rng))).toEqual([60, 120, 240, 480, 900, 900, 900]);
  });

  it('scales each capped wait by a factor in [1 − jitter, 1 + jitter]', () => {
    const p = new RetryPolicy({
      delay: fixed(60),
      backoff: 2,
      jitter: 0.5,
      maxDelayS: 900,
      maxAttempts: Infinity,
    });
    const rng = new Rng('7');
    const waits = Array.from(
      { length: 2000 },
      (_, i) => p.wait(i % 8, rng) / Math.min(60 * 2 ** (i % 8), 900),
    );
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1.5);
    expect(Math.min(...waits)).toBeLessThan(0.51);
    expect(Math.max(...waits)).toBeGreaterThan(1.49);
  });

  it('keeps a zero delay at zero however many retries came before', () => {
    const p = new RetryPolicy({ delay: fixed(0), backoff: 3, jitter: 0.5, maxDelayS: 900, maxAttempts: 5 });
    expect(p.wait(5000, new Rng('1'))).toBe(0);
  });
});

describe('the default retries', () => {
  it('lose nobody through a 4-hour full outage: every user is back within one capped wait of the repair', async () => {
    const { summary, timeline } = await runObject({
      name: 'long-outage',
      seed: 5,
      duration: '8h',
      topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }] }] },
      workload: {
        initialConnected: 15000,
        initialSessions: 'fresh',
        session: { dist: 'fixed', mean: '100h' },
        reconnectDelay: { dist: 'fixed', mean: '30s' },
      },
      faults: [
        { at: '1h', fail: 'a' },
        { at: '5h', restore: 'a' },
      ],
    });
    expect(summary.signIns.gaveUp).toBe(0);
    expect(summary.outages[0]).toMatchObject({ start: 3600, end: 18000, usersAffected: 15000, usersLost: 0 });
    // The longest wait is 15 min × 1.5 = 22.5 min: everyone is back by 5h22m30s.
    expect(summary.outages[0]?.recovery_s).toBeLessThanOrEqual(4 * 3600 + 1350);
    expect(timeline.trim().split('\n').at(-1)?.split(',').slice(0, 3)).toEqual(['28800', '15000', '0']);
  });
});
