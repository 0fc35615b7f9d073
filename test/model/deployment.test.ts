import { describe, expect, it } from 'vitest';
import { csvRows, runFile } from '../helpers.js';

/** The timeline as objects keyed by column name, one per row. */
function table(timeline: string): Record<string, number>[] {
  const [header, ...rows] = csvRows(timeline);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, Number(r[i])])));
}

function at(rows: Record<string, number>[], t: number): Record<string, number> {
  const row = rows.find((r) => r['time_s'] === t);
  if (row === undefined) throw new Error(`no row at ${t}`);
  return row;
}

describe('content database failover', () => {
  it('fails over to the mirror after 5 minutes with a witness; everyone back at 1h05m30s', async () => {
    const { summary, timeline } = await runFile('scenarios/db-mirror-witness.yaml');
    expect(summary.outages).toEqual([
      {
        start: 3600,
        end: 3900,
        cause: 'database failure: pool pchat without database',
        usersAffected: 60000,
        usersRecovered: 60000,
        usersLost: 0,
        usersLeftWhileWaiting: 0,
        usersStillWaiting: 0,
        recovery_s: 330,
        recovery95_s: 330,
        signInFloor_s: 6000,
        frontEndFloor_s: null,
        recoveryPointAge_s: null,
        messagesLost: null,
        bytesLost: null,
        // Everyone back at 3,930 s: the window ends 900 s later; every reconnection before was refused.
        window: {
          end: 4830,
          complete: true,
          firstAttempts: 60000,
          firstRefused: 60000,
          blocking: 1,
          usersWanting: 60000,
          usersLost: 0,
          lostFraction: 0,
          recovery95_s: 330,
        },
      },
    ]);
    // Every user: refused at 30, 90, 150, 210 and 270 s after the failure, in at 330 s.
    expect(summary.signIns).toMatchObject({ accepted: 120000, denied: 300000, gaveUp: 0 });
    expect(summary.userSecondsWithoutService.total).toBe(60000 * 330);
    expect(summary.pools['pchat']).toMatchObject({ endState: 4, database: 'mirror' });
    const rows = table(timeline);
    expect(at(rows, 3540)).toMatchObject({ connected: 60000, pchat_state: 0, active_servers: 4 });
    expect(at(rows, 3600)).toMatchObject({ connected: 0, waiting: 60000, pchat_state: 2, active_servers: 0 });
    expect(at(rows, 3900)).toMatchObject({ connected: 0, pchat_state: 4, active_servers: 4 });
    expect(at(rows, 3960)).toMatchObject({ connected: 60000, waiting: 0 });
  });

  it('waits for the administrator without a witness; everyone back at 1h15m30s', async () => {
    const { summary, events } = await runFile('scenarios/db-mirror-no-witness.yaml');
    expect(summary.outages[0]).toMatchObject({
      start: 3600,
      end: 4500,
      usersAffected: 60000,
      recovery_s: 930,
    });
    expect(summary.signIns).toMatchObject({ denied: 15 * 60000, gaveUp: 0 });
    expect(summary.userSecondsWithoutService.total).toBe(60000 * 930);
    expect(events).toContain('4500,database-failover,pchat,mirror database online in dc1');
  });
});

describe('site disaster recovery and failback', () => {
  it('runs the documented procedure: outage, FailedOver on dc2, full outage during failback, Normal', async () => {
    const { summary, timeline, events } = await runFile('scenarios/site-dr-failback.yaml');
    const rows = table(timeline);
    const states = [0, 3600, 7200, 7260, 14400, 18000, 19800, 19860].map((t) => [
      at(rows, t)['pchat_state'],
      at(rows, t)['active_servers'],
      at(rows, t)['connected'],
    ]);
    expect(states).toEqual([
      [0, 4, 60000], // normal, dc1 active
      [2, 0, 0], // dc1 lost: no database, nobody served
      [1, 4, 0], // backup online in dc2, pc5-pc8 active; users come back 30 s later
      [1, 4, 60000],
      [1, 4, 60000], // dc1 back: its servers rejoin as standby, no automatic failback
      [3, 0, 0], // failback: all active servers cleared
      [0, 4, 0], // Normal, dc1 active again
      [0, 4, 60000],
    ]);
    expect(['pc5', 'pc6', 'pc7', 'pc8'].map((s) => at(rows, 7260)[s])).toEqual([15000, 15000, 15000, 15000]);
    expect(['pc1', 'pc2', 'pc3', 'pc4'].map((s) => at(rows, 19860)[s])).toEqual([15000, 15000, 15000, 15000]);
    expect(summary.outages.map((o) => [o.start, o.end, o.usersAffected, o.recovery_s])).toEqual([
      [3600, 7200, 60000, 3630],
      [18000, 19800, 60000, 1830],
    ]);
    expect(summary.recovery_s).toEqual({
      count: 2,
      mean: 2730,
      p50: 1830,
      p95: 3630,
      max: 3630,
      unrecovered: 0,
    });
    expect(events).toContain('7200,set-active,pchat,database in dc2: active pc5 pc6 pc7 pc8');
    expect(events).toContain(
      '18000,failback-start,pchat,all active servers cleared for 1800 s; 60000 users disconnected',
    );
  });

  it('moves a 2 + 2 stretched pool entirely onto the surviving site', async () => {
    const { summary, timeline, events } = await runFile('scenarios/stretched-2-2.yaml');
    const rows = table(timeline);
    const cut = [...events.matchAll(/^7200,[^\n]*?(\d+) users disconnected/gm)].reduce(
      (a, m) => a + Number(m[1]),
      0,
    );
    expect(at(rows, 7140)['active_servers']).toBe(4);
    expect(at(rows, 7200)).toMatchObject({ pchat_state: 2, active_servers: 0, connected: 0 });
    expect(at(rows, 9900)).toMatchObject({ pchat_state: 1, active_servers: 4 });
    expect(summary.servers['pb3']?.endRole).toBe('active');
    // pa1 went out of the active list with its site, and its site never came back: it ends failed.
    expect(summary.servers['pa1']?.endRole).toBe('failed');
    // One outage for the whole site: the users of dc1's servers and then, without a database, dc2's.
    expect(summary.outages).toHaveLength(1);
    expect(summary.outages[0]?.usersAffected).toBe(cut);
    expect(cut).toBeGreaterThan(40000);
  });
});

