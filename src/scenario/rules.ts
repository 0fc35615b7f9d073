// The topology and reference rules zod cannot express: documented product limits, structural
// rules of the four topologies, and names that must refer to something. Collects every issue at once.
import { issue, type Issue } from '../errors.js';
import { FAULT_KINDS, unknownKind } from '../model/config.js';
import { checkActions, checkActiveSites } from './action-rules.js';
import { LIMITS, allSites, faultKindOf, refCheck, type LimitFn, type RuleResult } from './rule-helpers.js';
import { scenarioWarning } from './rule-warnings.js';
import type { ParsedScenario } from './schema.js';

export { LIMITS, actionKindOf, allSites, backupSite, faultKindOf, primarySite } from './rule-helpers.js';
export type { RuleResult } from './rule-helpers.js';

const FAULT_KEYS = [...FAULT_KINDS, 'random'] as const;

/**
 * Checks every rule. A documented-limit violation is an error, or a warning when
 * `allowUnsupported` is set; structural and reference rules are always errors.
 */
export function checkRules(s: ParsedScenario): RuleResult {
  const out: RuleResult = { errors: [], warnings: [] };
  const limit: LimitFn = (code, i, value) => {
    if (s.allowUnsupported) out.warnings.push(scenarioWarning(code, i.path, value));
    else out.errors.push(i);
  };
  checkTopology(s, out, limit);
  checkDatabases(s, out);
  checkWorkload(s, out);
  checkWarmupKey(s, out);
  checkFaults(s, out);
  checkActions(s, out, limit);
  checkActiveSites(s, out);
  checkLowLatencySites(s, out);
  return out;
}

function checkWarmupKey(s: ParsedScenario, out: RuleResult): void {
  if (s.warmup === 'auto') {
    // A daily profile never settles: MSER-5 would pick a point on a trend (see auto-warmup.ts).
    if (s.workload.arrivals?.profile !== undefined)
      out.errors.push(
        issue(
          'warmup',
          'auto needs a steady state, and sign-ins following a daily profile have none: set a warm-up duration',
          'auto with workload.arrivals.profile',
        ),
      );
    return;
  }
  if (!(s.warmup >= 0 && s.warmup < s.duration))
    out.errors.push(
      issue(
        'warmup',
        `the warm-up is at least 0 s and shorter than the run (duration ${s.duration}s)`,
        `${s.warmup}s`,
      ),
    );
}

function checkDatabases(s: ParsedScenario, out: RuleResult): void {
  const sites = allSites(s);
  s.topology.pools.forEach((pool, p) => {
    const at = `topology.pools[${p}].database`;
    const db = pool.database;
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
    if (db.witness && !db.mirror)
      out.errors.push(issue(`${at}.witness`, 'a witness needs a mirror; set mirror: true or remove witness'));
    if (db.mirrorSite !== undefined && !db.mirror)
      out.errors.push(
        issue(`${at}.mirrorSite`, 'mirrorSite needs a mirror; set mirror: true or remove mirrorSite'),
      );
  });
}

