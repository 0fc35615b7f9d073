import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';

const run = (doc: unknown) => simulate(scenarioFromObject(doc, 'x.yaml'));
const pool = (name: string, extra: object = {}) => ({
  name,
  ...extra,
  servers: [1, 2, 3, 4].map((i) => ({ name: `${name}${i}` })),
});
const onePool100k = (warmup: number) => ({
  name: 'one-pool-100k',
  duration: '2h',
  topology: { edition: 'enterprise', pools: [pool('p', { admissionLimitPerServer: 35000 })] },
  workload: {
    initialConnected: 100000,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: '100h' },
    reconnectDelay: { dist: 'fixed', mean: '30s' },
  },
  faults: [{ at: '1h', fail: 'p4' }],
  warmup,
});
const byCode = (s: ReturnType<typeof run>, code: string) => s.warnings.filter((w) => w.code === code);

describe('limit warnings from the load', () => {
  it('200,000 closed users: 120,000 sign in at 10 min on 4 servers admitting 30,000', () => {
    // Everyone is signed out at t = 0 for a whole off-time (fresh) and back at 600 s; 4 × 30,000 are
    // admitted, the rest keep retrying.
    const s = run({
      name: 'closed-200k',
      duration: '1h',
      topology: { edition: 'enterprise', pools: [pool('p', { admissionLimitPerServer: 30000 })] },
      workload: {
        population: 200000,
        initialConnected: 0,
        initialSessions: 'fresh',
        offTime: { dist: 'fixed', mean: '10m' },
        session: { dist: 'fixed', mean: '1h' },
      },
    });
    expect(byCode(s, 'population-over-150000')).toEqual([
      {
        code: 'population-over-150000',
        subject: 'workload.population',
        message:
          "The scenario's workload.population is 200,000 users, more than the 150,000 users enabled for Persistent Chat the documentation sizes for [doc].",
        limit: 150000,
        value: 200000,
      },
    ]);
    expect(byCode(s, 'all-pools-over-80000')).toEqual([
      {
        code: 'all-pools-over-80000',
        subject: 'all pools',
        message:
          'Connected users across all pools were above the 80,000 concurrent users all pools together support [doc] for 50m00s in all, first at 10m00s, peak 120,000 users, still above it when the run ended.',
        limit: 80000,
        firstAt_s: 600,
        seconds: 3000,
        peak: 120000,
        atEnd: true,
      },
    ]);
    expect(byCode(s, 'server-over-capacity').map((w) => [w.subject, w])).toEqual(
      ['p1', 'p2', 'p3', 'p4'].map((n) => [
        n,
        expect.objectContaining({ limit: 20000, firstAt_s: 600, seconds: 3000, peak: 30000, atEnd: true }),
      ]),
    );
    // 30,000 is the documented worst case itself, not above it.
    expect(byCode(s, 'server-over-30000')).toEqual([]);
    expect(byCode(s, 'admission-limit-over-30000')).toEqual([]);
  });

  it('100,000 on one pool admitting 35,000: over 20,000, over 30,000 after a failure, over 80,000 in all', () => {
    // 25,000 per server from t = 0; pc4 fails at 1h and its 25,000 reconnect 30 s later onto the other
    // three (33,334 / 33,333 / 33,333). Connected: 100,000, then 75,000 for 30 s, then 100,000 again.
    const s = run(onePool100k(0));
    expect(byCode(s, 'admission-limit-over-30000')).toEqual([
      {
        code: 'admission-limit-over-30000',
        subject: 'topology.pools[0].admissionLimitPerServer',
        message:
          'The scenario\'s topology.pools[0].admissionLimitPerServer lets a server take 35,000 users, beyond the documented worst case of a server "hosting as many as 30,000 users" after a failure [doc].',
        limit: 30000,
        value: 35000,
      },
    ]);
    expect(byCode(s, 'all-pools-over-80000')).toEqual([
      expect.objectContaining({ firstAt_s: 0, seconds: 3600 + 3570, peak: 100000, atEnd: true }),
    ]);
    const peaks = [33334, 33333, 33333];
    expect(byCode(s, 'server-over-capacity')).toEqual([
      ...peaks.map((peak, i) =>
        expect.objectContaining({ subject: `p${i + 1}`, firstAt_s: 0, seconds: 7200, peak, atEnd: true }),
      ),
      expect.objectContaining({ subject: 'p4', firstAt_s: 0, seconds: 3600, peak: 25000, atEnd: false }),
    ]);
    expect(byCode(s, 'server-over-30000')).toEqual(
      peaks.map((peak, i) => ({
        code: 'server-over-30000',
        subject: `p${i + 1}`,
        message: `Server p${i + 1} held more than 30,000 users, beyond the documented worst case of a server "hosting as many as 30,000 users" after a failure [doc] for 59m30s in all, first at 1h00m30s, peak ${peak.toLocaleString('en-US')} users, still above it when the run ended.`,
        limit: 30000,
        firstAt_s: 3630,
        seconds: 3570,
        peak,
        atEnd: true,
      })),
    );
  });

  it('120,000 across two pools: above 80,000 from 20 min until the first sessions end at 1 h', () => {
    // 30,000 per pool on at t = 0 (1 h sessions); the other 30,000 per pool come back at 20 min.
    const s = run({
      name: 'two-pools-120k',
      duration: '5000s',
      topology: { edition: 'enterprise', pools: [pool('a', { userShare: 1 }), pool('b', { userShare: 1 })] },
      workload: {
        population: 120000,
        initialConnected: 60000,
        initialSessions: 'fresh',
        offTime: { dist: 'fixed', mean: '20m' },
        session: { dist: 'fixed', mean: '1h' },
      },
    });
    expect(s.warnings.map((w) => w.code)).toEqual(['topology-sized-over-80000', 'all-pools-over-80000']);
    expect(s.warnings[0]).toMatchObject({ subject: 'topology.pools', limit: 80000, value: 160000 });
    expect(s.warnings[1]).toEqual({
      code: 'all-pools-over-80000',
      subject: 'all pools',
      message:
        'Connected users across all pools were above the 80,000 concurrent users all pools together support [doc] for 40m00s in all, first at 20m00s, peak 120,000 users.',
      limit: 80000,
      firstAt_s: 1200,
      seconds: 2400,
      peak: 120000,
      atEnd: false,
    });
  });

  it('counts over the summary window only: with a 1 h warm-up, from the warm-up end', () => {
    // At 1h the warm-up ends just before p4 fails: 100,000 connected, each server at 25,000.
    const s = run(onePool100k(3600));
    expect(byCode(s, 'all-pools-over-80000')).toEqual([
      expect.objectContaining({ firstAt_s: 3600, seconds: 3570, peak: 100000, atEnd: true }),
    ]);
    expect(byCode(s, 'server-over-capacity').map((w) => [w.subject, w])).toEqual([
      ['p1', expect.objectContaining({ firstAt_s: 3600, seconds: 3600, peak: 33334 })],
      ['p2', expect.objectContaining({ firstAt_s: 3600, seconds: 3600, peak: 33333 })],
      ['p3', expect.objectContaining({ firstAt_s: 3600, seconds: 3600, peak: 33333 })],
      ['p4', expect.objectContaining({ firstAt_s: 3600, seconds: 0, peak: 25000, atEnd: false })],
    ]);
    expect(byCode(s, 'server-over-30000').map((w) => ('seconds' in w ? w.seconds : null))).toEqual([
      3570, 3570, 3570,
    ]);
  });

  it('is empty when neither the scenario nor the load passes a limit', () => {
    const s = run({
      ...onePool100k(0),
      workload: { initialConnected: 80000 },
      faults: [],
      topology: { edition: 'enterprise', pools: [pool('p')] },
    });
    expect(s.connected.peak).toBe(80000);
    expect(s.warnings).toEqual([]);
  });
});