describe('rolling patching', () => {
  it('denies nobody when three servers hold everyone', async () => {
    const { summary } = await runFile('scenarios/rolling-patch.yaml');
    expect(summary.signIns).toMatchObject({ denied: 0, gaveUp: 0 });
    expect(summary.outages.map((o) => [o.cause, o.usersAffected, o.recovery_s])).toEqual([
      ['forced drain of pc1', 12500, 30],
      ['forced drain of pc2', 16667, 30],
      ['forced drain of pc3', 16667, 30],
      ['forced drain of pc4', 16666, 30],
    ]);
  });

  it('refuses exactly the 10,000 users three full servers cannot hold', async () => {
    const { summary } = await runFile('scenarios/rolling-patch-short.yaml');
    expect(summary.signIns).toMatchObject({ denied: 10000, gaveUp: 10000 });
    // 10,000 of the 17,500 never back: no recovery time, not even for 95% of them.
    expect(summary.outages[0]).toMatchObject({
      usersAffected: 17500,
      usersRecovered: 7500,
      usersLost: 10000,
      usersLeftWhileWaiting: 0,
      usersStillWaiting: 0,
      recovery_s: null,
      recovery95_s: null,
    });
    // The other three drains' users all came back.
    expect(summary.recovery_s).toMatchObject({ count: 3, unrecovered: 1 });
    expect(summary.connected.end).toBe(60000);
  });
});

describe('compliance and message volume', () => {
  it('queues compliance events only while mgccomp is down and drains them after', async () => {
    const { summary, timeline } = await runFile('scenarios/compliance-outage.yaml');
    const rows = table(timeline);
    const backlog = (t: number) => at(rows, t)['compliance_backlog'] as number;
    // Nothing queues while mgccomp is up, the 72,000 initial users' JOINs included: they go to mgccomp.
    expect(
      rows.filter((r) => (r['time_s'] as number) < 7200).every((r) => r['compliance_backlog'] === 0),
    ).toBe(true);
    expect(at(rows, 60)['compliance_unexported']).toBeGreaterThan(72000);
    const during = [7260, 9000, 12000, 14400].map(backlog);
    expect(during).toEqual([...during].sort((a, b) => a - b));
    expect(backlog(14400)).toBe(summary.pools['pchat']?.complianceBacklogPeak);
    expect(backlog(14700)).toBe(0); // ~190,000 events drain at 1,000/s in about 3 minutes
    // Events written after the 6300 s export wait in mgccomp, down from 7200, until the adapter's 14400 s
    // export finds it back: 8100 s, the longest wait (the queue written after 14400 waits until 15300).
    expect(summary.pools['pchat']?.complianceMaxExportWait_s).toBe(8100);
    // Given the connected users' path, the message count is Poisson(rate × user-seconds): within 5 sd.
    const expected = (1.08 / 3600) * summary.connected.mean * summary.duration_s;
    const messages = summary.pools['pchat']?.messages ?? 0;
    expect(Math.abs(messages - expected)).toBeLessThan(5 * Math.sqrt(expected));
    expect(summary.pools['pchat']?.contentDbBytes).toBe(messages * 1000);
    expect(at(rows, 21600)['messages']).toBe(messages);
  });
});

describe('several pools', () => {
  it('cuts off only the pool whose database failed, and warns above 80,000 across pools', async () => {
    const { summary, timeline } = await runFile('scenarios/two-pools-two-regions.yaml');
    expect(summary.userSecondsWithoutService.pools['amer']).toBe(0);
    expect(summary.userSecondsWithoutService.pools['emea']).toBeGreaterThan(0);
    const rows = table(timeline);
    expect(at(rows, 10800)).toMatchObject({ emea_state: 2, amer_state: 0, emea1: 0, emea2: 0, emea3: 0 });
    expect((at(rows, 10800)['amer1'] as number) > 0).toBe(true);
    expect(summary.warnings.map((w) => w.code)).toContain('topology-sized-over-80000');
  });
});
