// Compliance as documented, with hand-computed figures: events go to mgccomp while it is up (nothing
// queues when nothing is down), the adapter exports every adapterInterval from t = 0, and a failure of
// mgccomp's site queues them on the servers until the site is back (mgccomp is never failed over).
import { describe, expect, it } from 'vitest';
import { aggregateSummaries, flattenStats } from '../../src/experiment/aggregate/aggregate.js';
import type { Json } from '../../src/experiment/run/replicate.js';
import { textSummary } from '../../src/io/text-summary.js';
import { runObject, scenarioProblems } from '../helpers.js';

/**
 * Ten users on one server, in lockstep with no chat: JOIN at 0, PART at 600, JOIN 840, PART 1440,
 * JOIN 1680, PART 2280, JOIN 2520, PART 3120, JOIN 3360 (sessions 10m, off 4m): 10 events at each.
 */
const scenario = (compliance: Record<string, unknown>, faults: unknown[] = []) => ({
  name: 'compliance',
  seed: 1,
  duration: '1h',
  sampleEvery: '1m',
  topology: {
    edition: 'enterprise',
    pools: [
      {
        name: 'p',
        compliance: { enabled: true, ...compliance },
        servers: [
          { name: 'a1', site: 'dc1' },
          { name: 'b1', site: 'dc2', role: 'standby' },
        ],
      },
    ],
  },
  workload: {
    population: 10,
    initialConnected: 10,
    initialSessions: 'fresh',
    session: { dist: 'fixed', mean: '10m' },
    offTime: { dist: 'fixed', mean: '4m' },
  },
  messages: { perUserPerHour: 0 },
  faults,
});

type Row = Record<string, number>;
function table(csv: string): Map<number, Row> {
  const [head, ...lines] = csv.trim().split('\n');
  const cols = (head ?? '').split(',');
  const rows = new Map<number, Row>();
  for (const line of lines) {
    const cells = line.split(',').map(Number);
    rows.set(cells[0] as number, Object.fromEntries(cols.map((c, i) => [c, cells[i] as number])));
  }
  return rows;
}
const column = (rows: Map<number, Row>, name: string) => [...rows.values()].map((r) => r[name]);

describe('compliance export by the adapter', () => {
  it('holds events in mgccomp until the 15-minute export', async () => {
    const { summary, timeline } = await runObject(scenario({ adapterInterval: '15m' }));
    // Written by 900: JOIN 0, PART 600, JOIN 840 = 30, the oldest from the step [0, 60]: it waited 900 s.
    // Then 20 per export (1800, 2700, 3600), the oldest 420, 480 and 540 s.
    expect(summary.pools['p']).toMatchObject({
      complianceBacklogPeak: 0,
      complianceBacklogEnd: 0,
      complianceUnexportedPeak: 30,
      complianceMaxExportWait_s: 900,
    });
    const rows = table(timeline);
    expect(
      [60, 600, 840, 900, 1440, 1680, 1800, 3540, 3600].map((t) => rows.get(t)?.['compliance_unexported']),
    ).toEqual([10, 20, 30, 0, 10, 20, 0, 20, 0]);
    expect(column(rows, 'compliance_backlog').every((b) => b === 0)).toBe(true);
  });

  it('takes the export figures over the window after a warm-up', async () => {
    const { summary } = await runObject({ ...scenario({ adapterInterval: '15m' }), warmup: '20m' });
    // Window [1200, 3600]: the 900 s export (30 events, 900 s) is before it; then 20 per export, the
    // longest wait 540 s (written from the step [3060, 3120], exported at 3600).
    expect(summary.pools['p']).toMatchObject({
      complianceUnexportedPeak: 20,
      complianceMaxExportWait_s: 540,
    });
  });

  it('counts a wait over the window only: an event written before the warm-up waits from its end', async () => {
    const { summary } = await runObject({ ...scenario({ adapterInterval: '45m' }), warmup: '20m' });
    // The JOINs of the step [0, 60] wait in mgccomp until the export at 2700 s: 2,700 s in all, but
    // 1,500 s of it in the window [1200, 3600] (at most its 2,400 s). After the export, the PART of the
    // step [3060, 3120] waits until the end: 540 s.
    expect(summary.pools['p']).toMatchObject({ complianceMaxExportWait_s: 1500 });
  });

  it('exports every minute with a 1-minute adapter', async () => {
    const { summary, timeline } = await runObject(scenario({ adapterInterval: '1m' }));
    // Each group of 10 is exported at the end of the step that wrote it: at most 10, waiting 60 s.
    expect(summary.pools['p']).toMatchObject({
      complianceBacklogPeak: 0,
      complianceUnexportedPeak: 10,
      complianceMaxExportWait_s: 60,
    });
    expect(column(table(timeline), 'compliance_unexported').every((u) => u === 0)).toBe(true);
  });
});

