import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import {
  certainCandidates,
  expectedReplications,
  refusePlanCost,
  STRADDLING_SHARE,
} from '../../src/experiment/plan/plan-cost.js';
import type { PlanOptions } from '../../src/experiment/plan/plan-evaluator.js';
import { readScenarioData } from '../../src/experiment/run/scenario-data.js';
import { tempDir } from '../helpers.js';
import { planOptions } from './plan-options.js';

/**
 * 4 servers of 20,000 and 80,000 users on at t = 0, nearly nothing arriving until a storm of 20,000
 * sign-ins per second from 20h: a plan for 100 users sizes cheaply, but to the nearest 80,000 (its
 * OPTIONS) the largest-user searches start from 100 users on that grid, at 80,000, whose first
 * candidates are costly only when the failure comes after the storm, as the peak of a run without
 * failures (at the day's end) does.
 */
const LATE_STORM =
  'name: late\nduration: 1d\nsampleEvery: 10m\ntopology:\n  edition: enterprise\n  pools:\n    - name: p\n      servers: [{ name: a }, { name: b }, { name: c }, { name: d }]\nworkload:\n  arrivals: { profile: [{ at: 0h, rate: 0.01 }, { at: 20h, rate: 20000 }] }\n  session: { dist: lognormal, mean: 8h, sd: 1h }\n  initialConnected: 80000\n';

const OPTIONS = planOptions({ users: 100, resolution: 80_000 });

describe('plan cost', () => {
  it('guards a run with the expected replications, neither the first batch nor the maximum', () => {
    expect(STRADDLING_SHARE).toBe(0.1);
    expect(expectedReplications(5, 50)).toBe(9.5);
    expect(expectedReplications(5, 5)).toBe(5);
  });

  it('prices the runs a plan is sure to make, --replications each, as a floor', async () => {
    const file = 'scenarios/n-minus-1-refused.yaml';
    const { config, data } = await readScenarioData(file);
    const t = { file, data, config };
    const refusal = (changes: Partial<PlanOptions>): string => {
      try {
        refusePlanCost(t, planOptions({ users: 100_000_000, ...changes }), false, 3600);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    // 1 to 4 active without standby (the template promotes none) and the two searches' first candidates.
    expect(refusal({})).toMatch(
      /^scenarios\/n-minus-1-refused\.yaml: at least these 30 runs \(how many more is not known ahead\) are expected to need at least [\d.]+e9 events' worth of work/,
    );
    expect(refusal({ maxReplications: 5 })).toMatch(/at least these 30 runs/);
    expect(refusal({ replications: 10 })).toMatch(/at least these 60 runs/);
  });

  it('refuses a plan whose first search candidate is costly once the peak says when it fails, unless --yes', async () => {
    const dir = tempDir();
    const file = join(dir, 'late.yaml');
    writeFileSync(file, LATE_STORM);
    const { config, data } = await readScenarioData(file);
    const t = { file, data, config };
    // Up front the failure can come no earlier than t = 0, before the storm: the floor passes.
    expect(() => refusePlanCost(t, OPTIONS, false, null)).not.toThrow();
    expect(() => refusePlanCost(t, OPTIONS, false, 86_400)).toThrow(
      /at least these 30 runs .* at least [\d.]+e9 events/,
    );
    expect(() => refusePlanCost(t, OPTIONS, true, 86_400)).not.toThrow();
    const users = certainCandidates(t, OPTIONS, 86_400).map((c) => c.workload.initialConnected);
    expect(users).toEqual([100, 100, 100, 100, 80_000, 80_000]);
    const r = await cli('plan', file, '--users', '100', '--resolution', '80000', '--out', join(dir, 'o'));
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /^\S+late\.yaml: at least these 30 runs \(how many more is not known ahead\) are expected to need at least [\d.]+e9 events \(.*\); beyond 2\.0e9 events or 4\.0 GB of output, add --yes to run it anyway$/,
    );
    expect(readdirSync(dir)).toEqual(['late.yaml']);
  });
});
