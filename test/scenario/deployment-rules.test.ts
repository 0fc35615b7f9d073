import { describe, expect, it } from 'vitest';
import { scenarioProblems } from '../helpers.js';

const stretched = {
  name: 't',
  duration: '8h',
  topology: {
    edition: 'enterprise',
    pools: [
      {
        name: 'p',
        servers: [
          { name: 'a1', site: 'dc1' },
          { name: 'a2', site: 'dc1' },
          { name: 'b1', site: 'dc2', role: 'standby' },
          { name: 'b2', site: 'dc2', role: 'standby' },
        ],
      },
    ],
  },
};

const problems = scenarioProblems;

function withDatabase(database: Record<string, unknown>): unknown {
  const pool = { ...stretched.topology.pools[0], database };
  return { ...stretched, topology: { edition: 'enterprise', pools: [pool] } };
}

describe('deployment rules', () => {
  it('rejects SQL AlwaysOn with the documented reason', () => {
    expect(problems(withDatabase({ alwaysOn: true }))).toEqual([
      'x.yaml: topology.pools[0].database.alwaysOn: SQL Server AlwaysOn Availability Groups are not supported for the Persistent Chat databases; use SQL mirroring or clustering; received alwaysOn: true',
    ]);
  });

  it('rejects a mirror, a witness and a disaster-recovery backup on Standard Edition (no high availability)', () => {
    const doc = {
      name: 't',
      topology: {
        edition: 'standard',
        pools: [
          {
            name: 'p',
            database: { mirror: true, witness: true, backupSite: 'dc2' },
            servers: [{ name: 'fe1', site: 'dc1' }],
          },
        ],
      },
    };
    const why =
      'Standard Edition has no high availability [doc], so no database mirror, witness or disaster-recovery backup';
    expect(problems(doc)).toEqual([
      `x.yaml: topology.pools[0].database.mirror: ${why}; received mirror: true`,
      `x.yaml: topology.pools[0].database.witness: ${why}; received witness: true`,
      `x.yaml: topology.pools[0].database.backupSite: ${why}; received backupSite: dc2`,
    ]);
  });

  it('rejects a witness without a mirror', () => {
    expect(problems(withDatabase({ witness: true }))).toEqual([
      'x.yaml: topology.pools[0].database.witness: a witness needs a mirror; set mirror: true or remove witness',
    ]);
  });

  it('rejects active servers outside the database site after a site failover', () => {
    const doc = {
      ...stretched,
      faults: [{ at: '1h', failSite: 'dc1' }],
      actions: [{ at: '3h', setActive: 'p', servers: ['b1', 'a1'] }],
      failover: { site: { after: '1h' } },
    };
    expect(problems(doc)).toEqual([
      "x.yaml: actions[0].servers[1]: active servers are in the pool's database site (dc2) or a site linked to it by topology.lowLatencySites [doc: active servers need a low-latency, high-bandwidth link to the database]; received a1 in dc1",
    ]);
  });

  it('accepts the same action after the failback has completed', () => {
    const doc = {
      ...stretched,
      faults: [
        { at: '1h', failSite: 'dc1' },
        { at: '2h30m', restoreSite: 'dc1' },
      ],
      actions: [
        { at: '3h', failback: 'p', duration: '30m' },
        { at: '4h', setActive: 'p', servers: ['a1', 'a2'] },
      ],
      failover: { site: { after: '1h' } },
    };
    expect(problems(doc)).toEqual([]);
  });

  it('rejects unknown pools and servers in actions, and actions after the end', () => {
    const doc = {
      ...stretched,
      actions: [
        { at: '1h', swap: 'nope' },
        { at: '1h', drain: 'zz', mode: 'force', deadline: '5m' },
        { at: '9h', activate: 'a1' },
        { at: '1h', setActive: 'p', servers: ['a1', 'q9'] },
      ],
    };
    expect(problems(doc)).toEqual([
      'x.yaml: actions[0].swap: unknown pool "nope"; expected one of p',
      'x.yaml: actions[1].drain: unknown server "zz"; expected one of a1, a2, b1, b2',
      'x.yaml: actions[2].at: an action happens within the run (duration 28800s); received 32400s',
      'x.yaml: actions[3].servers[1]: server "q9" is not in pool "p"; expected one of a1, a2, b1, b2',
    ]);
  });

  it('rejects a force drain without a deadline and a failback without a duration', () => {
    expect(
      problems({
        ...stretched,
        actions: [
          { at: 0, drain: 'a1', mode: 'force' },
          { at: 0, failback: 'p' },
        ],
      }),
    ).toEqual([
      'x.yaml: actions[0].deadline: a force drain needs a deadline, when the remaining users are disconnected',
      'x.yaml: actions[1].duration: a failback needs a duration: all active servers are cleared until it completes',
      'x.yaml: actions[1].failback: a failback applies only to a pool failed over to its backup; failover.site is not set, so the pool never fails over to its backup',
    ]);
  });

  it('rejects a failback that can never apply, and a failback list outside the pool', () => {
    const doc = {
      ...stretched,
      faults: [{ at: '2h', failSite: 'dc1' }],
      actions: [
        { at: '1h', failback: 'p', duration: '30m' },
        { at: '4h', failback: 'p', duration: '30m', servers: ['a1', 'zz'] },
      ],
      failover: { site: { after: '1h' } },
    };
    expect(problems(doc)).toEqual([
      'x.yaml: actions[0].failback: a failback applies only to a pool failed over to its backup; no site failover of the pool completes before it (a failure of site dc1 or of its database not repaired within failover.site.after)',
      'x.yaml: actions[1].servers[1]: server "zz" is not in pool "p"; expected one of a1, a2, b1, b2',
    ]);
  });

  it('rejects database faults naming unknown pools and compliance faults without compliance', () => {
    expect(
      problems({
        ...stretched,
        faults: [
          { at: 0, failDatabase: 'q' },
          { at: 0, failCompliance: 'p' },
        ],
      }),
    ).toEqual([
      'x.yaml: faults[0].failDatabase: unknown pool "q"; expected one of p',
      "x.yaml: faults[1]: a compliance fault needs the pool's compliance.enabled: true",
    ]);
  });

  it('rejects compliance without a messages workload, which would report no compliance figure at all', () => {
    const pool = { ...stretched.topology.pools[0], compliance: { enabled: true } };
    const scenario = { ...stretched, topology: { edition: 'enterprise', pools: [pool] } };
    expect(problems(scenario)).toEqual([
      'x.yaml: topology.pools[0].compliance.enabled: compliance needs a messages workload (the top-level messages key): its events are the chat messages, joins and parts, accrued with the messages; received enabled: true without messages',
    ]);
    expect(problems({ ...scenario, messages: { perUserPerHour: 1 } })).toEqual([]);
  });
});
