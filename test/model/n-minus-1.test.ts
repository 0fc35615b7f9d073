import { describe, expect, it } from 'vitest';
import { textSummary } from '../../src/io/text-summary.js';
import { csvRows, runFile, runObject } from '../helpers.js';

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
        usersLeftWhileWaiting: 0,
        usersStillWaiting: 0,
        // All back (gave up) at 3,630 s: the failure window ends one retry.maxDelay (900 s) later.
        window: {
          end: 4530,
          complete: true,
          firstAttempts: 20000,
          firstRefused: 20000,
          blocking: 1,
          usersWanting: 20000,
          usersLost: 20000,
          lostFraction: 1,
          recovery95_s: null,
        },
        recovery_s: null,
        recovery95_s: null,
        signInFloor_s: 2000,
        frontEndFloor_s: null,
        recoveryPointAge_s: null,
        messagesLost: null,
        bytesLost: null,
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
    // Over the supported 20,000 from the reconnect wave (1h + 30 s) to the end (2h), and still over
    // then: the 3,570 s are cut by the run's length.
    for (const s of ['pc1', 'pc2', 'pc3'])
      expect(summary.servers[s]).toMatchObject({
        capacity: 20000,
        secondsOverCapacity: 3570,
        overCapacityAtEnd: true,
        overCapacityEpisodes: [{ start: 3630, end: null }],
        overCapacityEpisodeCount: 1,
      });
    expect(summary.servers['pc4']).toMatchObject({ overCapacityAtEnd: false, overCapacityEpisodes: [] });
    expect(textSummary(summary)).toContain(
      'warning: Server pc1 held more than the 20,000 concurrent users a server supports [doc] for 59m30s in all, first at 1h00m30s, peak 26,667 users, still above it when the run ended.',
    );
    expect(summary.outages[0]).toMatchObject({ usersRecovered: 20000, recovery_s: 30, recovery95_s: 30 });
    expect(summary.userSecondsWithoutService.total).toBe(20000 * 30);
  });
});

describe('N-1 with the defaults: no admission limit', () => {
  it('transfers the 20,000 users to the survivors, 26,667 / 26,667 / 26,666 at 1h00m30s, refusing nobody', async () => {
    // No admissionLimitPerServer and the default retry policy: servers take the users sent to them.
    const { summary, timeline } = await runObject({
      name: 'n1-defaults',
      seed: 3,
      duration: '2h',
      sampleEvery: '30s',
      topology: {
        edition: 'enterprise',
        pools: [{ name: 'pchat', servers: ['pc1', 'pc2', 'pc3', 'pc4'].map((name) => ({ name })) }],
      },
      workload: {
        initialConnected: 80000,
        initialSessions: 'fresh',
        session: { dist: 'fixed', mean: '100h' },
        reconnectDelay: { dist: 'fixed', mean: '30s' },
      },
      faults: [{ at: '1h', fail: 'pc4' }],
    });
    const rows = csvRows(timeline);
    // time_s, connected, waiting, denied, active_servers, pc1..pc4, pchat_state
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
    expect(rows.find((r) => r[0] === '3630')).toEqual([
      '3630',
      '80000',
      '0',
      '0',
      '3',
      '26667',
      '26667',
      '26666',
      '0',
      '0',
    ]);
    expect(summary.signIns).toMatchObject({ accepted: 100000, denied: 0, gaveUp: 0, blocking: 0 });
    // Bounds: no admission limit, so each server's is its pool's 80,000 users (nobody arrives).
    expect(summary.servers['pc1']?.peakBound).toBe(80000);
    expect(summary.connected.peakBound).toBe(80000);
    // Time above 20,000 is counted and warned; none above 30,000, and no warning about the (unset) limit.
    expect(summary.warnings.map((w) => [w.code, w.subject])).toEqual([
      ['server-over-capacity', 'pc1'],
      ['server-over-capacity', 'pc2'],
      ['server-over-capacity', 'pc3'],
    ]);
    expect(summary.servers['pc3']).toMatchObject({ peak: 26666, secondsOverCapacity: 3570 });
  });
});

describe('time over capacity', () => {
  it('closes an episode when the server gets back to its capacity', async () => {
    // One server, capacity 1, admission 3: two users from t = 0, both leaving at 1,000 s.
    const { summary } = await runObject({
      name: 'over',
      seed: 1,
      duration: 2000,
      sampleEvery: 100,
      topology: {
        edition: 'enterprise',
        pools: [{ name: 'p', capacityPerServer: 1, admissionLimitPerServer: 3, servers: [{ name: 'a' }] }],
      },
      workload: { initialConnected: 2, initialSessions: 'fresh', session: { dist: 'fixed', mean: 1000 } },
    });
    expect(summary.servers['a']).toMatchObject({
      secondsOverCapacity: 1000,
      overCapacityAtEnd: false,
      overCapacityEpisodes: [{ start: 0, end: 1000 }],
      overCapacityEpisodeCount: 1,
    });
  });
});
