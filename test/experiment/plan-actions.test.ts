// What plan does with the template's actions: it keeps drains and activates (workload on one server,
// where the candidate has it, within its run) and leaves out setActive, swap and failback, saying which
// and why in plan.txt and report.html; and with the sites a candidate's server count empties. The
// templates are tiny and deterministic (fixed sessions, no arrivals), so each plan runs in well under a
// second.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { ACTION_KINDS, type SimConfig } from '../../src/model/config.js';
import { planRunSettings } from '../../src/experiment/plan/plan-evaluator.js';
import { planOptions } from './plan-options.js';
import { runFigures } from '../../src/experiment/plan/plan-sample.js';
import type { ReplicationResult } from '../../src/experiment/run/replicate.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import { actionRule, candidateActions } from '../../src/experiment/plan/plan-actions.js';
import { promotableStandbys, standbyNote } from '../../src/experiment/plan/plan-standby.js';
import { buildVariant, type PlanTemplate } from '../../src/experiment/plan/plan-variant.js';
import { readScenarioData } from '../../src/experiment/run/scenario-data.js';
import { tempDir } from '../helpers.js';

/** 200 users who stay for the whole run, each back 30 s after being cut off. */
const WORKLOAD = `workload:
  initialConnected: 200
  session: { dist: fixed, mean: 100h }
  initialSessions: fresh
  reconnectDelay: { dist: fixed, mean: 30s }`;

/** A stretched pool (2 active in dc1, 2 standby in dc2) whose site dc1 fails, is failed over and back. */
const STRETCHED = `name: mini-dr
seed: 5
duration: 1h
sampleEvery: 5m
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 100
      database: { site: dc1, backupSite: dc2 }
      servers:
        - { name: a1, site: dc1 }
        - { name: a2, site: dc1 }
        - { name: b1, site: dc2, role: standby }
        - { name: b2, site: dc2, role: standby }
${WORKLOAD}
faults:
  - { at: 10m, failSite: dc1 }
  - { at: 30m, restoreSite: dc1 }
actions:
  - { at: 5m, drain: a2, mode: force, deadline: 1m }
  - { at: "00:08", activate: a2 }
  - { at: 40m, failback: p, duration: 5m }
  - { at: 50m, setActive: p, servers: [a1] }
  - { at: 55m, swap: p }
failover: { site: { after: 10m }%PROMOTE% }
`;

async function template(yaml = STRETCHED): Promise<PlanTemplate> {
  const file = join(tempDir(), 'mini-dr.yaml');
  writeFileSync(file, yaml.replace('%PROMOTE%', ''));
  return { file, ...(await readScenarioData(file)) };
}

const KEPT =
  "the scenario's actions[0–1] (1 drain and 1 activate) are kept, as workload on the server each names: a drain takes it out of the active list (it keeps its users but takes no new sign-ins [doc]; a forced drain disconnects them at its deadline), an activate puts it in; each acts in the candidates that have that server, before their run ends, and is left out of the others.";
const FAILBACK =
  "the scenario's actions[2] (1 failback) is left out: a failback applies only to a pool failed over to its backup site [doc], and a plan fails servers, never a site or its database, so no candidate fails over.";
const ACTIVE_LIST =
  "the scenario's actions[3–4] (1 setActive and 1 swap) are left out: a setActive or swap sets the pool's whole active list, which each candidate sets from its own server count (and making the backup site's servers active is a step of a site failover [doc], which no candidate has).";
const BACKUP =
  "a candidate with no server in its pool's backup site (pool p: dc2) runs without that backup: only a site failover brings it online [doc], and no candidate has one.";

