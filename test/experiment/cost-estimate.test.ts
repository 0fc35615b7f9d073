import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { estimateCost, estimateRuns, type CostEstimate } from '../../src/experiment/run/cost-estimate.js';
import { COST_LIMITS, costProblem } from '../../src/experiment/run/cost-limits.js';
import { failureRetries } from '../../src/experiment/run/failure-retries.js';
import { endsWithin } from '../../src/experiment/run/session-ends.js';
import { CHUNK_EVENTS } from '../../src/experiment/run/run-cursor.js';
import { GUARD_FACTOR } from '../../src/experiment/run/run-guard.js';
import { readScenarioData } from '../../src/experiment/run/scenario-data.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import { EventLog } from '../../src/model/event-log.js';
import { makeDistribution, type DistSpec } from '../../src/random/distributions.js';
import { makeResidual } from '../../src/random/residual.js';
import { Rng } from '../../src/random/rng.js';
import { loadScenario, parseScenarioText, scenarioFromObject } from '../../src/scenario/load.js';
import { cliLines } from '../cli-capture.js';
import { countWorlds, runConfig, tempDir } from '../helpers.js';

/** A refusal with this machine's memory written as M: the line is the same on every machine. */
const atMachine = (line: string | undefined): string =>
  (line ?? '').replace(/this machine's [\d.]+ [kMGTPE]?B/, "this machine's M");

const shipped = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('the up-front cost estimate', () => {
  it.each(shipped)('estimates the events of %s at or above its run, within a factor of 10', async (f) => {
    const config = await loadScenario(join('scenarios', f));
    const actual = simulate(config).events_processed;
    const estimate = estimateCost(config).events;
    expect(estimate / actual).toBeGreaterThanOrEqual(1);
    expect(estimate / actual).toBeLessThan(10);
    expect(costProblem(estimateCost(config))).toBeUndefined();
  });

  const base = {
    topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }] }] },
  };

  /** Sign-ins above two servers' 1 per second each, retried every 10 s without limit (the default). */
  const pile = (arrivals: unknown, duration: string): ReturnType<typeof scenarioFromObject> =>
    scenarioFromObject(
      {
        duration,
        sampleEvery: '15m',
        topology: {
          edition: 'enterprise',
          pools: [{ name: 'p', signInRatePerServer: 1, servers: [{ name: 'a' }, { name: 'b' }] }],
        },
        workload: {
          arrivals,
          session: { dist: 'exponential', mean: '1h' },
          retry: { delay: { dist: 'fixed', mean: '10s' }, backoff: 1 },
        },
      },
      'pile.yaml',
    );

  it('counts the retries of users piling up above what the pool admits, growing with the square of time', () => {
    // 5 arrive per second, 2 get in: 3 more wait each second, each retrying every 10 s to the end.
    const config = pile({ rate: 5 }, '30m');
    const estimate = estimateCost(config).events;
    expect(estimate).toBeGreaterThan((3 * 1800 ** 2) / (2 * 10));
    const actual = simulate(config).events_processed;
    expect(estimate / actual).toBeGreaterThan(0.9);
    expect(estimate / actual).toBeLessThan(1.1);
    // The case of the README: 200 per second at a pool admitting 2, for 6 hours, needs billions.
    const big = estimateCost(pile({ rate: 200 }, '6h')).events;
    expect(big).toBeGreaterThan((198 * 21_600 ** 2) / (2 * 10));
    expect(costProblem(estimateCost(pile({ rate: 200 }, '6h')))).toMatch(/about 4\.6e9 events/);
  });

  it("counts the pile-up at a pool's own sign-in rate limit as at its servers'", () => {
    // 5 arrive per second at a pool admitting 2 (signInRatePerPool; its servers have none).
    const doc = {
      duration: '30m',
      sampleEvery: '15m',
      topology: {
        edition: 'enterprise',
        pools: [{ name: 'p', signInRatePerPool: 2, servers: [{ name: 'a' }, { name: 'b' }] }],
      },
      workload: {
        arrivals: { rate: 5 },
        session: { dist: 'exponential', mean: '1h' },
        retry: { delay: { dist: 'fixed', mean: '10s' }, backoff: 1 },
      },
    };
    const config = scenarioFromObject(doc, 'pool-rate.yaml');
    expect(estimateCost(config).events).toBe(estimateCost(pile({ rate: 5 }, '30m')).events);
    const ratio = estimateCost(config).events / simulate(config).events_processed;
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(1.1);
  });

  it("counts a sign-in peak that piles up although the day's mean rate fits what the pool admits", () => {
    const storm = pile(
      {
        profile: [
          { at: 0, rate: 0.5 },
          { at: 600, rate: 20 },
          { at: 1200, rate: 0.5 },
        ],
      },
      '45m',
    );
    // The day's mean rate, 0.64 per second, is below the 2 admitted: only the peak piles up.
    const estimate = estimateCost(storm).events;
    const actual = simulate(storm).events_processed;
    expect(estimate / actual).toBeGreaterThan(0.5);
    expect(estimate / actual).toBeLessThan(2);
  });

  it('counts the retries of the users a failure leaves with no room, so waiting longer stays in the guard', async () => {
    // standby-promotion.yaml: pc1's 18,000 users reconnect; the two survivors have room for 4,000, so
    // 14,000 retry every minute, 30 times at most, until the admin promotes the standby.
    const { data } = await readScenarioData('scenarios/standby-promotion.yaml');
    const config = scenarioFromObject(data, 'standby-promotion.yaml');
    expect(
      failureRetries(config, { at: 3600, target: 0 }, { offered: 54_000, signInsPerS: 0 }).stranded,
    ).toBe(14_000 * 30);
    for (const after of ['15m', '30m', '2h']) {
      const c = scenarioFromObject(
        { ...data, failover: { promoteStandbyAfter: after, onRestore: 'standby' } },
        `promote after ${after}`,
      );
      const ratio = estimateCost(c).events / simulate(c).events_processed;
      expect(ratio, after).toBeGreaterThan(1 / GUARD_FACTOR);
      expect(ratio, after).toBeLessThan(10);
    }
  });

  it.each(['n-minus-1-absorbed', 'n-minus-1-refused'])(
    "counts one reconnect for each of a first failure's users where they cannot be refused again: %s",
    async (name) => {
      // pc4's 20,000 users reconnect once each (the three others have room, or no one retries), and
      // its outage window makes up to three events more: 20,004 against the run's 20,003.
      const config = await loadScenario(`scenarios/${name}.yaml`);
      expect(estimateCost(config).events).toBe(20_004);
      expect(simulate(config).events_processed).toBe(20_003);
    },
  );

  /** Arrivals of `arrivals` to two servers, with sessions of `session`, for `duration`, and `seed`. */
  const arriving = (arrivals: object, session: object, duration: string, seed = 1) =>
    scenarioFromObject(
      {
        seed,
        duration,
        sampleEvery: '30m',
        topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }, { name: 'b' }] }] },
        workload: { arrivals, session },
      },
      'arriving.yaml',
    );

  it.each([
    // Not one of them signs out: 7,200 sign-ins, not 14,400 events.
    ['1/s with sessions of 8 h, for 2 h', { rate: 1 }, { dist: 'fixed', mean: '8h' }, '2h'],
    [
      '1/s with lognormal sessions of 8 h ± 2 h, for 6 h',
      { rate: 1 },
      { dist: 'lognormal', mean: '8h', sd: '2h' },
      '6h',
    ],
    // The run's 45 minutes hold the day's peak: 12,000 of its 2,700 arrivals at the day's mean rate.
    [
      'a 10-minute peak of 20/s, for 45 min',
      {
        profile: [
          { at: 0, rate: 0.5 },
          { at: 600, rate: 20 },
          { at: 1200, rate: 0.5 },
        ],
      },
      { dist: 'exponential', mean: '1h' },
      '45m',
    ],
  ])(
    "counts a sign-out only for the arrivals whose session ends within the run, and the run's own arrivals, with %s: within 5% above the mean of 4 runs",
    (_, arrivals, session, duration) => {
      const runs = [1, 2, 3, 4].map(
        (seed) => simulate(arriving(arrivals, session, duration, seed)).events_processed,
      );
      const ratio =
        estimateCost(arriving(arrivals, session, duration)).events / (runs.reduce((a, b) => a + b) / 4);
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(1.05);
    },
  );

  /** 500 users coming back every 20 minutes on average to two servers admitting 0.025 sign-ins/s each. */
  const heldBack = (workload: object, pool: object = { signInRatePerServer: 0.025 }, duration = '30m') =>
    scenarioFromObject(
      {
        duration,
        sampleEvery: '10m',
        topology: {
          edition: 'enterprise',
          pools: [{ name: 'p', ...pool, servers: [{ name: 'a' }, { name: 'b' }] }],
        },
        workload: {
          population: 500,
          offTime: { dist: 'exponential', mean: '10m' },
          session: { dist: 'exponential', mean: '10m' },
          retry: { delay: { dist: 'fixed', mean: '10s' }, backoff: 1 },
          ...workload,
        },
      },
      'held-back.yaml',
    );

  it.each([
    ['retrying every 10 s', heldBack({}), 1.1],
    [
      'giving up after 5 retries, for an hour',
      heldBack(
        { retry: { delay: { dist: 'fixed', mean: '10s' }, backoff: 1, maxAttempts: 5 } },
        undefined,
        '1h',
      ),
      1.1,
    ],
    [
      "at the pool's rate, 100 on at t = 0",
      heldBack({ initialConnected: 100 }, { signInRatePerPool: 0.05 }),
      1.1,
    ],
    ['with the default retry policy, for 2 hours', heldBack({ retry: {} }, undefined, '2h'), 2],
  ] as const)(
    'counts the retries of a closed population held back by sign-in rate limits, %s: above the run, within the stated factor',
    (_, config, factor) => {
      // 0.05 seated a second of 0.42 wanting to: about 500 − 0.05 × 1,200 = 440 wait, retrying.
      const ratio = estimateCost(config).events / simulate(config).events_processed;
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThan(factor);
    },
  );

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

  /** 4,000 users on at t = 0 on two servers, for an hour, no arrivals, no faults. */
  const onAtStart = (workload: object): ReturnType<typeof scenarioFromObject> =>
    scenarioFromObject(
      {
        duration: '1h',
        sampleEvery: '30m',
        topology: { edition: 'enterprise', pools: [{ name: 'p', servers: [{ name: 'a' }, { name: 'b' }] }] },
        workload: { initialConnected: 4000, ...workload },
      },
      'on-at-start.yaml',
    );

  it('places the users on at t = 0 without an event: counts the sign-outs of those whose session ends in the run', () => {
    // Sessions of 100 h: no one signs out within the hour, and the run processes no event at all.
    const staying = onAtStart({ session: { dist: 'fixed', mean: '100h' }, initialSessions: 'fresh' });
    expect(simulate(staying).events_processed).toBe(0);
    expect(estimateCost(staying).events).toBe(0);
    // 1 − e^−1 of exponential hour-long sessions end within the hour; 0.5 of the rest of a fixed hour;
    // counted with two standard deviations of a Poisson count above.
    for (const [session, ends] of [
      [{ dist: 'exponential', mean: '1h' }, 1 - Math.exp(-1)],
      [{ dist: 'fixed', mean: '2h' }, 0.5],
    ] as const) {
      const config = onAtStart({ session });
      expect(estimateCost(config).events).toBeCloseTo(4000 * ends + 2 * Math.sqrt(4000 * ends), 6);
      const ratio = estimateCost(config).events / simulate(config).events_processed;
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThan(1.06);
    }
  });

  it('finds the share of sessions, and of the rests of sessions, ending within a span as the samplers draw them', () => {
    const specs: DistSpec[] = [
      { dist: 'fixed', mean: 3600 },
      { dist: 'exponential', mean: 3600 },
      { dist: 'lognormal', mean: 3600, sd: 2400 },
      { dist: 'weibull', mean: 3600, shape: 0.6 },
      { dist: 'weibull', mean: 3600, shape: 2 },
      { dist: 'uniform', min: 1800, max: 7200 },
    ];
    const rng = new Rng('ends');
    for (const spec of specs)
      for (const residual of [false, true]) {
        const d = residual ? makeResidual(spec) : makeDistribution(spec);
        const draws = Float64Array.from({ length: 50_000 }, () => d.sample(rng));
        for (const t of [600, 3600, 5400, 14_400]) {
          const share = draws.reduce((n, x) => n + (x <= t ? 1 : 0), 0) / draws.length;
          // 0.008 is over 3.5 standard deviations of a share of 50,000 draws.
          expect(
            Math.abs(endsWithin(spec, t, residual) - share),
            `${spec.dist} ${residual} ${t}`,
          ).toBeLessThan(0.008);
        }
      }
  });

  it("counts a closed population's users on at t = 0 among its cycles, and their placing as time", async () => {
    // closed-workday.yaml: 150,000 users, 50,000 on at t = 0; 2 × 150,000 × 3 d / (8 h + 16 h) events.
    const config = await loadScenario('scenarios/closed-workday.yaml');
    const e = estimateCost(config);
    expect(e.events).toBe(900_000);
    // Placing costs no event but time: 0.6 of an event's for a user on, 0.15 for one off.
    expect(e.wallS).toBeCloseTo((900_000 + 0.6 * 50_000 + 0.15 * 100_000) / 2e6, 9);
  });

  it("holds the events' limit against the work, placing the users on at t = 0 included", () => {
    // 100 million users staying all run: no event, but 0.6 of an event's time each to place.
    const config = onAtStart({
      initialConnected: 100_000_000,
      session: { dist: 'fixed', mean: '100h' },
      initialSessions: 'fresh',
    });
    const runs = estimateRuns([config], 40);
    expect(runs.events).toBe(0);
    expect(atMachine(costProblem(runs, 1e15))).toBe(
      "this run is expected to need about 2.4e9 events' worth of work, placing the users on at t = 0 included (~20 min at 2.0e6 events/s); beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway",
    );
    expect(costProblem(estimateRuns([config], 30), 1e15)).toBeUndefined();
  });

  it('flags a timeline of billions of rows even with no users', () => {
    const e = estimateCost(scenarioFromObject({ ...base, duration: '365d', sampleEvery: '1ms' }, 'x'));
    expect(e.events).toBe(0);
    expect(e.outputBytes).toBeGreaterThan(COST_LIMITS.outputBytes);
    expect(atMachine(costProblem(e, 24e9))).toBe(
      "this run is expected to need about 1.8 TB of output (3.2e10 timeline rows), about 252 GB of memory, more than 70% of this machine's M; beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway",
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
    expect(costProblem(e)).toMatch(
      /an unbounded number of events \(users come back or try again at the instant/,
    );
  });

  it('writes huge figures in years and powers of ten, not hundreds of digits', () => {
    const huge = { events: 9.6e293, timelineRows: 722, logRows: 0, outages: 0, memoryBytes: 4.824e290 };
    expect(atMachine(costProblem({ ...huge, outputBytes: 4.824e305, wallS: 4.8e287 }))).toBe(
      "this run is expected to need about 9.6e293 events (more than 1.0e6 years at 2.0e6 events/s), about 4.8e287 EB of output (7.2e2 timeline rows), about 4.8e272 EB of memory, more than 70% of this machine's M; beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway",
    );
    const years = costProblem({ ...huge, events: 6.3e14, outputBytes: 0, memoryBytes: 0, wallS: 3.15e8 });
    expect(years).toMatch(/^this run is expected to need about 6\.3e14 events \(~10 years at /);
    const days = costProblem({ ...huge, events: 1.7e13, outputBytes: 0, memoryBytes: 0, wallS: 8.64e6 });
    expect(days).toMatch(/\(~100 days at /);
  });
});

/** Four servers failing and repaired every `every` on average, no users to speak of. */
const flapping = (duration: string, every: string): string => `name: flapping
duration: ${duration}
sampleEvery: ${duration}
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a }, { name: b }, { name: c }, { name: d } ] } ] }
workload: { arrivals: { rate: 0.0001 }, session: { dist: exponential, mean: 10m } }
faults:
  - { random: { servers: all, mtbf: { dist: exponential, mean: ${every} }, mttr: { dist: exponential, mean: ${every} } } }
`;

describe('flapping random faults', () => {
  it('are counted: each failure and its repair as two events and two events.csv rows', () => {
    const config = parseScenarioText(flapping('1h', '100ms'), 'flapping.yaml');
    const e = estimateCost(config);
    const actual = simulate(config).events_processed;
    // 4 servers × 3,600 s / 0.2 s per cycle = 72,000 failures: 144,000 events and rows.
    expect(e.logRows).toBe(144000);
    expect(e.events / actual).toBeGreaterThan(0.95);
    expect(e.events / actual).toBeLessThan(1.05);
  });

  it('stream their events.csv rows: the log never holds more than one chunk of events', async () => {
    const config = parseScenarioText(flapping('1h', '100ms'), 'flapping.yaml');
    const spy = vi.spyOn(EventLog.prototype, 'drain');
    try {
      // One timeline sample for the whole hour: the log is drained by events, not by samples.
      const run = await runConfig(config);
      const rows = run.events.trim().split('\n').length - 1;
      expect(rows).toBeGreaterThan(140_000);
      const drained = spy.mock.results.map((r) => (r.value as unknown[]).length);
      expect(drained.reduce((a, b) => a + b, 0)).toBe(rows);
      expect(Math.max(...drained)).toBeLessThanOrEqual(CHUNK_EVENTS);
    } finally {
      spy.mockRestore();
    }
  });

  async function refused(yaml: string, ...extra: string[]): Promise<string> {
    const dir = tempDir();
    const file = join(dir, 'f.yaml');
    writeFileSync(file, yaml);
    const { result, worlds } = await countWorlds(() =>
      cliLines('run', file, '--out', join(dir, 'o'), ...extra),
    );
    expect(worlds).toBe(0);
    const { code, lines } = result;
    expect(code).toBe(2);
    expect(readdirSync(dir)).toEqual(['f.yaml']);
    expect(readFileSync(file, 'utf8')).toBe(yaml);
    return atMachine((lines[0] ?? '').replace(`${file}: `, ''));
  }

  it('that would make billions of events are refused up front, naming the events.csv rows', async () => {
    expect(await refused(flapping('30d', '1ms'))).toBe(
      "this run is expected to need about 1.1e10 events (~1.5 h at 2.0e6 events/s), about 4.4 TB of output (3.0 timeline rows, 1.0e10 events.csv rows), about 14 TB of memory, more than 70% of this machine's M; beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway",
    );
  });

  it('writing 1e8 events.csv rows are refused for their output and the memory of their outage list, and replications for the memory of their logs', async () => {
    // 5e7 failures, each an outage of about 740 bytes in summary.json (37 GB) and 2.7 kB at peak memory.
    expect(await refused(flapping('3d', '10ms'))).toBe(
      "this run is expected to need about 44 GB of output (3.0 timeline rows, 1.0e8 events.csv rows), about 140 GB of memory, more than 70% of this machine's M; beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway",
    );
    // Replications keep every replication's log until events.csv is written: 3 × 3.5e7 records, and
    // every replication's summary with its outage list (3 × 1.7e7 × 740 B) until they are aggregated.
    expect(await refused(flapping('1d', '10ms'), '--replications', '3')).toBe(
      "these 3 runs are expected to need about 5.2 GB of output (3.0 timeline rows, 1.0e8 events.csv rows), about 70 GB of memory, more than 70% of this machine's M; beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway",
    );
  });
});

describe('the memory estimate of the largest bench runs', () => {
  const estimate = async (name: string): Promise<CostEstimate> =>
    estimateRuns([await loadScenario(`bench/scenarios/${name}.yaml`)], 1, 'streamed');

  it('is the process plus 44 B a user: 0.52 GB at ten million users, 4.5 GB at a hundred million', async () => {
    // bench/README.md, "Memory estimate": measured peaks 0.55 GB and 4.24 GB.
    expect((await estimate('ten-million-users-week')).memoryBytes / 1e9).toBeCloseTo(0.52, 2);
    expect((await estimate('hundred-million-users-day')).memoryBytes / 1e9).toBeCloseTo(4.48, 2);
  });

  it('needs no --yes on a machine with the memory, and asks for it on one without', async () => {
    const huge = await estimate('hundred-million-users-day');
    expect(costProblem(huge, 24e9)).toBeUndefined();
    expect(atMachine(costProblem(huge, 4e9))).toBe(
      "this run is expected to need about 4.5 GB of memory, more than 70% of this machine's M; beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway",
    );
  });
});
