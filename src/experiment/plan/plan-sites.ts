// The sites of a candidate whose server count leaves a site of the template empty (the standbys of a
// stretched pool's second site, say). Without the template's faults no site ever fails, so a site with
// no server plays no part: the candidate runs without a backup there, and no name points at it.
import type { PlanTemplate } from './plan-variant.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

/** A server's site as the schema reads it (`dc1` when not given). */
const siteOf = (s: Obj): unknown => s['site'] ?? 'dc1';

/**
 * Changes `pool` (the candidate's one pool, with `servers`) and `topology` in place: a backup site
 * (`database.backupSite`) with none of its servers is left out, since only a site failover brings the
 * backup online [doc] and the rules refuse a backup site without servers; then the compliance database's
 * site and the `lowLatencySites` links keep only sites the candidate still names, as the rules ask (a
 * link to a site with no server or database changes nothing, nor does mgccomp's site when no site fails:
 * it falls back to the primary's).
 */
export function keepKnownSites(topology: Obj, pool: Obj, servers: readonly Obj[]): void {
  const db = obj(pool['database']);
  // obj() hands back the candidate's own objects (a copy of the template's), changed in place.
  if (db['backupSite'] !== undefined && !servers.some((s) => siteOf(s) === db['backupSite']))
    delete db['backupSite'];
  const known = new Set([...servers.map(siteOf), db['site'], db['mirrorSite'], db['backupSite']]);
  const compliance = obj(pool['compliance']);
  if (compliance['site'] !== undefined && !known.has(compliance['site'])) delete compliance['site'];
  const links = topology['lowLatencySites'];
  if (!Array.isArray(links)) return;
  topology['lowLatencySites'] = (links as unknown[])
    .map((g) => (Array.isArray(g) ? g.filter((x) => known.has(x)) : g))
    .filter((g) => !Array.isArray(g) || g.length >= 2);
}

/**
 * plan.txt's line on the backup sites a candidate may run without (see keepKnownSites), when the plan
 * sizes server counts (`sizing`) and a pool of the template names its backup site; else none.
 */
export function backupLines(t: PlanTemplate, sizing: boolean): string[] {
  const pools = obj(t.data['topology'])['pools'];
  const named = (Array.isArray(pools) ? pools : []).map(obj).flatMap((p) => {
    const site = obj(p['database'])['backupSite'];
    return typeof site === 'string' ? [`pool ${String(p['name'])}: ${site}`] : [];
  });
  if (!sizing || named.length === 0) return [];
  return [
    `a candidate with no server in its pool's backup site (${named.join('; ')}) runs without that backup: only a site failover brings it online [doc], and no candidate has one.`,
  ];
}
