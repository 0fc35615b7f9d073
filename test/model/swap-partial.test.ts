import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';

describe('a swap with too few idle servers where active ones may be', () => {
  it('is a swap-partial, with a warning: one idle server in the database site leaves one active', async () => {
    // 3 active and 1 idle server in dc1 with the database, 3 idle in dc2 (no low-latency link).
    const { summary, events } = await runObject({
      name: 'swap-partial',
      seed: 1,
      duration: '2h',
      topology: {
        edition: 'enterprise',
        pools: [
          {
            name: 'p',
            servers: [
              ...['pc1', 'pc2', 'pc3'].map((name) => ({ name, site: 'dc1' })),
              { name: 'pc4', site: 'dc1', role: 'standby' },
              ...['pc5', 'pc6', 'pc7'].map((name) => ({ name, site: 'dc2', role: 'standby' })),
            ],
          },
        ],
      },
      workload: { initialConnected: 300, initialSessions: 'fresh', session: { dist: 'fixed', mean: '100h' } },
      actions: [{ at: '1h', swap: 'p' }],
    });
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
