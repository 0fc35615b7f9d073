// Database and compliance rules: no AlwaysOn [doc], no high availability on Standard Edition [doc],
// a witness and a mirror site need a mirror, a backup site holds servers, compliance needs messages to
// accrue with.
import { issue } from '../errors.js';
import { allSites, refCheck, type RuleResult } from './rule-helpers.js';
import type { ParsedScenario } from './schema.js';

type ParsedPool = ParsedScenario['topology']['pools'][number];

export function checkDatabases(s: ParsedScenario, out: RuleResult): void {
  const sites = allSites(s);
  s.topology.pools.forEach((pool, p) => {
    checkCompliance(s, pool, p, sites, out);
    checkDatabase(s, pool, `topology.pools[${p}].database`, out);
  });
}

function checkCompliance(
  s: ParsedScenario,
  pool: ParsedPool,
  p: number,
  sites: readonly string[],
  out: RuleResult,
): void {
  const complianceSite = pool.compliance.site;
  if (complianceSite !== undefined)
    refCheck(out, `topology.pools[${p}].compliance.site`, 'site', complianceSite, sites);
  // Without a messages workload nothing is accrued, so compliance would report nothing at all.
  if (pool.compliance.enabled && s.messages === undefined)
    out.errors.push(
      issue(
        `topology.pools[${p}].compliance.enabled`,
        'compliance needs a messages workload (the top-level messages key): its events are the chat messages, joins and parts, accrued with the messages',
        'enabled: true without messages',
      ),
    );
}

function checkDatabase(s: ParsedScenario, pool: ParsedPool, at: string, out: RuleResult): void {
  const db = pool.database;
  if (db.alwaysOn) {
    out.errors.push(
      issue(
        `${at}.alwaysOn`,
        'SQL Server AlwaysOn Availability Groups are not supported for the Persistent Chat databases; use SQL mirroring or clustering',
        'alwaysOn: true',
      ),
    );
  }
  if (s.topology.edition === 'standard')
    for (const key of ['mirror', 'witness', 'backupSite'] as const)
      if (db[key] !== undefined && db[key] !== false)
        out.errors.push(
          issue(
            `${at}.${key}`,
            'Standard Edition has no high availability [doc], so no database mirror, witness or disaster-recovery backup',
            `${key}: ${String(db[key])}`,
          ),
        );
  // A site failover brings the backup online and makes the servers of its site active [doc]: with none
  // there, the outage would "end" with nobody able to sign in.
  if (
    s.topology.edition !== 'standard' &&
    db.backupSite !== undefined &&
    !pool.servers.some((x) => x.site === db.backupSite)
  )
    out.errors.push(
      issue(
        `${at}.backupSite`,
        "the backup site holds some of the pool's servers: a site failover makes them active, and with none there nobody could sign in",
        `backupSite: ${db.backupSite}, where pool ${pool.name} has no server`,
      ),
    );
  if (db.witness && !db.mirror)
    out.errors.push(issue(`${at}.witness`, 'a witness needs a mirror; set mirror: true or remove witness'));
  if (db.mirrorSite !== undefined && !db.mirror)
    out.errors.push(
      issue(`${at}.mirrorSite`, 'mirrorSite needs a mirror; set mirror: true or remove mirrorSite'),
    );
}