function checkTopology(s: ParsedScenario, out: RuleResult, limit: LimitFn): void {
  const { edition, pools } = s.topology;
  const serverNames = new Set<string>();
  const poolNames = new Set<string>();
  let supported = 0;
  pools.forEach((pool, p) => {
    const at = `topology.pools[${p}]`;
    if (poolNames.has(pool.name)) out.errors.push(duplicate(`${at}.name`, 'pool', pool.name));
    poolNames.add(pool.name);
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
      } else if (edition === 'standard') {
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
    if (pool.collocated && edition === 'enterprise') {
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
    supported += Math.min(active, LIMITS.maxActivePerPool) * pool.capacityPerServer;
  });
  if (supported > LIMITS.supportedUsersAllPools) {
    out.warnings.push(scenarioWarning('topology-sized-over-80000', 'topology.pools', supported));
  }
}

function checkWorkload(s: ParsedScenario, out: RuleResult): void {
  const w = s.workload;
  if (w.population !== undefined && w.population > LIMITS.provisionedUsers)
    out.warnings.push(scenarioWarning('population-over-150000', 'workload.population', w.population));
  if (w.population !== undefined && w.arrivals !== undefined) {
    out.errors.push(
      issue('workload.population', 'a workload is open (arrivals) or closed (population), not both'),
    );
  }
  if (w.population !== undefined && w.offTime === undefined) {
    out.errors.push(
      issue(
        'workload.offTime',
        'a closed workload (population) needs offTime, the time a user stays signed out',
      ),
    );
  }
  if (w.population === undefined && w.offTime !== undefined) {
    out.errors.push(
      issue(
        'workload.offTime',
        'offTime applies only to a closed workload; add population or remove offTime',
      ),
    );
  }
  if (w.initialConnected === 'stationary' && w.arrivals?.profile !== undefined) {
    out.errors.push(
      issue(
        'workload.initialConnected',
        'stationary needs a constant arrival rate (or a closed population); with a daily profile start empty and set warmup',
      ),
    );
  }
  if (
    w.population !== undefined &&
    w.initialConnected !== 'stationary' &&
    w.initialConnected > w.population
  ) {
    out.errors.push(
      issue(
        'workload.initialConnected',
        `initialConnected is at most the population (${w.population})`,
        `${w.initialConnected}`,
      ),
    );
  }
  const d = w.retry.delay;
  if (
    w.retry.maxAttempts === 'unlimited' &&
    (d.dist === 'fixed' ? d.mean : d.dist === 'uniform' ? d.max : 1) === 0
  )
    out.errors.push(
      issue(
        'workload.retry.delay',
        'unlimited retries need a retry delay above 0 s (else a refused client retries forever at one instant)',
      ),
    );
  if (w.arrivals?.profileFile !== undefined)
    out.errors.push(
      issue(
        'workload.arrivals.profileFile',
        'a profile file is read when its scenario file is loaded; it cannot be set by a sweep or an override',
        JSON.stringify(w.arrivals.profileFile),
      ),
    );
  if (w.arrivals?.profile !== undefined) {
    let prev = -1;
    w.arrivals.profile.forEach((pt, i) => {
      const path = `workload.arrivals.profile[${i}].at`;
      if (pt.at >= 86400)
        out.errors.push(issue(path, 'a daily profile point is within the day (before 24h)', `${pt.at}s`));
      else if (pt.at <= prev) out.errors.push(issue(path, 'profile points are in increasing order of at'));
      prev = pt.at;
    });
  }
}

function checkFaults(s: ParsedScenario, out: RuleResult): void {
  const servers = s.topology.pools.flatMap((p) => p.servers.map((x) => x.name));
  s.faults.forEach((f, i) => {
    const at = `faults[${i}]`;
    const present = FAULT_KEYS.filter((k) => f[k] !== undefined);
    if (present.length !== 1) {
      out.errors.push(
        issue(
          at,
          `a fault has exactly one of ${FAULT_KEYS.join(', ')}`,
          `${present.length === 0 ? 'none' : present.join(', ')}`,
        ),
      );
      return;
    }
    if (f.random !== undefined) {
      if (f.at !== undefined)
        out.errors.push(issue(`${at}.at`, 'a random fault process runs for the whole run; remove at'));
      if (f.random.servers !== 'all') {
        f.random.servers.forEach((n, j) => refCheck(out, `${at}.random.servers[${j}]`, 'server', n, servers));
      }
      return;
    }
    if (f.at === undefined)
      out.errors.push(issue(`${at}.at`, 'a scheduled fault needs at, the time it happens'));
    else if (f.at > s.duration)
      out.errors.push(
        issue(`${at}.at`, `a fault happens within the run (duration ${s.duration}s)`, `${f.at}s`),
      );
    checkFaultTarget(s, out, f, at);
  });
}

/** A scheduled fault's target exists (and a compliance fault's pool has compliance enabled). */
function checkFaultTarget(
  s: ParsedScenario,
  out: RuleResult,
  f: ParsedScenario['faults'][number],
  at: string,
): void {
  const kind = faultKindOf(f);
  const target = f[kind] ?? '';
  const pools = s.topology.pools.map((p) => p.name);
  switch (kind) {
    case 'fail':
    case 'restore':
      return refCheck(
        out,
        `${at}.${kind}`,
        'server',
        target,
        s.topology.pools.flatMap((p) => p.servers.map((x) => x.name)),
      );
    case 'failSite':
    case 'restoreSite':
      return refCheck(out, `${at}.${kind}`, 'site', target, allSites(s));
    case 'failDatabase':
    case 'restoreDatabase':
      return refCheck(out, `${at}.${kind}`, 'pool', target, pools);
    case 'failCompliance':
    case 'restoreCompliance':
      refCheck(out, `${at}.${kind}`, 'pool', target, pools);
      if (!s.topology.pools.find((p) => p.name === target)?.compliance.enabled)
        out.errors.push(issue(at, "a compliance fault needs the pool's compliance.enabled: true"));
      return;
    default:
      return unknownKind(kind);
  }
}

/** Every site in topology.lowLatencySites is a site of the topology. */
function checkLowLatencySites(s: ParsedScenario, out: RuleResult): void {
  const sites = allSites(s);
  s.topology.lowLatencySites.forEach((group, g) =>
    group.forEach((site, j) => refCheck(out, `topology.lowLatencySites[${g}][${j}]`, 'site', site, sites)),
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
