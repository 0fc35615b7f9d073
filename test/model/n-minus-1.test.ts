import { describe, expect, it } from 'vitest';
import { csvRows, runFile } from '../helpers.js';

// The documented N-1 story [doc]: 80,000 users on four servers at 20,000 each; one fails.
describe('N-1 at full load', () => {
  it('refuses all 20,000 displaced users when admission stays at 20,000', async () => {
    const { summary, timeline } = await runFile('scenarios/n-minus-1-refused.yaml');
    // 80,000 first attempts at t = 0, all accepted; 20,000 more at 1h + 30 s, all refused.
    expect(summary.signIns).toEqual({
      attempts: 100000,
      firstAttempts: 100000,
      accepted: 80000,
      denied: 20000,
      gaveUp: 20000,
      firstRefused: 20000,
      blocking: 0.2,
    });
    // Nobody of pc4's 20,000 is back: no recovery time; each of them is without service from 1h
    // to the end of the run (their 100 h session outlasts it): 20,000 × 3,600 s.
    expect(summary.outages).toEqual([
      {
        start: 3600,
        end: null,
        cause: 'server pc4 failure',
        usersAffected: 20000,
        usersRecovered: 0,
        usersLost: 20000,
        usersStillWaiting: 0,
        recovery_s: null,
        recovery95_s: null,
      },
    ]);
    expect(summary.recovery_s).toMatchObject({ count: 0, unrecovered: 1 });
    expect(summary.userSecondsWithoutService.total).toBe(72_000_000);
    expect(summary.users).toMatchObject({ lost: 20000, wanted: 80000, lostFraction: 0.25 });
    expect(summary.connected.end).toBe(60000);
    for (const s of ['pc1', 'pc2', 'pc3']) expect(summary.servers[s]?.peak).toBe(20000);
    const rows = csvRows(timeline);
    // Row at 1h: pc4 just failed, its users wait 30 s to reconnect.
    expect(rows.find((r) => r[0] === '3600')).toEqual([
      '3600',
      '60000',
      '20000',
      '0',
      '3',
      '20000',
      '20000',
      '20000',
      '0',
      '0',
    ]);
    expect(rows.find((r) => r[0] === '3660')).toEqual([
      '3660',
      '60000',
      '0',
      '20000',
      '3',
      '20000',
      '20000',
      '20000',
      '0',
      '0',
    ]);
  });

  it('absorbs them at 26,667 / 26,667 / 26,666 when admission is 30,000', async () => {
    const { summary } = await runFile('scenarios/n-minus-1-absorbed.yaml');
    expect(summary.signIns).toMatchObject({ accepted: 100000, denied: 0, gaveUp: 0, blocking: 0 });
    expect(summary.connected.end).toBe(80000);
    expect(['pc1', 'pc2', 'pc3'].map((s) => summary.servers[s]?.peak)).toEqual([26667, 26667, 26666]);
    // Over the supported 20,000 from the reconnect wave (1h + 30 s) to the end (2h).
    for (const s of ['pc1', 'pc2', 'pc3']) expect(summary.servers[s]?.secondsOverCapacity).toBe(3570);
    expect(summary.outages[0]).toMatchObject({ usersRecovered: 20000, recovery_s: 30, recovery95_s: 30 });
    expect(summary.userSecondsWithoutService.total).toBe(20000 * 30);
  });
});
