import { describe, expect, it } from 'vitest';
import { NO_ADMISSION_LIMIT } from '../../src/model/config.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { scenarioProblems } from '../helpers.js';

const base = {
  name: 't',
  duration: '1h',
  topology: {
    edition: 'enterprise',
    pools: [{ name: 'p', servers: [{ name: 'a' }, { name: 'b' }, { name: 'c', role: 'standby' }] }],
  },
};

const problems = scenarioProblems;

function withPool(
  pool: Record<string, unknown>,
  edition = 'enterprise',
  extra: Record<string, unknown> = {},
): unknown {
  return { ...base, ...extra, topology: { edition, pools: [{ name: 'p', ...pool }] } };
}

const servers = (active: number, standby = 0) => [
  ...Array.from({ length: active }, (_, i) => ({ name: `a${i}` })),
  ...Array.from({ length: standby }, (_, i) => ({ name: `s${i}`, role: 'standby' })),
];

describe('scenario rules', () => {
  it('loads a valid scenario with defaults filled in', () => {
    const c = parseScenarioText(JSON.stringify(base), 'x.yaml');
    expect(c.durationS).toBe(3600);
    expect(c.pools[0]?.admissionLimitPerServer).toBe(NO_ADMISSION_LIMIT);
    expect(c.servers.map((s) => s.role)).toEqual(['active', 'active', 'standby']);
    expect(c.workload.retry).toEqual({
      delay: { dist: 'fixed', mean: 60 },
      backoff: 2,
      jitter: 0.5,
      maxDelayS: 900,
      maxAttempts: Infinity,
    });
  });

  it('rejects a fifth active server at the exact field path', () => {
    expect(problems(withPool({ servers: servers(5) }))).toEqual([
      'x.yaml: topology.pools[0].servers[4].role: a pool has at most 4 active servers; received 5',
    ]);
  });

  it('rejects more than 8 servers per pool', () => {
    expect(problems(withPool({ servers: servers(4, 5) }))).toEqual([
      'x.yaml: topology.pools[0].servers: a pool has at most 8 servers (4 active + 4 standby); received 9',
    ]);
  });

  it('rejects standby servers on Standard Edition', () => {
    expect(problems(withPool({ servers: servers(1, 1) }, 'standard'))).toEqual([
      'x.yaml: topology.pools[0].servers[1].role: Standard Edition has no high availability, so no standby servers; received role standby',
    ]);
  });

  it('rejects a collocated pool with two servers', () => {
    expect(problems(withPool({ collocated: true, servers: servers(2) }, 'standard'))).toEqual([
      'x.yaml: topology.pools[0].servers: a pool collocated with a Standard Edition Front End has exactly one server; received 2',
    ]);
  });

  it('rejects collocation on Enterprise Edition', () => {
    expect(problems(withPool({ collocated: true, servers: servers(1) }))).toEqual([
      'x.yaml: topology.pools[0].collocated: Enterprise Edition never collocates Persistent Chat on the Front End; received collocated: true',
    ]);
  });

  it('rejects a capacity above the supported 20,000 users per server', () => {
    expect(problems(withPool({ capacityPerServer: 25000, servers: servers(1) }))).toEqual([
      'x.yaml: topology.pools[0].capacityPerServer: a server supports at most 20000 concurrent users; received 25000',
    ]);
  });

  it('rejects duplicate server names', () => {
    expect(problems(withPool({ servers: [{ name: 'a' }, { name: 'a' }] }))).toEqual([
      'x.yaml: topology.pools[0].servers[1].name: server names are unique; "a" is used twice',
    ]);
  });

  it('turns documented-limit violations into warnings with allowUnsupported', () => {
    const c = parseScenarioText(
      JSON.stringify(
        withPool({ capacityPerServer: 25000, servers: servers(5) }, 'enterprise', { allowUnsupported: true }),
      ),
      'x.yaml',
    );
    expect(c.warnings.map((w) => [w.code, w.subject, w.limit, w.value])).toEqual([
      ['too-many-active-servers', 'topology.pools[0].servers[4].role', 4, 5],
      ['capacity-over-20000', 'topology.pools[0].capacityPerServer', 20000, 25000],
      ['topology-sized-over-80000', 'topology.pools', 80000, 100000],
    ]);
    expect(c.warnings[1]?.message).toBe(
      "The scenario's topology.pools[0].capacityPerServer is 25,000, above the 20,000 concurrent users a server supports [doc].",
    );
  });

  it('warns of an admission limit set above 30,000 (not of none: the load warnings cover it) and a population above 150,000', () => {
    const implicit = parseScenarioText(
      JSON.stringify(
        withPool({ capacityPerServer: 31000, servers: servers(2) }, 'enterprise', { allowUnsupported: true }),
      ),
      'x.yaml',
    );
    expect(implicit.warnings.map((w) => [w.code, w.subject, w.value])).toEqual([
      ['capacity-over-20000', 'topology.pools[0].capacityPerServer', 31000],
    ]);
    const c = parseScenarioText(
      JSON.stringify({
        ...(withPool({ admissionLimitPerServer: 30001, servers: servers(4) }, 'enterprise') as object),
        workload: { population: 150001, initialConnected: 0, offTime: { dist: 'fixed', mean: '1h' } },
      }),
      'x.yaml',
    );
    expect(c.warnings).toEqual([
      {
        code: 'admission-limit-over-30000',
        subject: 'topology.pools[0].admissionLimitPerServer',
        message:
          'The scenario\'s topology.pools[0].admissionLimitPerServer lets a server take 30,001 users, beyond the documented worst case of a server "hosting as many as 30,000 users" after a failure [doc].',
        limit: 30000,
        value: 30001,
      },
      {
        code: 'population-over-150000',
        subject: 'workload.population',
        message:
          "The scenario's workload.population is 150,001 users, more than the 150,000 users enabled for Persistent Chat the documentation sizes for [doc].",
        limit: 150000,
        value: 150001,
      },
    ]);
  });

  it('keeps structural rules as errors even with allowUnsupported', () => {
    expect(
      problems(withPool({ servers: servers(1, 1) }, 'standard', { allowUnsupported: true })),
    ).toHaveLength(1);
  });

  it('rejects faults naming unknown servers and sites, and times past the end', () => {
    expect(
      problems({
        ...base,
        faults: [
          { at: '2h', fail: 'zz' },
          { at: 0, failSite: 'mars' },
        ],
      }),
    ).toEqual([
      'x.yaml: faults[0].at: a fault happens within the run (duration 3600s); received 7200s',
      'x.yaml: faults[0].fail: unknown server "zz"; expected one of a, b, c',
      'x.yaml: faults[1].failSite: unknown site "mars"; expected one of dc1',
    ]);
  });

  it('rejects a fault with two actions', () => {
    expect(problems({ ...base, faults: [{ at: 0, fail: 'a', restore: 'a' }] })).toEqual([
      'x.yaml: faults[0]: a fault has exactly one of fail, restore, failSite, restoreSite, failDatabase, restoreDatabase, failCompliance, restoreCompliance, random; received fail, restore',
    ]);
  });

  it('rejects a bad duration with the rule and the value received', () => {
    expect(problems({ ...base, duration: '5 parsecs' })).toEqual([
      'x.yaml: duration: Invalid duration: expected a number of seconds, a duration like "90s", "15m", "2h45m", "7d" or a clock time like "08:15", "1d 08:15"; received "5 parsecs"',
    ]);
  });

  it('suggests the intended key for a misspelt one', () => {
    expect(problems({ ...base, sampelEvery: '1m' })).toEqual([
      'x.yaml: unknown key "sampelEvery" (did you mean "sampleEvery"?)',
    ]);
  });

  it('never suggests the key itself: a key valid elsewhere is told where it belongs', () => {
    const session = { dist: 'exponential', mean: '8h', retry: { maxAttempts: 3 } };
    expect(problems({ ...base, workload: { rate: 1, session } })).toContain(
      'x.yaml: workload.session: unknown key "retry" (it belongs at workload.retry)',
    );
    expect(problems({ ...base, retry: {} })).toEqual([
      'x.yaml: unknown key "retry" (it belongs at workload.retry)',
    ]);
  });

  it('prefers a near key of the same object, and names the place of a near key elsewhere', () => {
    expect(problems({ ...base, workload: { arrivals: { rate: 1 }, sesion: '8h' } })).toEqual([
      'x.yaml: workload: unknown key "sesion" (did you mean "session"?)',
    ]);
    expect(problems({ ...base, retri: {} })).toEqual([
      'x.yaml: unknown key "retri" (did you mean workload.retry?)',
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      problems({ ...base, seed: -1, duration: 'x', faults: [{ at: 0, fail: 'q' }] }).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('rejects invalid YAML with its line', () => {
    expect(() => parseScenarioText('name: [unclosed', 'y.yaml')).toThrow(/^y\.yaml: invalid YAML at line 1/);
  });

  it('rejects a closed workload without offTime and an open one with both models', () => {
    expect(problems({ ...base, workload: { population: 10 } })).toEqual([
      'x.yaml: workload.offTime: a closed workload (population) needs offTime, the time a user stays signed out',
    ]);
    expect(
      problems({
        ...base,
        workload: { population: 10, arrivals: { rate: 1 }, offTime: { dist: 'fixed', mean: 1 } },
      }),
    ).toEqual([
      'x.yaml: workload.population: a workload is open (arrivals) or closed (population), not both',
    ]);
  });
});

describe('durations', () => {
  it('reads numbers as seconds and strings with one or more units', async () => {
    const { parseDuration } = await import('../../src/scenario/duration.js');
    expect(parseDuration(90)).toBe(90);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2h45m')).toBe(9900);
    expect(parseDuration('1.5d')).toBe(129600);
    expect(parseDuration('250ms')).toBe(0.25);
    for (const bad of ['5 parsecs', '', 'h', '-1s', -1, NaN, Infinity, '1e3s', null, '2h 45 m x'])
      expect(parseDuration(bad)).toBeUndefined();
  });
});
