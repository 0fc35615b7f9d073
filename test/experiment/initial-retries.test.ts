// The cost estimate's retries of an open model's users on at t = 0 above the admission limits, against
// real runs: never below the mean of four runs and within a stated factor of it; the plan candidate
// that made the run guard stop `plan scenarios/standby-promotion.yaml`; and nothing added to any
// shipped or bench scenario.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/experiment/run/cost-estimate.js';
import { initialRetries } from '../../src/experiment/run/pile-up.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import { loadScenario, scenarioFromObject } from '../../src/scenario/load.js';
import { cliLines } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const fixed = (mean: string) => ({ dist: 'fixed', mean });
const exponential = (mean: string) => ({ dist: 'exponential', mean });

/** Three active servers admitting 200 each and a standby: `initialConnected` above 600 wait from t = 0. */
function overDoc(duration: string, workload: object, pool: object = {}): object {
  return {
    name: 'over',
    duration,
    sampleEvery: '15m',
    topology: {
      edition: 'enterprise',
      pools: [
        {
          name: 'p',
          admissionLimitPerServer: 200,
          ...pool,
          servers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd', role: 'standby' }],
        },
      ],
    },
    workload,
  };
}

const cases: [string, object, number][] = [
  [
    '1,200 staying all run, retrying every minute 30 times (the plan candidate, scaled down)',
    overDoc('5h15m', {
      initialConnected: 1200,
      session: fixed('100h'),
      initialSessions: 'fresh',
      retry: { delay: fixed('60s'), backoff: 1, jitter: 0, maxAttempts: 30 },
    }),
    1.1,
  ],
  [
    '1,200 with hour-long sessions and the default retry policy',
    overDoc('4h', { initialConnected: 1200, session: exponential('1h') }),
    1.2,
  ],
  [
    '900 and arrivals below the places freed, retrying every 10 s',
    overDoc('2h', {
      initialConnected: 900,
      arrivals: { rate: 0.1 },
      session: exponential('30m'),
      retry: { delay: fixed('10s'), backoff: 1, jitter: 0.5 },
    }),
    1.3,
  ],
  [
    'whole fixed sessions, retries in lockstep',
    overDoc('3h', {
      initialConnected: 900,
      session: fixed('1h'),
      initialSessions: 'fresh',
      retry: { delay: fixed('10s'), backoff: 1, jitter: 0 },
    }),
    1.4,
  ],
  [
    'whole lognormal sessions, retries backing off',
    overDoc('3h', {
      initialConnected: 900,
      session: { dist: 'lognormal', mean: '1h', sd: '30m' },
      initialSessions: 'fresh',
      retry: { delay: fixed('5s'), backoff: 2, jitter: 0.5, maxDelay: '2m' },
    }),
    2,
  ],
  [
    'a sign-in rate limit below the places freed',
    overDoc(
      '3h',
      {
        initialConnected: 900,
        session: exponential('1h'),
        retry: { delay: exponential('20s'), backoff: 1, jitter: 0.2 },
      },
      { signInRatePerServer: 0.05 },
    ),
    1.2,
  ],
];

describe('the retries of users on at t = 0 above the admission limits of an open model', () => {
  it.each(cases)(
    'are counted with %s: above the mean of four runs, within the stated factor',
    (_, doc, factor) => {
      const config = scenarioFromObject(doc, 'over.yaml');
      expect(initialRetries(config)).toBeGreaterThan(0);
      const runs = [1, 2, 3, 4].map((seed) => simulate({ ...config, seed }).events_processed);
      const ratio = estimateCost(config).events / (runs.reduce((a, b) => a + b) / runs.length);
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(factor);
    },
  );

  it("are counted for plan's largest-user candidate of standby-promotion.yaml: 120,000 users on three servers admitting 20,000", async () => {
    // As plan builds it: no faults, run 15,300 s past the template's failure at 1 h.
    const template = await loadScenario('scenarios/standby-promotion.yaml');
    const config = {
      ...template,
      durationS: 18_900,
      faults: [],
      workload: { ...template.workload, initialConnected: 120_000 },
    };
    const actual = simulate(config).events_processed;
    // 60,000 refused at t = 0, each retrying 30 times: 1.8 million, not the 120,000 of their sign-outs.
    expect(actual).toBe(1_800_000);
    const ratio = estimateCost(config).events / actual;
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(1.1);
  });

  it('let the run finish where the run guard stopped it', async () => {
    const dir = tempDir();
    const file = join(dir, 'over.yaml');
    // JSON is YAML: the plan candidate, scaled down.
    writeFileSync(file, JSON.stringify(cases[0]?.[1]));
    const { code, lines } = await cliLines('run', file, '--out', join(dir, 'out'), '--quiet');
    expect({ code, lines }).toEqual({ code: 0, lines: [] });
    expect(readdirSync(join(dir, 'out'))).toContain('summary.json');
  });

  const files = ['scenarios', join('bench', 'scenarios')].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(d, f)),
  );

  it.each(files)('add nothing to %s, whose users on at t = 0 all fit', async (file) => {
    expect(initialRetries(await loadScenario(file))).toBe(0);
  });
});
