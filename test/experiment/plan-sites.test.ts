// The sites of a plan's candidates: a server count that leaves a site of the template empty (the standbys
// or second-site servers of a stretched pool) still builds, without the backup there and the links to it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVariant, type PlanTemplate } from '../../src/experiment/plan/plan-variant.js';
import { readScenarioData } from '../../src/experiment/run/scenario-data.js';
import { tempDir } from '../helpers.js';

/** The documented 2 + 2 layout per site over a low-latency link, mgccomp in dc2. */
const STRETCHED = `name: two-two
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
workload:
  initialConnected: 200
  session: { dist: fixed, mean: 100h }
  initialSessions: fresh
messages: {}
`;

async function template(): Promise<PlanTemplate> {
  const file = join(tempDir(), 'two-two.yaml');
  writeFileSync(file, STRETCHED);
  return { file, ...(await readScenarioData(file)) };
}

describe('plan: sites a candidate leaves empty', () => {
  it('builds a candidate with no server in the backup site, without the backup and the links to it', async () => {
    const t = await template();
    const c = buildVariant(t, { pool: 0, count: '2+0', users: 200, failed: 1, failAtS: 0 }).config;
    expect(c.sites).toEqual(['dc1']);
    expect(c.pools[0]?.database.backupSite).toBe(-1);
    expect(c.pools[0]?.compliance.site).toBe(0);
  });

  it('keeps the backup, the compliance site and the links where the candidate has servers', async () => {
    const t = await template();
    const c = buildVariant(t, { pool: 0, count: '4+1', users: 200, failed: 1, failAtS: 0 }).config;
    expect(c.sites).toEqual(['dc1', 'dc2']);
    expect(c.pools[0]?.database.backupSite).toBe(1);
    expect(c.pools[0]?.compliance.site).toBe(1);
    expect(buildVariant(t, { pool: 0, count: null, users: 200, failed: 0, failAtS: 0 }).config).toEqual(
      t.config,
    );
  });
});
