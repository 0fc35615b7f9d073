// The cost estimate's retries of the users a server's failure sends through the survivors' sign-in rate
// limits, against real runs: within a stated factor of the measured events and never below them; and
// nothing added where no pool with a rate limit loses a server.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/experiment/run/cost-estimate.js';
import {
  failureRetries,
  lockstepAttempts,
  rateLimitedRetries,
} from '../../src/experiment/run/failure-retries.js';
import { randomFailureRetries } from '../../src/experiment/run/random-outages.js';
import { serversDown } from '../../src/experiment/run/pool-outages.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import type { SimConfig } from '../../src/model/config.js';
import { loadScenario, scenarioFromObject } from '../../src/scenario/load.js';
import { cliLines } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const fixed = (mean: string) => ({ dist: 'fixed', mean });
const servers = (...names: string[]) => names.map((name) => ({ name }));
const every10s = { delay: fixed('10s'), backoff: 1 };
const lockstep = { ...every10s, jitter: 0 };
const fail = (at: string, server: string) => ({ at, fail: server });

/**
 * 8,000 users on four servers admitting 0.25 sign-ins/s each, all on from the start; pc4 fails at 1h
 * and its 2,000 users reconnect to three servers admitting 0.75/s together, retrying every 10 s
 * (jitter ±50%, without limit) while they wait their turn: about 2,000 × 2,667 s / 2 / 10 s = 267,000
 * retries. Without them the estimate is 12,000 events, and the run guard stops the run at 4 times that.
 */
function ratedDoc(over: Record<string, unknown> = {}, pool: Record<string, unknown> = {}): object {
  const { workload, ...rest } = over;
  return {
    name: 'rated',
    seed: 5,
    duration: '3h',
    sampleEvery: '10m',
    topology: {
      edition: 'enterprise',
      pools: [
        { name: 'p', signInRatePerServer: 0.25, ...pool, servers: servers('pc1', 'pc2', 'pc3', 'pc4') },
      ],
    },
    workload: {
      initialConnected: 8000,
      initialSessions: 'fresh',
      session: { dist: 'fixed', mean: '100h' },
      retry: every10s,
      ...(workload as object),
    },
    faults: [fail('1h', 'pc4')],
    ...rest,
  };
}

function rated(over: Record<string, unknown> = {}, pool: Record<string, unknown> = {}): SimConfig {
  return scenarioFromObject(ratedDoc(over, pool), 'rated.yaml');
}

/** Each scenario, and the factor the estimate stays within above its measured events. */
const cases: [string, SimConfig, number][] = [
  ['retries every 10 s with jitter', rated(), 1.2],
  [
    // 10,000 users at 0.75/s: 3.7 hours, each retrying after 1, 2, 4, 8, then every 15 minutes.
    'the default retry policy, backing off to 15 minutes',
    rated({ duration: '6h', workload: { initialConnected: 40_000, retry: {} } }),
    1.5,
  ],
  ['at most 5 retries, then giving up', rated({ workload: { retry: { ...every10s, maxAttempts: 5 } } }), 2],
  [
    "a pool's rate instead of its servers'",
    rated({}, { signInRatePerServer: undefined, signInRatePerPool: 0.75 }),
    1.2,
  ],
  [
    'a forced drain',
    rated({ faults: [], actions: [{ at: '1h', drain: 'pc4', mode: 'force', deadline: '10m' }] }),
    1.2,
  ],
  [
    'two servers failing at once, sharing the two survivors',
    rated({ faults: [fail('1h', 'pc3'), fail('1h', 'pc4')] }),
    1.2,
  ],
  [
    'a restore 10 minutes later',
    rated({ faults: [fail('1h', 'pc4'), { at: '1h10m', restore: 'pc4' }] }),
    1.5,
  ],
  [
    'a closed population coming and going',
    rated(
      {
        duration: '4h',
        workload: {
          population: 8000,
          initialConnected: 6000,
          offTime: { dist: 'exponential', mean: '2h' },
          session: { dist: 'exponential', mean: '6h' },
        },
      },
      { signInRatePerServer: 0.5 },
    ),
    1.5,
  ],
  [
    'arrivals at a sign-in peak competing for the same tokens',
    rated(
      {
        duration: '6h',
        workload: {
          initialConnected: 0,
          arrivals: {
            profile: [
              { at: 0, rate: 0.2 },
              { at: '3h', rate: 1.2 },
              { at: '5h', rate: 0.2 },
            ],
          },
          session: { dist: 'exponential', mean: '1h' },
        },
        faults: [fail('4h', 'pc4')],
      },
      { signInRatePerServer: 0.5 },
    ),
    2,
  ],
  [
    'retries in lockstep: no jitter, fixed delays',
    rated({ workload: { reconnectDelay: fixed('30s'), retry: lockstep } }),
    2,
  ],
  // Counted as lockstep, but the exponential reconnect delays spread the rounds (the default's 30 s).
  ['retries in lockstep, spread by random reconnect delays', rated({ workload: { retry: lockstep } }), 5],
];

