import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';

/** 150,000 users on at t = 0 for the whole run, and sign-ins of new users at 0.01/s. */
const open = {
  name: 'provisioned',
  seed: 2,
  duration: '2h',
  sampleEvery: '10m',
  topology: {
    edition: 'enterprise',
    pools: [{ name: 'p', servers: ['pc1', 'pc2', 'pc3', 'pc4'].map((name) => ({ name })) }],
  },
  workload: {
    initialConnected: 150000,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: '100h' },
    arrivals: { rate: 0.01 },
  },
};

describe('the 150,000 users that can be enabled for Persistent Chat', () => {
  it('warns when an open model passes them: the first arrival is the 150,001st user', async () => {
    const { summary } = await runObject(open);
    const w = summary.warnings.find((x) => x.code === 'users-over-150000');
    // About 72 arrivals in 2 h; the warning counts from the first.
    expect(summary.users.arrivals).toBeGreaterThan(0);
    expect(w).toMatchObject({ subject: 'all pools', limit: 150000, peak: summary.users.wanted, atEnd: true });
    expect(summary.users.wanted).toBe(150000 + summary.users.arrivals);
    expect('seconds' in (w ?? {}) && 'firstAt_s' in (w ?? {})).toBe(true);
    const { seconds, firstAt_s } = w as unknown as { seconds: number; firstAt_s: number };
    expect(seconds + firstAt_s).toBeCloseTo(7200, 4); // each rounded to 9 significant digits
    expect(firstAt_s).toBeGreaterThan(0);
  });

  it('does not warn at 150,000 distinct users', async () => {
    const { summary } = await runObject({ ...open, workload: { ...open.workload, arrivals: undefined } });
    expect(summary.warnings.map((x) => x.code)).not.toContain('users-over-150000');
  });
});
