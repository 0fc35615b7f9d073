// Topology rules: documented limits on servers per pool and users per server, the structural rules of
// the four topologies (Standard Edition, collocation), and unique names.
import { issue, type Issue } from '../errors.js';
import { LIMITS, type LimitFn, type RuleResult } from './rule-helpers.js';
import { scenarioWarning } from './rule-warnings.js';
import type { ParsedScenario } from './schema.js';

type ParsedPool = ParsedScenario['topology']['pools'][number];

/** Every pool's servers and limits, and the users all pools are sized for [doc]. */
export function checkTopology(s: ParsedScenario, out: RuleResult, limit: LimitFn): void {
  const serverNames = new Set<string>();
  const poolNames = new Set<string>();
  let supported = 0;
  s.topology.pools.forEach((pool, p) => {
    const at = `topology.pools[${p}]`;
    if (poolNames.has(pool.name)) out.errors.push(duplicate(`${at}.name`, 'pool', pool.name));
    poolNames.add(pool.name);
    const active = checkServers(s, pool, at, serverNames, out, limit);
    checkPool(s, pool, at, out, limit);
    supported += Math.min(active, LIMITS.maxActivePerPool) * pool.capacityPerServer;
  });
  if (supported > LIMITS.supportedUsersAllPools) {
    out.warnings.push(scenarioWarning('topology-sized-over-80000', 'topology.pools', supported));
  }
}

/** A pool's servers: unique names, at most 4 active [doc], no standby on Standard Edition. @returns its active servers. */
function checkServers(
  s: ParsedScenario,
  pool: ParsedPool,
  at: string,
  serverNames: Set<string>,
  out: RuleResult,
  limit: LimitFn,
): number {
  let active = 0;
  pool.servers.forEach((srv, i) => {
    const sp = `${at}.servers[${i}]`;
    if (serverNames.has(srv.name)) out.errors.push(duplicate(`${sp}.name`, 'server', srv.name));
    serverNames.add(srv.name);
    if (srv.role === 'active') {
      active += 1;
      if (active === LIMITS.maxActivePerPool + 1) {
        const n = pool.servers.filter((x) => x.role === 'active').length;
        limit(
          'too-many-active-servers',
          issue(`${sp}.role`, `a pool has at most ${LIMITS.maxActivePerPool} active servers`, `${n}`),
          n,
        );
      }
    } else if (s.topology.edition === 'standard') {
      out.errors.push(
        issue(
          `${sp}.role`,
          'Standard Edition has no high availability, so no standby servers',
          'role standby',
        ),
      );
    }
  });
  if (active === 0)
    out.errors.push(issue(`${at}.servers`, 'a pool needs at least one active server', 'none'));
  return active;
}

/** A pool's size [doc], collocation rules and users per server. */
function checkPool(s: ParsedScenario, pool: ParsedPool, at: string, out: RuleResult, limit: LimitFn): void {
  if (pool.servers.length > LIMITS.maxServersPerPool) {
    limit(
      'too-many-servers',
      issue(
        `${at}.servers`,
        `a pool has at most ${LIMITS.maxServersPerPool} servers (4 active + 4 standby)`,
        `${pool.servers.length}`,
      ),
      pool.servers.length,
    );
  }
  if (pool.collocated && s.topology.edition === 'enterprise') {
    out.errors.push(
      issue(
        `${at}.collocated`,
        'Enterprise Edition never collocates Persistent Chat on the Front End',
        'collocated: true',
      ),
    );
  }
  if (pool.collocated && pool.servers.length !== 1) {
    out.errors.push(
      issue(
        `${at}.servers`,
        'a pool collocated with a Standard Edition Front End has exactly one server',
        `${pool.servers.length}`,
      ),
    );
  }
  checkUsersPerServer(pool, at, out, limit);
}

/** Supported users per server [doc]; an admission limit set above the documented overload (a warning). */
function checkUsersPerServer(pool: ParsedPool, at: string, out: RuleResult, limit: LimitFn): void {
  if (pool.capacityPerServer > LIMITS.supportedUsersPerServer) {
    limit(
      'capacity-over-20000',
      issue(
        `${at}.capacityPerServer`,
        `a server supports at most ${LIMITS.supportedUsersPerServer} concurrent users`,
        `${pool.capacityPerServer}`,
      ),
      pool.capacityPerServer,
    );
  }
  // Never an error: the documented overload is modelled by raising the admission limit. Unset
  // means no limit, which the load warning server-over-30000 covers when the load passes 30,000.
  const admission = pool.admissionLimitPerServer;
  if (admission !== undefined && admission > LIMITS.worstCaseUsersPerServer)
    out.warnings.push(
      scenarioWarning('admission-limit-over-30000', `${at}.admissionLimitPerServer`, admission),
    );
}

/** `<what> names are unique; "<name>" is used twice`. */
function duplicate(path: string, what: string, name: string): Issue {
  return {
    path,
    expected: `${what} names are unique`,
    received: `"${name}"`,
    message: `${what} names are unique; "${name}" is used twice`,
  };
}