describe("the retries of a failure's users at the survivors' sign-in rate limits", () => {
  it.each(cases)(
    'are counted with %s, within the stated factor above the measured events',
    (_, config, factor) => {
      const ratio = estimateCost(config).events / simulate(config).events_processed;
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(factor);
    },
  );

  it('are counted for random failures: above the mean of four runs, within 2 times it', () => {
    // 2,000 users; each server fails every hour and a quarter on average, for 15 minutes: about 19
    // failures in 6 hours, some while another server is down, whose users then share two survivors.
    const random = (seed: number): SimConfig =>
      rated({
        seed,
        duration: '6h',
        workload: { initialConnected: 2000 },
        faults: [
          {
            random: {
              servers: 'all',
              mtbf: { dist: 'exponential', mean: '1h' },
              mttr: { dist: 'exponential', mean: '15m' },
            },
          },
        ],
      });
    const runs = [1, 2, 3, 4].map((seed) => simulate(random(seed)).events_processed);
    const ratio = estimateCost(random(1)).events / (runs.reduce((a, b) => a + b) / runs.length);
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(2);
  });

  it('let the run finish where the run guard stopped it', async () => {
    const dir = tempDir();
    const file = join(dir, 'rated.yaml');
    // JSON is YAML: the scenario of rated().
    writeFileSync(file, JSON.stringify(ratedDoc()));
    const { code, lines } = await cliLines('run', file, '--out', join(dir, 'out'), '--quiet');
    expect({ code, lines }).toEqual({ code: 0, lines: [] });
    expect(readdirSync(join(dir, 'out'))).toContain('summary.json');
  });

  it('come in rounds in lockstep: 50 users, 3 seated a round, 392 retries beyond one each, as in a run', () => {
    // sign-in-rate.test.ts's pool: pc4's 50 users reconnect at once to 3 survivors admitting 1/s each,
    // retrying every 1 s without jitter. Round j retries the 50 − 3(j − 1) not yet seated, for 17
    // rounds: 17 × 50 − 3 × 17 × 16 / 2 = 442, one each (50) counted already.
    const config = scenarioFromObject(
      {
        duration: '2h',
        topology: {
          edition: 'enterprise',
          pools: [{ name: 'p', signInRatePerServer: 1, servers: servers('pc1', 'pc2', 'pc3', 'pc4') }],
        },
        workload: {
          initialConnected: 200,
          initialSessions: 'fresh',
          session: fixed('100h'),
          reconnectDelay: fixed('30s'),
          retry: { delay: fixed('1s'), backoff: 1, jitter: 0 },
        },
        faults: [fail('1h', 'pc4')],
      },
      'rounds.yaml',
    );
    const pool = config.pools[0] as SimConfig['pools'][number];
    expect(rateLimitedRetries(config, pool, 3, 50, { otherPerS: 0, leftS: 3600, waves: 1 })).toBe(392);
    expect(simulate(config).signIns.denied).toBe(392);
    // Other sign-ins taking every token: each retries at every round of the hour left, 3,600 of them.
    expect(rateLimitedRetries(config, pool, 3, 50, { otherPerS: 3, leftS: 3600, waves: 1 })).toBe(50 * 3600);
  });

  it('come in lockstep rounds as far apart as each wait: 10 users, 4 tokens a second, waits of 0.25, 0.5, then 1 s and more', () => {
    // Rounds after waits of 0.25 s, 0.5 s, 1 s seat 1, 2, 4: 10, 9, 7 and 3 attempts.
    const retry = {
      delay: { dist: 'fixed', mean: 0.25 },
      backoff: 2,
      jitter: 0,
      maxDelayS: 60,
      maxAttempts: Infinity,
    } as const;
    expect(lockstepAttempts(10, 4, retry, 100)).toBe(29);
    expect(lockstepAttempts(10, 4, retry, 2)).toBe(19);
    // Without backoff every round waits 0.25 s and seats 1: 10 + 9 + ... + 1.
    expect(lockstepAttempts(10, 4, { ...retry, backoff: 1 }, 100)).toBe(55);
    // A maxDelay under the delay spaces every round by maxDelay.
    expect(
      lockstepAttempts(10, 4, { ...retry, delay: { dist: 'fixed', mean: 5 }, maxDelayS: 0.25 }, 100),
    ).toBe(55);
  });

  /**
   * `users` (800 unless said) on four servers, pc4's quarter reconnecting at once to three servers of
   * `rate` sign-ins/s each; `more` faults after it.
   */
  const lockstepDoc = (retry: object, rate: number, users = 800, more: object[] = []): SimConfig =>
    scenarioFromObject(
      {
        duration: '2h',
        sampleEvery: '30m',
        topology: {
          edition: 'enterprise',
          pools: [{ name: 'p', signInRatePerServer: rate, servers: servers('pc1', 'pc2', 'pc3', 'pc4') }],
        },
        workload: {
          initialConnected: users,
          initialSessions: 'fresh',
          session: fixed('100h'),
          reconnectDelay: fixed('30s'),
          retry: { jitter: 0, ...retry },
        },
        faults: [fail('1h', 'pc4'), ...more],
      },
      'lockstep.yaml',
    );

  it.each([
    [
      'a maxDelay of 0.3 s under a 5 s delay, 3/s',
      lockstepDoc({ delay: fixed('5s'), backoff: 2, maxDelay: '0.3s' }, 3),
    ],
    [
      'a maxDelay of 0.5 s under a 2 s delay, 1/s',
      lockstepDoc({ delay: fixed('2s'), backoff: 1, maxDelay: '0.5s' }, 1),
    ],
    ['0.1 s doubling to 10 s, 1/s', lockstepDoc({ delay: fixed('0.1s'), backoff: 2, maxDelay: '10s' }, 1)],
    // A bucket of one token filled by 0.075 a round tops out every 14 rounds, losing 0.05 of a token.
    [
      'a maxDelay of 0.3 s at 0.25/s, the buckets topping out',
      lockstepDoc({ delay: fixed('5s'), backoff: 2, maxDelay: '0.3s' }, 0.25),
    ],
    [
      '0.05 s doubling to 0.3 s at 1/s, 2,000 users: a token every 4 rounds, not 3.3',
      lockstepDoc({ delay: fixed('0.05s'), backoff: 2, maxDelay: '0.3s' }, 1, 2000),
    ],
    ['1 s at 1.5/s: a whole token a round, not 1.5', lockstepDoc({ delay: fixed('1s'), backoff: 1 }, 1.5)],
  ])(
    'come in lockstep rounds spaced by each wait with %s: within 10% above the measured events',
    (_, config) => {
      const ratio = estimateCost(config).events / simulate(config).events_processed;
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(1.1);
    },
  );

  it.each([
    // 2,000 wait for 0.75 sign-ins/s when pc3's 2,000 and more join them, at 0.5/s for all.
    ['retries every 10 s with jitter', rated({ faults: [fail('1h', 'pc4'), fail('1h2m', 'pc3')] })],
    [
      'retries in lockstep, 0.2 s tripling to 1 s, 2,000 users',
      lockstepDoc({ delay: fixed('0.2s'), backoff: 3, maxDelay: '1s' }, 0.25, 2000, [fail('1h2m', 'pc3')]),
    ],
  ])(
    "are counted with the fewer survivors a second failure 2 minutes later leaves the first one's users, %s: within 10% above the run",
    (_, config) => {
      const ratio = estimateCost(config).events / simulate(config).events_processed;
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(1.1);
    },
  );

  /** 500 users on a pool of `names`, all staying; `faults` take its servers out and back. */
  const noneLeft = (retry: object, faults: object[], names = ['pc1']): SimConfig =>
    scenarioFromObject(
      {
        duration: '1h',
        sampleEvery: '10m',
        topology: { edition: 'enterprise', pools: [{ name: 'p', servers: servers(...names) }] },
        workload: { initialConnected: 500, initialSessions: 'fresh', session: fixed('100h'), retry },
        faults,
      },
      'none-left.yaml',
    );

  it.each([
    [
      'one server restored after 30 minutes',
      noneLeft(every10s, [fail('10m', 'pc1'), { at: '40m', restore: 'pc1' }]),
    ],
    [
      'one server never restored, 5 retries at most',
      noneLeft({ ...every10s, maxAttempts: 5 }, [fail('10m', 'pc1')]),
    ],
    [
      'two servers failing at once, one restored after 20 minutes',
      noneLeft(
        every10s,
        [fail('10m', 'pc1'), fail('10m', 'pc2'), { at: '30m', restore: 'pc2' }],
        ['pc1', 'pc2'],
      ),
    ],
  ])(
    'are counted for a failure that leaves no server, with %s: until one is back, within 20% above the run',
    (_, config) => {
      // No admission limit, yet no room: every user retries every 10 s until a server is back.
      const ratio = estimateCost(config).events / simulate(config).events_processed;
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(1.2);
    },
  );

  it('count the servers of a pool down at each failure, so their users share the survivors', () => {
    const config = rated({
      faults: [fail('1h', 'pc3'), fail('1h', 'pc4'), { at: '2h', restore: 'pc4' }, fail('2h30m', 'pc2')],
    });
    const down = serversDown(config);
    expect([...down.at]).toEqual([2, 2, 0, 2]);
    // pc2 fails with pc3 still out: its users are pc1's and pc2's share, not a quarter.
    expect([...down.before]).toEqual([0, 0, 0, 1]);
  });
});

describe('scenarios with no server failing in a pool with a sign-in rate limit', () => {
  const files = ['scenarios', 'bench/scenarios'].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(dir, f)),
  );

  it.each(files)('get no rate-limited retries: %s', async (file) => {
    const config = await loadScenario(file);
    const load = { offered: 1e9, signInsPerS: 0 };
    const failed = [
      ...config.faults.filter((f) => f.kind === 'fail' || f.kind === 'drain'),
      ...config.randomFaults.flatMap((r) => r.servers.map((target) => ({ at: 0, target }))),
    ];
    expect(failed.map((f) => failureRetries(config, f, load).rateLimited)).toEqual(failed.map(() => 0));
    expect(config.randomFaults.map((r) => randomFailureRetries(config, r, load).rateLimited)).toEqual(
      config.randomFaults.map(() => 0),
    );
  });
});
