import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { runObject } from '../helpers.js';

const pool = (servers: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  edition: 'enterprise',
  pools: [{ name: 'p', servers, ...extra }],
});
const four = [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }];

describe('balancing policies', () => {
  for (const balancing of ['least-connections', 'round-robin', 'random', 'power-of-two-choices']) {
    it(`${balancing} spreads 8,000 sign-ins over four servers without passing the admission limit`, () => {
      const summary = simulate(
        scenarioFromObject(
          {
            name: 'b',
            seed: 3,
            duration: 4000,
            topology: pool(four, { capacityPerServer: 2500 }),
            workload: {
              arrivals: { rate: 2 },
              session: { dist: 'fixed', mean: 100000 },
              balancing,
              retry: { maxAttempts: 0 },
            },
          },
          'b.yaml',
        ),
      );
      const peaks = Object.values(summary.servers).map((s) => s.peak);
      expect(Math.max(...peaks)).toBeLessThanOrEqual(2500);
      // Evenly enough that nobody is refused while the pool as a whole has room.
      expect(summary.signIns.denied).toBe(0);
      expect(Math.min(...peaks)).toBeGreaterThan(1800);
    });
  }

  it('round-robin cycles through the servers in order', async () => {
    const { timeline } = await runObject({
      name: 'rr',
      duration: 60,
      sampleEvery: 60,
      topology: pool(four),
      workload: { initialConnected: 6, initialSessions: 'fresh', balancing: 'round-robin' },
    });
    expect(timeline.split('\n')[1]).toBe('0,6,0,0,4,2,2,1,1,0');
  });
});

describe('sign-in rate limit', () => {
  it('accepts at most the token-bucket rate and refuses the rest with 503', () => {
    const summary = simulate(
      scenarioFromObject(
        {
          name: 'r',
          seed: 4,
          duration: 1000,
          topology: pool([{ name: 'a' }], { signInRatePerServer: 2 }),
          workload: {
            arrivals: { rate: 10 },
            session: { dist: 'fixed', mean: 100000 },
            retry: { maxAttempts: 0 },
          },
        },
        'r.yaml',
      ),
    );
    // 2/s for 1,000 s plus a one-second bucket of 2: at most 2,002 sign-ins get through.
    expect(summary.signIns.accepted).toBeLessThanOrEqual(2002);
    expect(summary.signIns.accepted).toBeGreaterThan(1990);
    expect(summary.signIns.denied).toBe(summary.signIns.attempts - summary.signIns.accepted);
  });

  it('sends a sign-in the least-loaded server has no token for to the next server with one', () => {
    // b comes back empty at t = 2 s and stays the least loaded for the whole run; at 1 sign-in/s it
    // takes about one arrival in ten, and a, with its own tokens, must take as many again.
    const summary = simulate(
      scenarioFromObject(
        {
          name: 'r',
          seed: 5,
          duration: 1000,
          topology: pool([{ name: 'a' }, { name: 'b' }], { signInRatePerServer: 1 }),
          workload: {
            initialConnected: 2000,
            initialSessions: 'fresh',
            arrivals: { rate: 10 },
            session: { dist: 'fixed', mean: 100000 },
            reconnectDelay: { dist: 'fixed', mean: 5000 },
            balancing: 'least-connections',
            retry: { maxAttempts: 0 },
          },
          faults: [
            { at: 1, fail: 'b' },
            { at: 2, restore: 'b' },
          ],
        },
        'r.yaml',
      ),
    );
    const joined = (name: string): number => {
      const s = summary.servers[name];
      return s === undefined ? -1 : s.peak;
    };
    expect(joined('b')).toBeGreaterThan(800);
    // a kept its 1,000 first users and took about as many new ones as b.
    expect(joined('a')).toBeGreaterThan(1000 + 800);
    expect(summary.signIns.accepted - 2000).toBeGreaterThan(1600);
  });
});

describe('restored servers', () => {
  const base = {
    name: 'r',
    duration: 3600,
    sampleEvery: 600,
    topology: pool([{ name: 'a' }, { name: 'b' }, { name: 's', role: 'standby' }]),
    workload: {
      initialConnected: 10,
      initialSessions: 'fresh',
      session: { dist: 'fixed', mean: 100000 },
      reconnectDelay: { dist: 'fixed', mean: 10 },
    },
    faults: [
      { at: 100, fail: 'a' },
      { at: 1000, restore: 'a' },
    ],
  };

  it('rejoins as standby by default', async () => {
    const { summary, events } = await runObject({ ...base, failover: { promoteStandbyAfter: 60 } });
    expect(summary.servers['a']?.endRole).toBe('standby');
    expect(summary.servers['s']?.endRole).toBe('active');
    expect(events).toContain('1000,restore,a,scheduled; rejoins as standby');
  });

  it('goes back into the active list with onRestore: active, soft-draining its replacement', async () => {
    const { summary, events, timeline } = await runObject({
      ...base,
      failover: { promoteStandbyAfter: 60, onRestore: 'active' },
    });
    expect(summary.servers['a']?.endRole).toBe('active');
    expect(summary.servers['s']?.endRole).toBe('active');
    // Three active roles fit within 4: nobody is demoted, and users are never moved off a running server.
    expect(events).not.toContain('demote,s');
    expect(timeline.trim().split('\n').at(-1)).toBe('3600,10,0,0,3,0,10,0,0');
  });

  it('cancels the promotion when the server is back before the admin reacts', async () => {
    const { summary, events } = await runObject({ ...base, failover: { promoteStandbyAfter: 2000 } });
    expect(summary.servers['a']?.endRole).toBe('active');
    expect(summary.servers['s']?.endRole).toBe('standby');
    expect(events).not.toContain('promote');
  });
});
