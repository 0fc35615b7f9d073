import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';

/** A 2-hour run of pool p with `servers` and `users` on its active servers from t = 0. */
const swapRun = (servers: object[], users: number, actions: object[]) =>
  runObject({
    name: 'swap-partial',
    seed: 1,
    duration: '2h',
    topology: { edition: 'enterprise', pools: [{ name: 'p', servers }] },
    workload: { initialConnected: users, initialSessions: 'fresh', session: { dist: 'fixed', mean: '100h' } },
    actions,
  });

describe('a swap with too few idle servers where active ones may be', () => {
  it('is a swap-partial, with a warning: one idle server in the database site leaves one active', async () => {
    // 3 active and 1 idle server in dc1 with the database, 3 idle in dc2 (no low-latency link).
    const { summary, events } = await swapRun(
      [
        ...['pc1', 'pc2', 'pc3'].map((name) => ({ name, site: 'dc1' })),
        { name: 'pc4', site: 'dc1', role: 'standby' },
        ...['pc5', 'pc6', 'pc7'].map((name) => ({ name, site: 'dc2', role: 'standby' })),
      ],
      300,
      [{ at: '1h', swap: 'p' }],
    );
    expect(events).toContain(
      '3600,swap-partial,p,"warning: active pc4, 1 of the 3 active before: too few idle servers in the database\'s site or one linked to it (lowLatencySites)"',
    );
    expect(events).not.toContain(',swap,');
    // The swapped-out servers keep their users (soft drain): 100 each; pc4 is the only active one.
    expect(summary.servers['pc4']?.endRole).toBe('active');
    expect(['pc1', 'pc2', 'pc3'].map((s) => summary.servers[s]?.endRole)).toEqual([
      'standby',
      'standby',
      'standby',
    ]);
    expect(summary.connected.end).toBe(300);
  });
});

describe('a swap with idle servers under maintenance', () => {
  it('is a swap-partial naming them: a drained standby is no idle server to take', async () => {
    // pc1 pc2 active, pc3 pc4 idle, one site. pc4, drained at 30 min, is under maintenance at the swap:
    // only pc3 may take over, and the warning says why.
    const { events } = await swapRun(
      [{ name: 'pc1' }, { name: 'pc2' }, { name: 'pc3', role: 'standby' }, { name: 'pc4', role: 'standby' }],
      200,
      [
        { at: '30m', drain: 'pc4' },
        { at: '1h', swap: 'p' },
      ],
    );
    expect(events).toContain(
      '3600,swap-partial,p,"warning: active pc3, 1 of the 2 active before: too few idle servers not under maintenance (drained: pc4)"',
    );
  });
});
