import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/run/simulate.js';
import { buildVariant } from '../../src/experiment/plan/plan-variant.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { scenarioProblems } from '../helpers.js';

const open = {
  name: 'st',
  seed: 3,
  duration: 600,
  topology: {
    edition: 'enterprise',
    pools: [
      {
        name: 'p',
        capacityPerServer: 10,
        admissionLimitPerServer: 10,
        servers: [{ name: 'a' }, { name: 'b' }],
      },
    ],
  },
  workload: {
    arrivals: { rate: 0.15 },
    session: { dist: 'exponential', mean: 100 },
    initialConnected: 'stationary',
    retry: { maxAttempts: 0 },
  },
};

describe('initialConnected: stationary', () => {
  it('places a drawn number of users, at most the admission total, that are not sign-in attempts', () => {
    const counts = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const s = simulate(scenarioFromObject({ ...open, seed }, 'st.yaml'));
      expect(s.users.initial).toBeLessThanOrEqual(20);
      expect(s.signIns.firstAttempts).toBe(s.users.arrivals);
      return s.users.initial;
    });
    // Drawn, not fixed: several seeds give several counts around the carried load (≈ 14.3).
    expect(new Set(counts).size).toBeGreaterThan(2);
  });

  it('takes its expected count as initialConnected, which plan scales while keeping it stationary', () => {
    const config = scenarioFromObject(open, 'st.yaml');
    expect(config.workload.initialStationary).toBe(true);
    expect(config.workload.initialConnected).toBe(14); // 15 × (1 − Erlang B(20, 15)) = 14.32
    const data = structuredClone(open) as unknown as Record<string, unknown>;
    const v = buildVariant(
      { file: 'st.yaml', data, config },
      { pool: 0, count: null, users: 28, failed: 0, failAtS: 0 },
    );
    expect(v.config.workload.initialStationary).toBe(true);
    expect(v.config.workload.arrivals?.[0]?.rate).toBeCloseTo(0.3, 12);
  });

  it('draws a closed population from Engset and signs the others out', () => {
    const closed = {
      ...open,
      workload: {
        population: 40,
        offTime: { dist: 'exponential', mean: 100 },
        session: { dist: 'exponential', mean: 100 },
        initialConnected: 'stationary',
        retry: { maxAttempts: 0 },
      },
    };
    const s = simulate(scenarioFromObject(closed, 'st.yaml'));
    expect(s.users.initial).toBeGreaterThan(0);
    expect(s.users.initial).toBeLessThanOrEqual(20);
  });

  it('is refused with a daily profile (start empty and use warmup)', () => {
    const doc = { ...open, workload: { ...open.workload, arrivals: { profile: [{ at: 0, rate: 0.1 }] } } };
    expect(scenarioProblems(doc)).toEqual([
      'x.yaml: workload.initialConnected: stationary needs a constant arrival rate (or a closed population); with a daily profile start empty and set warmup',
    ]);
  });
});
