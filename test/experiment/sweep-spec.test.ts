import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  applyPoint,
  bindUsers,
  checkArrivalAxes,
  gridPoints,
  parseKeyPath,
  parseSet,
  type SweepAxis,
} from '../../src/experiment/sweep/sweep-spec.js';

const base = {
  name: 'x',
  topology: {
    edition: 'enterprise',
    pools: [
      {
        name: 'pchat',
        servers: [
          { name: 'pc1', site: 'dc1' },
          { name: 'pc2', site: 'dc1' },
          { name: 'pc3', site: 'dc1' },
          { name: 'pc4', site: 'dc1' },
          { name: 'pc5', site: 'dc2', role: 'standby' },
        ],
      },
    ],
  },
};

describe('parseSet', () => {
  it('reads a numeric range, inclusive of both ends', () => {
    expect(parseSet('workload.initialConnected=40000..100000:10000')).toEqual({
      key: 'workload.initialConnected',
      path: ['workload', 'initialConnected'],
      values: [40000, 50000, 60000, 70000, 80000, 90000, 100000],
    });
  });

  it('reads lists of durations as typed, and duration ranges in seconds', () => {
    expect(parseSet('failover.promoteStandbyAfter=5m,15m,60m').values).toEqual(['5m', '15m', '60m']);
    expect(parseSet('duration=1h..3h:1h').values).toEqual([3600, 7200, 10800]);
    expect(parseSet('x=0.1..0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
    expect(parseSet('allowUnsupported=true,false').values).toEqual([true, false]);
  });

  it('reads bracketed indices in key paths', () => {
    expect(parseKeyPath('topology.pools[0].servers')).toEqual(['topology', 'pools', 0, 'servers']);
    expect(parseKeyPath('a..b')).toBeUndefined();
  });

  it('rejects malformed options with one line naming the option and the value', () => {
    expect(() => parseSet('nokey')).toThrow(UsageError);
    expect(() => parseSet('a=5..1:1')).toThrow(
      '--set a: a range needs step > 0 and to ≥ from; received "5..1:1"',
    );
    expect(() => parseSet('a=1..2:0')).toThrow(/step > 0/);
    expect(() => parseSet('a=1,,2')).toThrow(/a value between commas/);
    expect(() => parseSet('a=x..y:1')).toThrow(/from\.\.to:step/);
    expect(() => parseSet('workload.arrivals.profileFile=a.csv,b.csv')).toThrow(
      '--set workload.arrivals.profileFile: a sweep cannot set profileFile (the file is read with its scenario file): use one scenario per profile file',
    );
  });
});

describe('gridPoints', () => {
  it('varies the first axis slowest', () => {
    expect(gridPoints([parseSet('a=1,2'), parseSet('b=x,y,z')])).toEqual([
      [1, 'x'],
      [1, 'y'],
      [1, 'z'],
      [2, 'x'],
      [2, 'y'],
      [2, 'z'],
    ]);
  });

  it('refuses grids beyond the limit', () => {
    expect(() => gridPoints([parseSet('a=1..200'), parseSet('b=1..200')])).toThrow(
      /at most 10000 grid points; received 40000/,
    );
  });
});

describe('applyPoint', () => {
  it('sets nested keys on a copy, creating missing objects', () => {
    const out = applyPoint(base, [parseSet('workload.initialConnected=5')], [5]);
    expect(out['workload']).toEqual({ initialConnected: 5 });
    expect(base).not.toHaveProperty('workload');
  });

  it('reads a server count as active servers, keeping standby servers and the first servers by name', () => {
    const axis = parseSet('topology.pools[0].servers=3,6');
    const three = applyPoint(base, [axis], [3]) as typeof base;
    expect(three.topology.pools[0]?.servers.map((s) => s.name)).toEqual(['pc1', 'pc2', 'pc3', 'pc5']);
    const six = applyPoint(base, [axis], [6]) as typeof base;
    expect(six.topology.pools[0]?.servers).toEqual([
      ...base.topology.pools[0]!.servers,
      { name: 'pc6', site: 'dc1' },
      { name: 'pc7', site: 'dc1' },
    ]);
  });

  it('reads A+S as A active and S standby servers, new standby servers in the standby site', () => {
    const out = applyPoint(base, [parseSet('topology.pools[0].servers=2+3')], ['2+3']) as typeof base;
    expect(out.topology.pools[0]?.servers).toEqual([
      { name: 'pc1', site: 'dc1' },
      { name: 'pc2', site: 'dc1' },
      { name: 'pc5', site: 'dc2', role: 'standby' },
      { name: 'pc6', site: 'dc2', role: 'standby' },
      { name: 'pc7', site: 'dc2', role: 'standby' },
    ]);
  });
});

describe('checkArrivalAxes', () => {
  const profile = { workload: { arrivals: { profile: [{ at: 0, rate: 1 }] } } };
  it('lets a rate replace a rate, and a profile entry be swept', () => {
    const rate = { workload: { arrivals: { rate: 1 } } };
    expect(() => checkArrivalAxes(rate, [parseSet('workload.arrivals.rate=2,3')], null)).not.toThrow();
    expect(() =>
      checkArrivalAxes(profile, [parseSet('workload.arrivals.profile[0].rate=2,3')], 'a.csv'),
    ).not.toThrow();
  });
  it('refuses a rate beside a profile, naming the profile file when there is one', () => {
    const axes = [parseSet('workload.initialConnected=1'), parseSet('workload.arrivals.rate=2')];
    expect(() => checkArrivalAxes(profile, axes, 'm.csv')).toThrow(
      /^--set workload\.arrivals\.rate: the scenario's arrivals come from the profile file "m\.csv", not one rate/,
    );
    expect(() => checkArrivalAxes(profile, axes, null)).toThrow(UsageError);
  });
});

describe('the users axis', () => {
  const open = {
    ...base,
    workload: {
      initialConnected: 1000,
      arrivals: {
        profile: [
          { at: '0s', rate: 0.5 },
          { at: '1h', rate: 2 },
        ],
      },
      session: { dist: 'fixed', mean: '1000s' },
    },
  };

  it('scales the users on at t = 0, every sign-in rate and the closed population by users / initialConnected', async () => {
    const { scenarioFromObject } = await import('../../src/scenario/load.js');
    const [axis] = bindUsers([parseSet('users=500,3000')], scenarioFromObject(open, 'x.yaml'));
    expect(axis?.baseUsers).toBe(1000);
    const w = (v: number): unknown => applyPoint(open, [axis as SweepAxis], [v])['workload'];
    expect(w(3000)).toEqual({
      initialConnected: 3000,
      arrivals: {
        profile: [
          { at: '0s', rate: 1.5 },
          { at: '1h', rate: 6 },
        ],
      },
      session: { dist: 'fixed', mean: '1000s' },
    });
    const closed = {
      ...base,
      workload: { population: 5000, initialConnected: 1000, offTime: { dist: 'exponential', mean: '1h' } },
    };
    const [c] = bindUsers([parseSet('users=500')], scenarioFromObject(closed, 'x.yaml'));
    expect(applyPoint(closed, [c as SweepAxis], [500])['workload']).toMatchObject({
      population: 2500,
      initialConnected: 500,
    });
    // The scenario object itself is untouched.
    expect(open.workload.initialConnected).toBe(1000);
  });

  it('refuses what it cannot scale, with one line naming the option', async () => {
    const { scenarioFromObject } = await import('../../src/scenario/load.js');
    const config = scenarioFromObject(open, 'x.yaml');
    const bind = (...sets: string[]): SweepAxis[] => bindUsers(sets.map(parseSet), config);
    expect(() => bind('users=1000.5')).toThrow(
      '--set users: expected whole numbers of users from 1; received 1000.5',
    );
    expect(() => bind('users=0,10')).toThrow(/received 0$/);
    expect(() => bind('users=1000', 'workload.initialConnected=5')).toThrow(
      '--set users: it scales workload.initialConnected, arrivals and population; sweep users or workload.initialConnected, not both',
    );
    expect(() => bind('users=1000', 'workload.arrivals.profile[0].rate=1')).toThrow(/not both/);
    // 2/s × 600,000,000 / 1,000 = 1.2e6/s, past the 1e6 bound; 500,000,000 users make exactly 1e6.
    expect(() => bind('users=600000000')).toThrow(
      "--set users=600000000: the sweep multiplies the scenario's sign-in rates by 600,000 (users / its 1000 users on at t = 0), which makes its peak of 2 per second 1,200,000 per second; a rate is at most 1e6 sign-ins per second (assumption), so this scenario sweeps at most 500000000 users",
    );
    const none = scenarioFromObject({ ...base, workload: { initialConnected: 0 } }, 'x.yaml');
    expect(() => bindUsers([parseSet('users=10')], none)).toThrow(
      '--set users: scales the workload from workload.initialConnected, the users at t = 0; the scenario has 0',
    );
  });
});