describe("plan: the template's actions", () => {
  it('keeps the actions on one server (drain, activate) and leaves out those on the whole active list', () => {
    const kept = ACTION_KINDS.filter((k) => actionRule(k).kept);
    expect(kept).toEqual(['drain', 'activate']);
  });

  it('keeps in a candidate only the actions naming a server it has, at or before its run ends', () => {
    const actions = [
      { at: '5m', drain: 'a2', mode: 'soft' },
      { at: 600, activate: 'a2' },
      { at: '00:20', activate: 'a1' },
      { at: 60, failback: 'p', duration: 60 },
    ];
    expect(candidateActions(actions, new Set(['a1', 'a2']), 600)).toEqual(actions.slice(0, 2));
    expect(candidateActions(actions, new Set(['a1']), 1200)).toEqual([actions[2]]);
    expect(candidateActions(undefined, new Set(['a1']), 1200)).toEqual([]);
  });

  it('builds every candidate of a template with a failback, without it, and patches the servers each has', async () => {
    const t = await template();
    const base = { pool: 0, users: 200, failed: 1, failAtS: 0 };
    const kinds = (count: string | null): string[] =>
      buildVariant(t, { ...base, count }).config.faults.map((f) => `${f.kind}@${f.at}`);
    expect(kinds(null)).toEqual(['fail@0', 'drain@300', 'activate@480']);
    expect(kinds('1+0')).toEqual(['fail@0']);
    expect(kinds('3+1')).toEqual(['fail@0', 'drain@300', 'activate@480']);
    // A run that ends at 7 minutes leaves out the activate at 8.
    const short = { runAfterFailS: 420, warmupS: null, window: null, restoreAfterS: null };
    expect(buildVariant(t, { ...base, count: null }, short).config.faults.map((f) => f.kind)).toEqual([
      'fail',
      'drain',
    ]);
  });

  it('plans a template with a failback, and says in plan.txt and report.html which actions it left out and why', async () => {
    const t = await template();
    const out = join(tempDir(), 'plan');
    const r = await cli(
      ...['plan', t.file, '--users', '200', '--replications', '1', '--max-replications', '1'],
      ...['--workers', '1', '--resolution', '50', '--out', out],
    );
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(out, 'plan.txt'), 'utf8');
    expect(text).toContain(`\n${KEPT}\n${FAILBACK}\n${ACTIVE_LIST}\n`);
    expect(text).toContain(`\n${ACTIVE_LIST}\n${BACKUP}\n`);
    // The kept drain counts: with 3 active (67 users each), the two left by the failure carry 100 each,
    // but the forced drain of a2 at 5m then puts 200 on a1, over its 100 to the end: 4 are needed.
    expect(text).toContain('answer for pool p, 200 users with 1 failed:\n  4 active servers:');
    const html = readFileSync(join(out, 'report.html'), 'utf8').replaceAll('&#39;', "'");
    for (const line of [KEPT, FAILBACK, ACTIVE_LIST, BACKUP]) expect(html).toContain(`<p>${line}</p>`);
  });

  it('says nothing of actions when the template has none', async () => {
    const t = await template(STRETCHED.replace(/^actions:\n(?: {2}- .*\n)+/m, ''));
    const out = join(tempDir(), 'plan');
    const r = await cli(
      ...['plan', t.file, '--replications', '1', '--max-replications', '1'],
      ...['--workers', '1', '--resolution', '100', '--out', out],
    );
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'plan.txt'), 'utf8')).not.toContain("the scenario's actions");
  });

  it('fails a server no drain names, so the drains still act', async () => {
    const t = await template();
    const { config } = buildVariant(t, { pool: 0, count: null, users: 200, failed: 1, failAtS: 0 });
    const fail = config.faults.find((f) => f.kind === 'fail');
    // a2 is drained at 5m: failing it would make that drain a no-op, so a1 fails.
    expect(fail?.kind === 'fail' ? config.servers[fail.target]?.name : null).toBe('a1');
  });

  it("judges a kept forced drain's outage with the failure's", async () => {
    // 200 users on 4 servers of 100 seats, a1 force-drained at 20m. With 3 active, the last (a3) failing
    // at 5m leaves 100 on each of a1 and a2, so the drain's 100 find no seat: lost in the drain's
    // outage, not the failure's. With 4, a4 failing leaves 67 each, and the drain's fit.
    const drained = `name: drained
seed: 3
duration: 2h
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 100
      admissionLimitPerServer: 100
      servers: [{ name: a1 }, { name: a2 }, { name: a3 }, { name: a4 }]
${WORKLOAD}
actions:
  - { at: 20m, drain: a1, mode: force, deadline: 1m }
`;
    const t = await template(drained);
    const out = join(tempDir(), 'plan');
    const r = await cli(
      ...[
        'plan',
        t.file,
        '--users',
        '200',
        '--fail-at',
        '5m',
        '--replications',
        '1',
        '--max-replications',
        '1',
      ],
      ...['--workers', '1', '--resolution', '50', '--out', out],
    );
    expect(r.code).toBe(0);
    const text = readFileSync(join(out, 'plan.txt'), 'utf8');
    expect(text).toContain('answer for pool p, 200 users with 1 failed:\n  4 active servers:');
    // plan.txt says which outages it judged and how they combine.
    expect(text).toContain(
      'the outages judged: every one that began after the warm-up, from the failure or a forced drain (of a1), each over its own window;',
    );
    expect(text).toContain(
      "for blocking and users lost, those that began at one instant (servers failing together) count as one outage, and the worst outage's are judged",
    );
    expect(text).toContain(
      "users lost ≤ 0.1%: the worst outage's share of its affected users who still wanted service",
    );
    expect(text).toContain('1 failed: the last active server that no drain names');
  });

  it('tries standbys when a kept activate makes one active, promotion or not', async () => {
    const t = await template(STRETCHED.replace('activate: a2', 'activate: b1'));
    expect(standbyNote(t, 0, 3600)).toMatchObject({ helps: true });
    expect(standbyNote(t, 0, 3600).note).toContain('an activate the plan keeps makes b1 active');
    expect(standbyNote(await template(), 0, 3600).helps).toBe(false);
  });

  it('simulates at most k standbys when no action a candidate keeps can make one active', async () => {
    const promoting = STRETCHED.replace('%PROMOTE%', ', promoteStandbyAfter: 5m');
    const t = await template(promoting);
    expect(promotableStandbys(t, 0, 1, 4, 0)).toBe(1);
    const activating = await template(promoting.replace('activate: a2', 'activate: b1'));
    expect(promotableStandbys(activating, 0, 1, 4, 0)).toBeNull();
  });
});

