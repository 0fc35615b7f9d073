// The replication confidence interval covers a known mean: by Little's law the time-average number of
// connected users is (accepted sign-in rate) × (mean session). Parameters (ours): Poisson sign-ins at
// 0.05/s, exponential sessions of mean 2,000 s, no admission limit reached (capacity 20,000 ≫ 100 users),
// so every sign-in is accepted and L = 0.05 × 2,000 = 100. Starting with 100 users on stationary residual
// sessions makes E[connected(t)] = 100 at every t, so the run's time average has mean exactly 100.
import { describe, expect, it } from 'vitest';
import { aggregateValues, type MetricStats } from '../../src/experiment/aggregate/aggregate.js';
import { metricsOf } from '../../src/experiment/run/replicate.js';
import { replicationPlan } from '../../src/experiment/replications/replications.js';
import { runTasks } from '../../src/experiment/run/task-runner.js';
import { scenarioFromObject } from '../../src/scenario/load.js';

const RATE_PER_S = 0.05;
const MEAN_SESSION_S = 2000;
const LITTLE = RATE_PER_S * MEAN_SESSION_S;
const EXPERIMENTS = 100;
const REPLICATIONS = 10;

function scenario(seed: number) {
  return scenarioFromObject(
    {
      name: 'little',
      seed,
      duration: 20000,
      sampleEvery: 20000,
      topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }] }] },
      workload: {
        arrivals: { rate: RATE_PER_S },
        session: { dist: 'exponential', mean: MEAN_SESSION_S },
        initialConnected: LITTLE,
      },
    },
    'little.yaml',
  );
}

describe('replication confidence intervals', () => {
  it(`cover Little's-law mean connected users in at least 90 of ${EXPERIMENTS} seeded experiments`, async () => {
    let covered = 0;
    for (let seed = 1; seed <= EXPERIMENTS; seed++) {
      const { tasks } = replicationPlan(scenario(seed), REPLICATIONS, null);
      const { results } = await runTasks(tasks, { workers: 1 });
      const tree = aggregateValues(results.map(metricsOf)) as { connected: { mean: MetricStats } };
      const ci = tree.connected.mean;
      expect(ci.n).toBe(REPLICATIONS);
      if (ci.lo <= LITTLE && LITTLE <= ci.hi) covered++;
    }
    // A nominal 95% interval: P(fewer than 90 of 100) ≈ 1.1% if coverage is right.
    expect(covered).toBeGreaterThanOrEqual(90);
    expect(covered).toBeLessThan(EXPERIMENTS); // an interval that always covers would be too wide to mean anything
  });
});