describe('compliance figures across replications', () => {
  it('aggregates the export figures like every figure, the interval kept at or above 0', async () => {
    const runs = await Promise.all(['1m', '15m'].map((i) => runObject(scenario({ adapterInterval: i }))));
    const agg = aggregateSummaries(runs.map((r) => JSON.parse(r.summaryJson) as { [key: string]: Json }));
    const stats = new Map(flattenStats(agg));
    const wait = stats.get('pools.p.complianceMaxExportWait_s');
    // 60 and 900: mean 480; the t interval (1 degree of freedom) reaches below 0 and is cut there.
    expect(wait).toMatchObject({ n: 2, mean: 480, min: 60, max: 900, lo: 0, clipped: true });
    expect(stats.get('pools.p.complianceUnexportedPeak')).toMatchObject({ mean: 20, min: 10, max: 30 });
  });
});

describe('mgccomp down: events queue on the servers', () => {
  const down = { complianceBacklogPeak: 20, complianceBacklogEnd: 0, complianceUnexportedPeak: 50 };

  it('says on the terminal what is still queued when the run ends, its wait cut short by the end', async () => {
    const { summary } = await runObject(scenario({ site: 'dc2' }, [{ at: 700, failSite: 'dc2' }]));
    // Down from 700 s to the end: the seven groups of 10 from 840 s on queue on the servers (70 at
    // the end); the 20 written before (JOIN at 0, PART at 600) wait in mgccomp from 0 to the end, 1 h.
    expect(textSummary(summary)).toContain(
      'compliance (p): up to 70 events queued on the servers while mgccomp was down (70 still queued when the run ended: their wait goes on past it); at most 20 events awaiting export; longest wait for export 1h00m00s',
    );
  });

  it('queues while the site holding mgccomp is down, and writes the queue once it is back', async () => {
    const { summary, timeline, events } = await runObject(
      scenario({ site: 'dc2' }, [
        { at: 700, failSite: 'dc2' },
        { at: 1500, restoreSite: 'dc2' },
      ]),
    );
    // mgccomp down over [700, 1500]: JOIN 840 and PART 1440 queue (20); the 900 export finds it down.
    // Back at 1500, the queue is written in the step [1500, 1560] (at 1,000/s), so mgccomp holds
    // 10 + 10 + 20 + 10 (JOIN 1680) = 50 at the 1800 export; the oldest, from [0, 60], waited 1800 s.
    expect(summary.pools['p']).toMatchObject({ ...down, complianceMaxExportWait_s: 1800 });
    const rows = table(timeline);
    const at = (name: string, times: number[]) => times.map((t) => rows.get(t)?.[name]);
    expect(at('compliance_backlog', [660, 840, 1440, 1500, 1560])).toEqual([0, 10, 20, 20, 0]);
    expect(at('compliance_unexported', [900, 1500, 1560, 1680, 1800])).toEqual([20, 20, 40, 50, 0]);
    expect(events).toContain('700,compliance-fail,p,compliance backlog 0 events; site dc2 failure');
    expect(events).toContain('1500,compliance-restore,p,compliance backlog 20 events; site dc2 restored');
  });

  it('keeps mgccomp down until both a compliance fault and a site failure are over, in either order', async () => {
    const faultFirst = await runObject(
      scenario({ site: 'dc2' }, [
        { at: 700, failCompliance: 'p' },
        { at: 800, failSite: 'dc2' },
        { at: 1000, restoreCompliance: 'p' },
        { at: 1500, restoreSite: 'dc2' },
      ]),
    );
    const siteFirst = await runObject(
      scenario({ site: 'dc2' }, [
        { at: 700, failSite: 'dc2' },
        { at: 800, failCompliance: 'p' },
        { at: 1000, restoreSite: 'dc2' },
        { at: 1500, restoreCompliance: 'p' },
      ]),
    );
    for (const run of [faultFirst, siteFirst])
      expect(run.summary.pools['p']).toMatchObject({ ...down, complianceMaxExportWait_s: 1800 });
    expect(faultFirst.events).toContain(
      '1000,compliance-restore,p,compliance backlog 10 events; still down: its site is down',
    );
  });

  it("puts mgccomp in the content database's site by default: a failure of another site queues nothing", async () => {
    const { summary } = await runObject(
      scenario({}, [
        { at: 700, failSite: 'dc2' },
        { at: 1500, restoreSite: 'dc2' },
      ]),
    );
    expect(summary.pools['p']).toMatchObject({ complianceBacklogPeak: 0, complianceMaxExportWait_s: 900 });
  });

  it('gives the same compliance figures for sampleEvery 1m, 7m and 15m', async () => {
    const faults = [
      { at: 700, failSite: 'dc2' },
      { at: 1500, restoreSite: 'dc2' },
    ];
    const runs = await Promise.all(
      ['1m', '7m', '15m'].map((sampleEvery) =>
        runObject({ ...scenario({ site: 'dc2' }, faults), sampleEvery }),
      ),
    );
    for (const run of runs) expect(run.summaryJson).toBe(runs[0]?.summaryJson);
    expect(runs[2]?.summary.pools['p']).toMatchObject({ ...down, complianceMaxExportWait_s: 1800 });
  });

  it('rejects a compliance.site that is no site of the topology', () => {
    expect(scenarioProblems(scenario({ site: 'dc9' }))).toEqual([
      'x.yaml: topology.pools[0].compliance.site: unknown site "dc9"; expected one of dc1, dc2',
    ]);
  });
});