/** The documented 2 + 2 layout per site over a low-latency link, with a third site and mgccomp in dc2. */
const TWO_TWO = `name: two-two
duration: 1h
topology:
  edition: enterprise
  lowLatencySites: [[dc1, dc2, dc3]]
  pools:
    - name: p
      capacityPerServer: 100
      database: { site: dc1, backupSite: dc2 }
      compliance: { enabled: true, site: dc2 }
      servers:
        - { name: a1, site: dc1 }
        - { name: a2, site: dc1 }
        - { name: a3, site: dc1, role: standby }
        - { name: b1, site: dc2 }
        - { name: b2, site: dc2 }
        - { name: b3, site: dc2, role: standby }
        - { name: c1, site: dc3, role: standby }
${WORKLOAD}
messages: {}
`;

describe('plan: sites a candidate leaves empty', () => {
  const base = { pool: 0, users: 200, failed: 1, failAtS: 0 };

  it('builds a candidate with no server in the backup site, without the backup and the names of that site', async () => {
    const c = buildVariant(await template(TWO_TWO), { ...base, count: '2+0' }).config;
    expect(c.sites).toEqual(['dc1']);
    expect(c.pools[0]?.database.backupSite).toBe(-1);
    expect(c.pools[0]?.compliance.site).toBe(0);
  });

  it('keeps the backup, the compliance site and the links where the candidate has servers', async () => {
    const t = await template(TWO_TWO);
    const c = buildVariant(t, { ...base, count: '4+1' }).config;
    expect(c.sites).toEqual(['dc1', 'dc2']);
    expect(c.pools[0]?.database.backupSite).toBe(1);
    expect(c.pools[0]?.compliance.site).toBe(1);
    expect(buildVariant(t, { ...base, count: null, failed: 0 }).config).toEqual(t.config);
  });
});

/** Three actives of 100 seats, a1 failing at 30m (the plan's failure instant), a3 drained at %AT%. */
const LATE_DRAIN = `name: late-drain
seed: 3
duration: 12h
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 100
      servers: [{ name: a1 }, { name: a2 }, { name: a3 }%STANDBY%]
${WORKLOAD}
faults:
  - { at: 30m, fail: a1 }
actions:
  - { at: %AT%, drain: %DRAINED%%MODE% }
`;

function lateDrain(at: string, mode = ', mode: force, deadline: 5m', drained = 'a3', standby = ''): string {
  return LATE_DRAIN.replace('%AT%', at)
    .replace('%MODE%', mode)
    .replace('%DRAINED%', drained)
    .replace('%STANDBY%', standby);
}

