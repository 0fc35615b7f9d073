// A server count in a sweep or plan: `A` (A active servers; standby servers kept) or `A+S` (A active,
// S standby). Existing servers are kept in file order, first to last, so their names, sites and faults
// stay valid; missing ones are added after them, named after the last server (pc4 → pc5, pc6...) in the
// site of the last active (or standby) server. A fault naming a server that is dropped is an error.
import { UsageError } from '../../errors.js';

/** `A` or `A+S`. */
export const SERVER_COUNT = /^(\d+)(?:\+(\d+))?$/;
/** Most servers a count may ask for in one pool (documented limit is 8; beyond it needs allowUnsupported). */
export const MAX_COUNT = 64;

type Server = Record<string, unknown>;

function isServer(v: unknown): v is Server {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function poolsOf(data: Record<string, unknown>): unknown[] {
  const topology = data['topology'];
  const pools = isServer(topology) ? topology['pools'] : undefined;
  return Array.isArray(pools) ? pools : [];
}

/** A generator of fresh server names following the last server's pattern (`pc4` → `pc5`). */
function nameMaker(taken: Set<string>, last: string | undefined, pool: string): () => string {
  const m = last === undefined ? null : /^(.*?)(\d+)$/.exec(last);
  const prefix = m?.[1] ?? `${pool}-`;
  let k = m === null ? 1 : Number(m[2]) + 1;
  return () => {
    while (taken.has(`${prefix}${k}`)) k++;
    const name = `${prefix}${k}`;
    taken.add(name);
    return name;
  };
}

/**
 * Replaces `topology.pools[pool].servers` in `data` (mutated) by `count` servers (see the file header).
 * @throws UsageError when the count asks for more than MAX_COUNT servers.
 */
export function expandServers(data: Record<string, unknown>, pool: number, count: string): void {
  const m = SERVER_COUNT.exec(count);
  const active = Number(m?.[1]);
  const standby = m?.[2] === undefined ? undefined : Number(m[2]);
  if (active + (standby ?? 0) > MAX_COUNT)
    throw new UsageError(
      `topology.pools[${pool}].servers: a count asks for at most ${MAX_COUNT} servers; received ${count}`,
    );
  const p = poolsOf(data)[pool];
  if (!isServer(p)) return; // no such pool: left for validation to report
  const list = (Array.isArray(p['servers']) ? p['servers'] : []).filter(isServer);
  const taken = new Set(
    poolsOf(data).flatMap((q) =>
      isServer(q) && Array.isArray(q['servers'])
        ? q['servers'].filter(isServer).map((s) => String(s['name']))
        : [],
    ),
  );
  const actives = list.filter((s) => s['role'] !== 'standby');
  const standbys = list.filter((s) => s['role'] === 'standby');
  const keep = new Set([
    ...actives.slice(0, active),
    ...(standby === undefined ? standbys : standbys.slice(0, standby)),
  ]);
  const out: Server[] = list.filter((s) => keep.has(s));
  const next = nameMaker(
    taken,
    list.length === 0 ? undefined : String(list[list.length - 1]?.['name']),
    typeof p['name'] === 'string' ? p['name'] : 'pool',
  );
  const siteOf = (s: Server | undefined): string => (typeof s?.['site'] === 'string' ? s['site'] : 'dc1');
  const activeSite = siteOf(actives[actives.length - 1]);
  for (let i = Math.min(active, actives.length); i < active; i++)
    out.push({ name: next(), site: activeSite });
  const standbySite = standbys.length > 0 ? siteOf(standbys[standbys.length - 1]) : activeSite;
  for (let i = Math.min(standby ?? 0, standbys.length); i < (standby ?? 0); i++)
    out.push({ name: next(), site: standbySite, role: 'standby' });
  p['servers'] = out;
}
