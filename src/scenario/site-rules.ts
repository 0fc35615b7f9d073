// Where active servers may be [doc: in the database's site or one with a low-latency link to it] at
// the start and after every scheduled change, replaying the site failovers the scheduled faults cause;
// and failbacks that can never apply.
import { issue } from '../errors.js';
import { allowedSitesText, backupSite, primarySite, siteAllowed, type RuleResult } from './rule-helpers.js';
import type { ParsedScenario } from './schema.js';

/**
 * Active servers are in the site of the pool's current database or one linked to it [doc], at the
 * start and after every scheduled change. Replays the scheduled site failovers and failbacks to know,
 * for each setActive and failback list, where the database is at that time.
 */
export function checkActiveSites(s: ParsedScenario, out: RuleResult): void {
  s.topology.pools.forEach((pool, p) => {
    const primary = primarySite(pool);
    pool.servers.forEach((srv, i) => {
      if (srv.role === 'active' && !siteAllowed(s, srv.site, primary))
        out.errors.push(
          issue(
            `topology.pools[${p}].servers[${i}].site`,
            `an active server is in ${allowedSitesText(primary)}`,
            `${srv.name} in ${srv.site}`,
          ),
        );
    });
    checkListSites(s, pool, out);
  });
}

type Pool = ParsedScenario['topology']['pools'][number];

/** Every setActive and failback list of `pool` is in the site its database is in at that time. */
function checkListSites(s: ParsedScenario, pool: Pool, out: RuleResult): void {
  const primary = primarySite(pool);
  const moves = databaseMoves(s, pool);
  const siteOf = new Map(pool.servers.map((x) => [x.name, x.site]));
  s.actions.forEach((a, i) => {
    if (a.setActive !== pool.name && a.failback !== pool.name) return;
    const db = a.failback !== undefined ? primary : (moves.filter(([t]) => t <= a.at).at(-1)?.[1] ?? primary);
    (a.servers ?? []).forEach((n, j) => {
      const site = siteOf.get(n);
      if (site !== undefined && !siteAllowed(s, site, db))
        out.errors.push(
          issue(
            `actions[${i}].servers[${j}]`,
            `active servers are in ${allowedSitesText(db)}`,
            `${n} in ${site}`,
          ),
        );
    });
  });
}

/** [time, site the pool's database is in from then on], in time order: site failovers and failbacks. */
function databaseMoves(s: ParsedScenario, pool: Pool): [number, string][] {
  const after = s.failover.site?.after;
  const backup = backupSite(s, pool);
  const moves: [number, string][] =
    after === undefined || backup === undefined ? [] : siteFailovers(s, pool, after).map((t) => [t, backup]);
  s.actions.forEach((a) => {
    if (a.failback === pool.name) moves.push([a.at + (a.duration ?? 0), primarySite(pool)]);
  });
  return moves.sort((x, y) => x[0] - y[0]);
}

/**
 * A failback applies only to a pool failed over to its backup: flagged when that can never happen
 * (no site procedure, no backup site, or no site or database failure of the pool before it).
 */
export function checkFailbackPossible(s: ParsedScenario, out: RuleResult, i: number, p: number): void {
  const pool = s.topology.pools[p];
  const a = s.actions[i];
  if (pool === undefined || a === undefined) return;
  const after = s.failover.site?.after;
  const why =
    after === undefined
      ? 'failover.site is not set, so the pool never fails over to its backup'
      : backupSite(s, pool) === undefined
        ? 'the pool has no backup site'
        : !siteFailovers(s, pool, after).some((t) => t <= a.at)
          ? `no site failover of the pool completes before it (a failure of site ${primarySite(pool)} or of its database not repaired within failover.site.after)`
          : undefined;
  if (why !== undefined)
    out.errors.push(
      issue(`actions[${i}].failback`, `a failback applies only to a pool failed over to its backup; ${why}`),
    );
}

/**
 * When the pool's backup comes online by the site procedure, as far as the scheduled faults tell:
 * `after` past a failure of its primary site, or of its database when there is no mirror, unless
 * the site or database is repaired first (repair cancels the pending failover).
 */
function siteFailovers(s: ParsedScenario, pool: Pool, after: number): number[] {
  const primary = primarySite(pool);
  const times: number[] = [];
  for (const f of s.faults) {
    if (f.at === undefined) continue;
    const t = f.at;
    const site = f.failSite === primary;
    if (!site && !(f.failDatabase === pool.name && !pool.database.mirror)) continue;
    const repaired = s.faults.some(
      (r) =>
        r.at !== undefined &&
        r.at >= t &&
        r.at <= t + after &&
        (site ? r.restoreSite === primary : r.restoreDatabase === pool.name),
    );
    if (!repaired) times.push(t + after);
  }
  return times;
}
