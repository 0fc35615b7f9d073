import { describe, expect, it } from 'vitest';
import { textSummary } from '../../src/io/text-summary.js';
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
    // The move is a disruption of its own: 6,667 + 6,667 + 6,666 users out for the 30 s reconnect.
    expect(summary.outages[1]).toMatchObject({
      start: 7200,
      end: 7200,
      cause: 'rebalance onto pc4',
      usersAffected: 20000,
      usersRecovered: 20000,
      recovery_s: 30,
    });
    expect(summary.userSecondsWithoutService.total).toBe(20000 * 30 + 20000 * 30);
    expect(summary.servers['pc1']?.overCapacityAfterRestore_s).toBeNull();
  });

  it('without it, the survivors stay over capacity to the end of the run', async () => {
    const { summary } = await runObject(nMinus1(false));
    expect(['pc1', 'pc2', 'pc3'].map((s) => summary.servers[s]?.secondsOverCapacity)).toEqual([
      7170, 7170, 7170,
    ]);
    // 26,667 / 26,667 / 26,666 when pc4 is back at 2h, and still at the end (3h): 3,600 s each.
    expect(['pc1', 'pc2', 'pc3', 'pc4'].map((s) => summary.servers[s]?.overCapacityAfterRestore_s)).toEqual([
      3600,
      3600,
      3600,
      null,
    ]);
    expect(summary.outages).toHaveLength(1);
    expect(textSummary(summary)).toContain(
      'pc1: still over 20,000 for 1h00m00s after the restore (and at the end): no rebalance (rebalanceOnRestore false, an assumption); users leave as their sessions end',
    );
  });
});
