// Rules for administrator actions: kinds and their options, names they refer to, the active-list
// limit, the sites active servers may be in, and failbacks that can never apply.
import { issue } from '../errors.js';
import { ACTION_KINDS } from '../model/config.js';
import {
  LIMITS,
  actionKindOf,
  allowedSitesText,
  backupSite,
  primarySite,
  refCheck,
  siteAllowed,
  type LimitFn,
  type RuleResult,
} from './rule-helpers.js';
import type { ParsedScenario } from './schema.js';

const ACTION_KEYS = ACTION_KINDS;

export function checkActions(s: ParsedScenario, out: RuleResult, limit: LimitFn): void {
  const pools = s.topology.pools;
  const servers = pools.flatMap((p) => p.servers.map((x) => x.name));
  s.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    const present = ACTION_KEYS.filter((k) => a[k] !== undefined);
    if (present.length !== 1) {
      out.errors.push(
        issue(
          at,
          `an action has exactly one of ${ACTION_KEYS.join(', ')}`,
          `${present.length === 0 ? 'none' : present.join(', ')}`,
        ),
      );
      return;
    }
    if (a.at > s.duration)
      out.errors.push(
        issue(`${at}.at`, `an action happens within the run (duration ${s.duration}s)`, `${a.at}s`),
      );
    const kind = actionKindOf(a);
    const allowed: Record<typeof kind, readonly string[]> = {
      setActive: ['servers'],
      swap: [],
      drain: ['mode', 'deadline'],
      activate: [],
      failback: ['duration', 'servers'],
    };
    for (const extra of ['servers', 'mode', 'deadline', 'duration'] as const) {
      if (a[extra] !== undefined && !allowed[kind].includes(extra))
        out.errors.push(issue(`${at}.${extra}`, `${extra} does not apply to ${kind}`));
    }
    if (kind === 'drain' || kind === 'activate') {
      refCheck(out, `${at}.${kind}`, 'server', a[kind] ?? '', servers);
      if (kind === 'drain' && a.mode === 'force' && a.deadline === undefined)
        out.errors.push(
          issue(
            `${at}.deadline`,
            'a force drain needs a deadline, when the remaining users are disconnected',
          ),
        );
      return;
    }
    const poolName = a[kind] ?? '';
    const p = pools.findIndex((x) => x.name === poolName);
    if (p < 0)
      return refCheck(
        out,
        `${at}.${kind}`,
        'pool',
        poolName,
        pools.map((x) => x.name),
      );
    if (kind === 'failback') {
      if (a.duration === undefined)
        out.errors.push(
          issue(
            `${at}.duration`,
            'a failback needs a duration: all active servers are cleared until it completes',
          ),
        );
      checkFailbackPossible(s, out, i, p);
      if (a.servers === undefined) return;
    } else if (kind !== 'setActive') return;
    const list = a.servers ?? [];
    const own = (pools[p]?.servers ?? []).map((x) => x.name);
    if (a.servers === undefined || list.length === 0)
      out.errors.push(issue(`${at}.servers`, `${kind} needs the list of servers to make active`));
    list.forEach((n, j) => {
      if (!own.includes(n))
        out.errors.push({
          path: `${at}.servers[${j}]`,
          expected: `one of ${own.join(', ')}`,
          received: JSON.stringify(n),
          message: `server "${n}" is not in pool "${poolName}"; expected one of ${own.join(', ')}`,
        });
    });
    if (list.length > LIMITS.maxActivePerPool)
      limit(
        'too-many-active-servers',
        issue(
          `${at}.servers`,
          `a pool has at most ${LIMITS.maxActivePerPool} active servers`,
          `${list.length}`,
        ),
        list.length,
      );
  });
}

/**
 * Active servers are in the site of the pool's current database or one linked to it [doc], at the
 * start and after every scheduled change. Replays the scheduled site failovers and failbacks to know,
 * for each setActive and failback list, where the database is at that time.
 */
export function checkActiveSites(s: ParsedScenario, out: RuleResult): void {
  const after = s.failover.site?.after;
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
    const backup = backupSite(s, pool);
    const siteOf = new Map(pool.servers.map((x) => [x.name, x.site]));
    // [time, site the database is in from then on]
    const moves: [number, string][] =
      after === undefined || backup === undefined
        ? []
        : siteFailovers(s, pool, after).map((t) => [t, backup]);
    s.actions.forEach((a) => {
      if (a.failback === pool.name) moves.push([a.at + (a.duration ?? 0), primary]);
    });
    moves.sort((x, y) => x[0] - y[0]);
    s.actions.forEach((a, i) => {
      if (a.setActive !== pool.name && a.failback !== pool.name) return;
      const db =
        a.failback !== undefined ? primary : (moves.filter(([t]) => t <= a.at).at(-1)?.[1] ?? primary);
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
  });
}

/**
 * A failback applies only to a pool failed over to its backup: flagged when that can never happen
 * (no site procedure, no backup site, or no site or database failure of the pool before it).
 */
function checkFailbackPossible(s: ParsedScenario, out: RuleResult, i: number, p: number): void {
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

type Pool = ParsedScenario['topology']['pools'][number];

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
