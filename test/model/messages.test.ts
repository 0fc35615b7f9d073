// Message and compliance figures come from the model's own accrual schedule, never from sampling:
// the same seed gives the same figures for any sampleEvery, and simulate() gives what a run gives.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { csvRows, runConfig } from '../helpers.js';

const FILE = 'scenarios/compliance-outage.yaml';

describe('messages and compliance', () => {
  it('gives the same figures and rows for sampleEvery 1m, 7m, 15m and 5h', async () => {
    const runs = await Promise.all(
      ['1m', '7m', '15m', '5h'].map((sampleEvery) => runConfig(loadScenarioFile(FILE, { sampleEvery }))),
    );
    const [fine, ...coarse] = runs.map((r) => ({
      summary: r.summaryJson,
      rows: new Map(csvRows(r.timeline).map((row) => [row[0], row.join(',')])),
    }));
    for (const run of coarse) {
      expect(run.summary).toBe(fine?.summary);
      // Every row at a whole minute is the 1m run's row at that time, message columns included.
      for (const [time, row] of run.rows) if (Number(time) % 60 === 0) expect(row).toBe(fine?.rows.get(time));
    }
    const summary = JSON.parse(fine?.summary ?? '{}') as { pools: Record<string, Record<string, number>> };
    const pool = Object.values(summary.pools)[0];
    expect(pool?.['messages']).toBeGreaterThan(0);
    // The compliance figures compared above exist and are not trivial.
    expect(pool?.['complianceBacklogPeak']).toBeGreaterThan(0);
    expect(pool?.['complianceUnexportedPeak']).toBeGreaterThan(0);
    expect(pool?.['complianceMaxExportWait_s']).toBeGreaterThan(0);
  });

  it('makes simulate() give exactly the summary of a run, at any sampleEvery', async () => {
    for (const sampleEvery of ['1m', '5h']) {
      const config = loadScenarioFile(FILE, { sampleEvery });
      const run = await runConfig(config);
      expect(`${JSON.stringify(simulate(config), null, 2)}\n`).toBe(run.summaryJson);
    }
  });
});
