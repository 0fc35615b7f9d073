import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';

// Two servers of one place each (admission 1), two users on at t = 0 with sessions longer than the run
// (one per server), b failing at 1 h: its user reconnects 30 s later (fixed), then (refused) retries
// every 60 s (backoff 1, no jitter) or gives up at once. Nobody else signs in, so the window's only
// first attempt is that reconnection at 3,630 s.
function story(extra: {
  admission?: number;
  maxAttempts?: number | 'unlimited';
  outageWindow?: Record<string, string>;
  duration?: string;
}): Record<string, unknown> {
  return {
    name: 'window',
    seed: 1,
    duration: extra.duration ?? '3h',
    sampleEvery: '15m',
    topology: {
      edition: 'enterprise',
      pools: [
        {
          name: 'p',
          capacityPerServer: 2,
          admissionLimitPerServer: extra.admission ?? 1,
          servers: [{ name: 'a' }, { name: 'b' }],
        },
      ],
    },
    workload: {
      initialConnected: 2,
      initialSessions: 'fresh',
      session: { dist: 'fixed', mean: '100h' },
      reconnectDelay: { dist: 'fixed', mean: '30s' },
      retry: {
        delay: { dist: 'fixed', mean: '60s' },
        backoff: 1,
        jitter: 0,
        maxAttempts: extra.maxAttempts ?? 'unlimited',
      },
    },
    faults: [{ at: '1h', fail: 'b' }],
    ...(extra.outageWindow === undefined ? {} : { outageWindow: extra.outageWindow }),
  };
}

describe("an outage's failure window", () => {
  it('ends one retry.maxDelay (15 min) after everyone is back', async () => {
    // Admission 2: the user is back at 3,630 s; the window ends at 3,630 + 900 s.
    const { summary } = await runObject(story({ admission: 2 }));
    expect(summary.outages[0]?.window).toEqual({
      end: 4530,
      complete: true,
      firstAttempts: 1,
      firstRefused: 0,
      blocking: 0,
      usersWanting: 1,
      usersLost: 0,
      lostFraction: 0,
      recovery95_s: 30,
    });
  });

  it('counts a user who gave up as lost, and ends after the settle that follows', async () => {
    const { summary } = await runObject(story({ maxAttempts: 0, outageWindow: { settle: '5m' } }));
    expect(summary.outages[0]?.window).toEqual({
      end: 3930,
      complete: true,
      firstAttempts: 1,
      firstRefused: 1,
      blocking: 1,
      usersWanting: 1,
      usersLost: 1,
      lostFraction: 1,
      recovery95_s: null,
    });
  });

  it('ends at most outageWindow.max after the outage, plus the settle, with a user still waiting lost', async () => {
    // Refused at 3,630 s and retrying every 60 s for good: never back. Window: 3,600 + 600 + 300 s.
    // Retries are not first attempts: the window still holds one.
    const { summary } = await runObject(story({ outageWindow: { max: '10m', settle: '5m' } }));
    expect(summary.outages[0]?.window).toMatchObject({
      end: 4500,
      complete: true,
      firstAttempts: 1,
      firstRefused: 1,
      usersWanting: 1,
      usersLost: 1,
      recovery95_s: null,
    });
    expect(summary.outages[0]?.usersStillWaiting).toBe(1);
  });

  it("is taken at the run's end when the run ends first, marked incomplete", async () => {
    const { summary } = await runObject(story({ duration: '1h20m' }));
    expect(summary.outages[0]?.window).toMatchObject({
      end: 4800,
      complete: false,
      firstAttempts: 1,
      firstRefused: 1,
      usersLost: 1,
    });
  });
});
