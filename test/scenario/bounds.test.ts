// The bounds table: every distribution's largest draw, message rates, the sampling interval and the
// timeline's reserved column names are checked at load, one line naming the parameter; and the
// largest-draw formula agrees with the samplers at the random stream's extreme uniforms.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { makeDistribution, type DistSpec } from '../../src/random/distributions.js';
import type { Rng } from '../../src/random/rng.js';
import { BOUNDS, logLargestDraw } from '../../src/scenario/bounds.js';
import { scenarioFromObject } from '../../src/scenario/load.js';

type Obj = Record<string, unknown>;
const base = (): Obj => parse(readFileSync('scenarios/standard-separate.yaml', 'utf8')) as Obj;

function problems(edit: (d: Obj) => void): string[] {
  const d = base();
  edit(d);
  try {
    scenarioFromObject(d, 'x.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.message.split('\n');
  }
}

const w = (d: Obj): Obj => d['workload'] as Obj;

describe('parameters whose draws would overflow', () => {
  const cases: [string, (d: Obj) => void, string][] = [
    [
      'a session mean of 1e308',
      (d) => (w(d)['session'] = { dist: 'exponential', mean: 1e308 }),
      'workload.session',
    ],
    [
      'a lognormal with a huge sd',
      (d) => (w(d)['session'] = { dist: 'lognormal', mean: '8h', sd: 1e200 }),
      'workload.session',
    ],
    [
      'a uniform reconnect delay to 1e200',
      (d) => (w(d)['reconnectDelay'] = { dist: 'uniform', min: 0, max: 1e200 }),
      'workload.reconnectDelay',
    ],
    [
      'a Weibull shape of 0.006',
      (d) => (w(d)['session'] = { dist: 'weibull', mean: '8h', shape: 0.006 }),
      'workload.session',
    ],
    [
      'a repair time of 1e15 s',
      (d) =>
        (d['faults'] as unknown[]).push({
          random: {
            servers: ['pc-a'],
            mtbf: { dist: 'exponential', mean: '10d' },
            mttr: { dist: 'fixed', mean: 1e15 },
          },
        }),
      'faults[2].random.mttr',
    ],
  ];
  for (const [what, edit, path] of cases)
    it(`refuses ${what}, naming ${path}`, () => {
      const lines = problems(edit);
      expect(lines, lines.join('\n')).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^x\\.yaml: ${path.replace(/[[\].]/g, '\\$&')}: `));
      expect(lines[0]).toMatch(
        /a draw of this distribution can reach about 1e\d+ s; at most 1e\+12 s|a Weibull shape is at least 0\.1|a lognormal sd is at most 1000/,
      );
    });

  it('accepts every shipped distribution and a 100-year exponential mean', () => {
    expect(problems((d) => (w(d)['session'] = { dist: 'exponential', mean: 100 * 365 * 86400 }))).toEqual([]);
  });
});

describe('other bounds', () => {
  it('refuses 1e300 messages per user per hour', () => {
    expect(problems((d) => (d['messages'] = { perUserPerHour: 1e300 }))).toEqual([
      `x.yaml: messages.perUserPerHour: at most ${BOUNDS.maxMessagesPerUserPerHour} messages per user per hour; received 1e+300`,
    ]);
  });

  it('refuses a sign-in rate above 1e6 per second, constant or in a profile', () => {
    expect(problems((d) => (w(d)['arrivals'] = { rate: 1e300 }))).toEqual([
      'x.yaml: workload.arrivals.rate: at most 1e6 sign-ins per second; received 1e+300',
    ]);
    const profile = [
      { at: 0, rate: 1 },
      { at: '8h', rate: 2e6 },
    ];
    expect(problems((d) => (w(d)['arrivals'] = { profile }))).toEqual([
      'x.yaml: workload.arrivals.profile[1].rate: at most 1e6 sign-ins per second; received 2000000',
    ]);
    expect(problems((d) => (w(d)['arrivals'] = { rate: BOUNDS.maxSignInRatePerS }))).toEqual([]);
  });

  it('refuses a sampling interval below a millisecond', () => {
    expect(problems((d) => (d['sampleEvery'] = 0.0001))).toEqual([
      'x.yaml: sampleEvery: at least 0.001 s (timeline times are written to the millisecond); received 0.0001',
    ]);
  });

  it('reserves the timeline column names for its own columns', () => {
    const lines = problems((d) => {
      const pool = ((d['topology'] as Obj)['pools'] as Obj[])[0] as Obj;
      const servers = pool['servers'] as Obj[];
      (servers[0] as Obj)['name'] = 'connected';
      servers.push({ name: `${String(pool['name'])}_state` });
      (d['faults'] as Obj[]).splice(0);
    });
    expect(lines, lines.join('\n')).toContain(
      'x.yaml: topology.pools[0].servers[0].name: "connected" is a column of timeline.csv; choose another server name',
    );
    expect(
      lines.some((l) => /servers\[\d\]\.name: "[\w.-]+_state" is a column/.test(l)),
      lines.join('\n'),
    ).toBe(true);
  });
});

describe('the largest-draw formula', () => {
  const U_MIN = 2 ** -53;
  const extreme = (open: number, next: number): Rng =>
    ({ nextOpen: () => open, next: () => next }) as unknown as Rng;
  const specs: DistSpec[] = [
    { dist: 'fixed', mean: 5 },
    { dist: 'exponential', mean: 3600 },
    { dist: 'lognormal', mean: 3600, sd: 7200 },
    { dist: 'lognormal', mean: 10, sd: 1e4 },
    { dist: 'weibull', mean: 3600, shape: 0.3 },
    { dist: 'weibull', mean: 3600, shape: 4 },
    { dist: 'uniform', min: 1, max: 99 },
  ];
  for (const spec of specs)
    it(`bounds every draw of ${JSON.stringify(spec)}, and is reached at the extreme uniform`, () => {
      const d = makeDistribution(spec);
      const largest = Math.exp(logLargestDraw(spec));
      const draws = [
        extreme(U_MIN, U_MIN),
        extreme(U_MIN, 1 - 2 ** -53),
        extreme(0.5, 0.5),
        extreme(1 - 2 ** -53, 0.25),
      ].map((r) => d.sample(r));
      for (const x of draws) expect(x).toBeLessThanOrEqual(largest * (1 + 1e-9));
      expect(Math.max(...draws)).toBeGreaterThanOrEqual(largest * (1 - 1e-6));
    });
});