/** plan.txt of a two-run plan of `yaml` (no --users: the largest-user search only). */
async function twoRunPlan(yaml: string): Promise<string> {
  const t = await template(yaml);
  const out = join(tempDir(), 'plan');
  const r = await cli(
    ...['plan', t.file, '--replications', '2', '--max-replications', '2'],
    ...['--workers', '1', '--out', out],
  );
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  return readFileSync(join(out, 'plan.txt'), 'utf8');
}

const ANY_FAILED = 'any 1 failed: the servers of a pool are interchangeable';
const NO_DRAIN_OUTAGE = 'every one that began after the warm-up, from the failure, each over its own window;';

describe('plan: the drains its candidates keep', () => {
  it('says nothing of a drain after every run ends, and fails the last active server', async () => {
    const t = await template(lateDrain('10h'));
    const v = { pool: 0, count: null, users: 200, failed: 1, failAtS: 1800 };
    const run = planRunSettings(t, planOptions({ users: null }));
    const faults = (c: SimConfig): unknown[] =>
      c.faults.map((f) => [f.kind, f.at, f.kind === 'fail' ? c.servers[f.target]?.name : null]);
    // Every candidate ends at 1,800 + 15,300 s, before the drain at 10 h: none keeps it.
    expect(run.runAfterFailS).toBe(15300);
    expect(faults(buildVariant(t, v, run).config)).toEqual([['fail', 1800, 'a3']]);
    const text = await twoRunPlan(lateDrain('10h'));
    expect(text).toContain(NO_DRAIN_OUTAGE);
    expect(text).toContain(ANY_FAILED);
    expect(text).not.toContain('no drain names');
  });

  it('keeps a drain within the runs, fails another server, and judges its outage', async () => {
    const t = await template(lateDrain('1h'));
    const v = { pool: 0, count: null, users: 200, failed: 1, failAtS: 1800 };
    const c = buildVariant(t, v, planRunSettings(t, planOptions({ users: null }))).config;
    expect(c.faults.map((f) => [f.kind, c.servers[f.target]?.name])).toEqual([
      ['fail', 'a2'],
      ['drain', 'a3'],
    ]);
    const text = await twoRunPlan(lateDrain('1h'));
    expect(text).toContain('from the failure or a forced drain (of a3), each over its own window;');
    expect(text).toContain('1 failed: the last active server that no drain names');
    expect(text).toContain('The drains of a3 make the servers differ');
  });

  it('judges no outage of a soft drain, but still fails around it: it leaves fewer servers taking sign-ins', async () => {
    const text = await twoRunPlan(lateDrain('1h', ', mode: soft'));
    expect(text).toContain(
      'from the failure, each over its own window (a soft drain, of a3, opens none: its server keeps its users, though fewer servers then take sign-ins);',
    );
    expect(text).toContain('The drains of a3 make the servers differ');
  });

  it('counts time over capacity from the warm-up, so a drain before the failure that puts a server over counts', async () => {
    // 250 users on a1–a3 (84, 83, 83). a3's forced drain cuts its 83 at 11m; back 30 s later on a1 and
    // a2 (125 each), both over their 100 from 690 s. a2 fails at 30m: a1 then carries all 250, over
    // until the run ends at 1,800 + 3,600 s.
    const yaml = lateDrain('10m', ', mode: force, deadline: 1m').replace(
      'initialConnected: 200',
      'initialConnected: 250',
    );
    const t = await template(yaml);
    const v = { pool: 0, count: null, users: 250, failed: 1, failAtS: 1800 };
    const run = {
      runAfterFailS: 3600,
      warmupS: 300,
      window: { maxS: 1800, settleS: 900 },
      restoreAfterS: null,
    };
    const summary = JSON.parse(
      JSON.stringify(simulate(buildVariant(t, v, run).config)),
    ) as ReplicationResult['summary'];
    const f = runFigures({ summary } as ReplicationResult, 1800, 1);
    expect([f.overCapacityS, f.overCapacityAtEnd, f.windowS]).toEqual([5400 - 690, true, 5400 - 300]);
  });

  it('leaves the active servers alike, and judges no outage, when only a standby no one promotes is drained', async () => {
    const standby = ', { name: b1, role: standby }';
    const text = await twoRunPlan(lateDrain('1h', ', mode: force, deadline: 5m', 'b1', standby));
    expect(text).toContain(ANY_FAILED);
    expect(text).toContain(NO_DRAIN_OUTAGE);
  });
});
