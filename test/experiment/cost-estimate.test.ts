import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COST_LIMITS, costProblem, estimateCost } from '../../src/experiment/cost-estimate.js';
import { simulate } from '../../src/experiment/simulate.js';
import { loadScenarioFile, scenarioFromObject } from '../../src/scenario/load.js';

const shipped = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('the up-front cost estimate', () => {
  it.each(shipped)('estimates the events of %s within a factor of 10', (f) => {
    const config = loadScenarioFile(join('scenarios', f));
    const actual = simulate(config).events_processed;
    const estimate = estimateCost(config).events;
    expect(estimate / actual).toBeGreaterThan(0.1);
    expect(estimate / actual).toBeLessThan(10);
    expect(costProblem(estimateCost(config))).toBeUndefined();
  });

  const base = {
    topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }] }] },
  };

  it('counts closed-model cycles, timeline rows and memory from the scenario', () => {
    const e = estimateCost(
      scenarioFromObject(
        {
          ...base,
          duration: 1000,
          sampleEvery: 10,
          workload: {
            population: 100,
            offTime: { dist: 'fixed', mean: 60 },
            session: { dist: 'fixed', mean: 40 },
          },
        },
        'x',
      ),
    );
    // 100 users × 1000 s / (40 + 60) s per cycle = 1000 cycles of 2 events.
    expect(e.events).toBe(2000);
    expect(e.timelineRows).toBe(102);
    expect(e.memoryBytes).toBeGreaterThan(100 * 35);
  });

  it('flags a timeline of billions of rows even with no users', () => {
    const e = estimateCost(scenarioFromObject({ ...base, duration: '365d', sampleEvery: '1ms' }, 'x'));
    expect(e.events).toBe(0);
    expect(e.outputBytes).toBeGreaterThan(COST_LIMITS.outputBytes);
    expect(costProblem(e)).toBe(
      'this run is expected to need about 1.8 TB of timeline.csv (3.2e10 rows), about 252 GB of memory; beyond 2.0e9 events or 4.0 GB, add --yes to run it anyway',
    );
  });

  it('flags a closed population that never rests', () => {
    const e = estimateCost(
      scenarioFromObject(
        {
          ...base,
          workload: {
            population: 10,
            offTime: { dist: 'fixed', mean: 0 },
            session: { dist: 'fixed', mean: 0 },
          },
        },
        'x',
      ),
    );
    expect(e.events).toBe(Infinity);
    expect(costProblem(e)).toMatch(/about unbounded events \(~forever/);
  });
});
