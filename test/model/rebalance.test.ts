import { describe, expect, it } from 'vitest';
import { runObject } from '../helpers.js';

/** N-1 at full load with the documented overload: pc4 fails at 1h and is repaired at 2h. */
const nMinus1 = (rebalanceOnRestore: boolean) => ({
  name: 'rebalance',
  seed: 1,
  duration: '3h',
  topology: {
    edition: 'enterprise',
    pools: [
      {
        name: 'p',
        admissionLimitPerServer: 30000,
        servers: ['pc1', 'pc2', 'pc3', 'pc4'].map((name) => ({ name })),
      },
    ],
  },
  workload: {
    initialConnected: 80000,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: '100h' },
    reconnectDelay: { dist: 'fixed', mean: '30s' },
  },
  faults: [
    { at: '1h', fail: 'pc4' },
    { at: '2h', restore: 'pc4' },
  ],
  failover: { rebalanceOnRestore },
});

describe('rebalanceOnRestore', () => {
  it('ends the survivors time over capacity at the repair: 2h − 1h00m30s = 3,570 s each', async () => {
    const { summary, events } = await runObject(nMinus1(true));
    expect(['pc1', 'pc2', 'pc3'].map((s) => summary.servers[s]?.secondsOverCapacity)).toEqual([
      3570, 3570, 3570,
    ]);
    expect(events).toContain('7200,rebalance,pc4,20000 users above capacity move to it');
    expect(summary.connected.end).toBe(80000);
    expect(summary.servers['pc4']?.peak).toBe(20000);
  });

  it('without it, the survivors stay over capacity to the end of the run', async () => {
    const { summary } = await runObject(nMinus1(false));
    expect(['pc1', 'pc2', 'pc3'].map((s) => summary.servers[s]?.secondsOverCapacity)).toEqual([
      7170, 7170, 7170,
    ]);
  });
});
