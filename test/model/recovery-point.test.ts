import { describe, expect, it } from 'vitest';
import { csvRows, runObject } from '../helpers.js';

/** Layout B: 4 active servers in dc1 with the database, 4 idle in dc2 with the log-shipped backup. */
function layoutB(extra: { database?: object; messages?: object; faults: object[] }): Record<string, unknown> {
  return {
    name: 'recovery-point',
    seed: 3,
    duration: '3h',
    sampleEvery: '1m',
    topology: {
      edition: 'enterprise',
      pools: [
        {
          name: 'pchat',
          database: { site: 'dc1', backupSite: 'dc2', ...extra.database },
          servers: [
            ...['pc1', 'pc2', 'pc3', 'pc4'].map((name) => ({ name, site: 'dc1' })),
            ...['pc5', 'pc6', 'pc7', 'pc8'].map((name) => ({ name, site: 'dc2', role: 'standby' })),
          ],
        },
      ],
    },
    workload: {
      initialConnected: 10000,
      session: { dist: 'fixed', mean: '100h' },
      initialSessions: 'fresh',
      reconnectDelay: { dist: 'fixed', mean: '30s' },
    },
    ...(extra.messages === undefined ? {} : { messages: extra.messages }),
    faults: extra.faults,
    failover: { site: { after: '1h' } },
  };
}

/** content_db_bytes at time `t` of the timeline. */
function bytesAt(timeline: string, t: number): number {
  const [header, ...rows] = csvRows(timeline);
  const col = (header ?? []).indexOf('content_db_bytes');
  const row = rows.find((r) => Number(r[0]) === t);
  if (row === undefined) throw new Error(`no row at ${t}`);
  return Number(row[col]);
}

describe('a recovery point: the log-shipped backup is as old as the last shipment', () => {
  it('loses the 10 minutes since the 1h shipment when dc1 is lost at 1h10m', async () => {
    // Shipments every 15 minutes from 0: the last before 1h10m is at 1h, so the backup is 600 s old.
    // 10,000 users × 3.6 messages an hour write 10 a second: about 6,000 messages (6 MB) in 600 s.
    const { summary, timeline, events } = await runObject(
      layoutB({
        messages: { perUserPerHour: 3.6, bytesPerMessage: 1000 },
        faults: [{ at: '1h10m', failSite: 'dc1' }],
      }),
    );
    const o = summary.outages[0];
    expect(o).toMatchObject({ start: 4200, end: 7800, usersAffected: 10000, recoveryPointAge_s: 600 });
    // Exactly what was written between the shipment at 3,600 s and the loss at 4,200 s; the content
    // database drops back to its size at the shipment when the backup comes online at 7,800 s.
    const lost = bytesAt(timeline, 4200) - bytesAt(timeline, 3600);
    expect(o?.bytesLost).toBe(lost);
    expect(o?.messagesLost).toBe(lost / 1000);
    expect(o?.messagesLost).toBeGreaterThan(6000 - 4 * Math.sqrt(6000));
    expect(o?.messagesLost).toBeLessThan(6000 + 4 * Math.sqrt(6000));
    expect(bytesAt(timeline, 7800)).toBe(bytesAt(timeline, 3600));
    // A site failover: clients log on to the Front End pool again, 10,000 / 12 logons/s at least.
    expect(o?.frontEndFloor_s).toBe(833.333333);
    expect(events).toContain(
      `recovery point 600 s old, ${o?.messagesLost} messages (${o?.bytesLost} bytes) lost`,
    );
  });

  it('loses the shipment due at the instant of the failure: a whole interval', async () => {
    const { summary } = await runObject(layoutB({ faults: [{ at: '1h15m', failSite: 'dc1' }] }));
    // The shipment at 4,500 s falls with the failure, which comes first: the backup is from 3,600 s.
    // No messages workload: the age alone.
    expect(summary.outages[0]).toMatchObject({
      recoveryPointAge_s: 900,
      messagesLost: null,
      bytesLost: null,
    });
  });

  it('follows logShippingInterval and logShippingOffset', async () => {
    // Shipments at 7 + 5k minutes: the last before 1h10m (70 min) is at 67 min, 180 s before.
    const { summary } = await runObject(
      layoutB({
        database: { logShippingInterval: '5m', logShippingOffset: '7m' },
        faults: [{ at: '1h10m', failSite: 'dc1' }],
      }),
    );
    expect(summary.outages[0]).toMatchObject({ recoveryPointAge_s: 180 });
  });

  it('ships nothing while the pool has no database online', async () => {
    // Shipped at 45 min; the database fails at 50 min and is back at 55 min; dc1 is lost at 58 min,
    // before the next shipment (60 min): the backup is from 45 min, 13 minutes old.
    const { summary } = await runObject(
      layoutB({
        faults: [
          { at: '50m', failDatabase: 'pchat' },
          { at: '55m', restoreDatabase: 'pchat' },
          { at: '58m', failSite: 'dc1' },
        ],
      }),
    );
    expect(summary.outages.map((o) => o.recoveryPointAge_s)).toEqual([null, 780]);
  });

  it('loses nothing in a mirror failover', async () => {
    const { summary } = await runObject(
      layoutB({
        database: { mirror: true, witness: true },
        messages: { perUserPerHour: 3.6 },
        faults: [{ at: '1h10m', failDatabase: 'pchat' }],
      }),
    );
    expect(summary.outages[0]).toMatchObject({
      recoveryPointAge_s: null,
      messagesLost: null,
      frontEndFloor_s: null,
    });
  });
});
