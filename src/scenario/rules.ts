// The topology and reference rules zod cannot express: documented product limits, structural
// rules of the four topologies, and names that must refer to something. Collects every issue at once.
import { EngineError, type Issue } from '../errors.js';
import { ACTION_KINDS, FAULT_KINDS, unknownKind, type ActionKind, type FaultKind } from '../model/config.js';
import type { ParsedScenario } from './schema.js';

/** Documented limits [doc: ../shared/domain.md, "Limits"]. */
export const LIMITS = Object.freeze({
  maxActivePerPool: 4,
  maxServersPerPool: 8,
  supportedUsersPerServer: 20000,
  supportedUsersAllPools: 80000,
});

export interface RuleResult {
  readonly errors: Issue[];
  readonly warnings: Issue[];
}

const FAULT_KEYS = [...FAULT_KINDS, 'random'] as const;
const ACTION_KEYS = ACTION_KINDS;

/** The kind of a scheduled (not random) fault: the one kind key it has. Assumes checkRules passed. */
export function faultKindOf(f: ParsedScenario['faults'][number]): FaultKind {
  const kind = FAULT_KINDS.find((k) => f[k] !== undefined);
  if (kind === undefined) throw new EngineError('a scheduled fault without a kind passed the rules');
  return kind;
}

/** The kind of an action: the one kind key it has. Assumes checkRules passed. */
export function actionKindOf(a: ParsedScenario['actions'][number]): ActionKind {
  const kind = ACTION_KINDS.find((k) => a[k] !== undefined);
  if (kind === undefined) throw new EngineError('an action without a kind passed the rules');
  return kind;
}

/**
 * Checks every rule. A documented-limit violation is an error, or a warning when
 * `allowUnsupported` is set; structural and reference rules are always errors.
 */
export function checkRules(s: ParsedScenario): RuleResult {
  const out: RuleResult = { errors: [], warnings: [] };
  const limit = (path: string, message: string): void => {
    (s.allowUnsupported ? out.warnings : out.errors).push({ path, message });
  };
  checkTopology(s, out, limit);
  checkDatabases(s, out);
  checkWorkload(s, out);
  checkFaults(s, out);
  checkActions(s, out, limit);
  checkFailoverSites(s, out);
  return out;
}

/** Every site named anywhere: servers' sites first, then database sites, in file order. */
export function allSites(s: ParsedScenario): string[] {
  const sites: string[] = [];
  const add = (x: string | undefined): void => {
    if (x !== undefined && !sites.includes(x)) sites.push(x);
  };
  for (const p of s.topology.pools) for (const srv of p.servers) add(srv.site);
  for (const p of s.topology.pools) {
    add(p.database.site);
    add(p.database.mirrorSite);
    add(p.database.backupSite);
  }
  return sites;
}

/** The primary database site of a pool: as given, or the site of its first active server. */
export function primarySite(pool: ParsedScenario['topology']['pools'][number]): string {
  return pool.database.site ?? (pool.servers.find((x) => x.role === 'active') ?? pool.servers[0])?.site ?? '';
}

/** The backup (disaster-recovery) site of a pool: as given, or the first other site of its servers. */
export function backupSite(pool: ParsedScenario['topology']['pools'][number]): string | undefined {
  const primary = primarySite(pool);
  return pool.database.backupSite ?? pool.servers.find((x) => x.site !== primary)?.site;
}

function checkDatabases(s: ParsedScenario, out: RuleResult): void {
  s.topology.pools.forEach((pool, p) => {
    const at = `topology.pools[${p}].database`;
    const db = pool.database;
    if (db.alwaysOn) {
      out.errors.push({
        path: `${at}.alwaysOn`,
        message:
          'SQL Server AlwaysOn Availability Groups are not supported for the Persistent Chat databases; use SQL mirroring or clustering; received alwaysOn: true',
      });
    }
    if (db.witness && !db.mirror)
      out.errors.push({
        path: `${at}.witness`,
        message: 'a witness needs a mirror; set mirror: true or remove witness',
      });
    if (db.mirrorSite !== undefined && !db.mirror)
      out.errors.push({
        path: `${at}.mirrorSite`,
        message: 'mirrorSite needs a mirror; set mirror: true or remove mirrorSite',
      });
  });
}

type LimitFn = (path: string, message: string) => void;

function checkTopology(s: ParsedScenario, out: RuleResult, limit: LimitFn): void {
  const { edition, pools } = s.topology;
  const serverNames = new Set<string>();
  const poolNames = new Set<string>();
  let supported = 0;
  pools.forEach((pool, p) => {
    const at = `topology.pools[${p}]`;
    if (poolNames.has(pool.name))
      out.errors.push({ path: `${at}.name`, message: `pool names are unique; "${pool.name}" is used twice` });
    poolNames.add(pool.name);
    let active = 0;
    pool.servers.forEach((srv, i) => {
      const sp = `${at}.servers[${i}]`;
      if (serverNames.has(srv.name))
        out.errors.push({
          path: `${sp}.name`,
          message: `server names are unique; "${srv.name}" is used twice`,
        });
      serverNames.add(srv.name);
      if (srv.role === 'active') {
        active += 1;
        if (active === LIMITS.maxActivePerPool + 1) {
          const n = pool.servers.filter((x) => x.role === 'active').length;
          limit(`${sp}.role`, `a pool has at most ${LIMITS.maxActivePerPool} active servers; received ${n}`);
        }
      } else if (edition === 'standard') {
        out.errors.push({
          path: `${sp}.role`,
          message: 'Standard Edition has no high availability, so no standby servers; received role standby',
        });
      }
    });
    if (active === 0)
      out.errors.push({
        path: `${at}.servers`,
        message: 'a pool needs at least one active server; received none',
      });
    if (pool.servers.length > LIMITS.maxServersPerPool) {
      limit(
        `${at}.servers`,
        `a pool has at most ${LIMITS.maxServersPerPool} servers (4 active + 4 standby); received ${pool.servers.length}`,
      );
    }
    if (pool.collocated && edition === 'enterprise') {
      out.errors.push({
        path: `${at}.collocated`,
        message:
          'Enterprise Edition never collocates Persistent Chat on the Front End; received collocated: true',
      });
    }
    if (pool.collocated && pool.servers.length !== 1) {
      out.errors.push({
        path: `${at}.servers`,
        message: `a pool collocated with a Standard Edition Front End has exactly one server; received ${pool.servers.length}`,
      });
    }
    if (pool.capacityPerServer > LIMITS.supportedUsersPerServer) {
      limit(
        `${at}.capacityPerServer`,
        `a server supports at most ${LIMITS.supportedUsersPerServer} concurrent users; received ${pool.capacityPerServer}`,
      );
    }
    supported += Math.min(active, LIMITS.maxActivePerPool) * pool.capacityPerServer;
  });
  if (supported > LIMITS.supportedUsersAllPools) {
    out.warnings.push({
      path: 'topology.pools',
      message: `all pools together support at most ${LIMITS.supportedUsersAllPools} concurrent users; this topology's active servers are sized for ${supported}`,
    });
  }
}

function checkWorkload(s: ParsedScenario, out: RuleResult): void {
  const w = s.workload;
  if (w.population !== undefined && w.arrivals !== undefined) {
    out.errors.push({
      path: 'workload.population',
      message: 'a workload is open (arrivals) or closed (population), not both',
    });
  }
  if (w.population !== undefined && w.offTime === undefined) {
    out.errors.push({
      path: 'workload.offTime',
      message: 'a closed workload (population) needs offTime, the time a user stays signed out',
    });
  }
  if (w.population === undefined && w.offTime !== undefined) {
    out.errors.push({
      path: 'workload.offTime',
      message: 'offTime applies only to a closed workload; add population or remove offTime',
    });
  }
  if (w.population !== undefined && w.initialConnected > w.population) {
    out.errors.push({
      path: 'workload.initialConnected',
      message: `initialConnected is at most the population (${w.population}); received ${w.initialConnected}`,
    });
  }
  const d = w.retry.delay;
  if (
    w.retry.maxAttempts === 'unlimited' &&
    (d.dist === 'fixed' ? d.mean : d.dist === 'uniform' ? d.max : 1) === 0
  )
    out.errors.push({
      path: 'workload.retry.delay',
      message:
        'unlimited retries need a retry delay above 0 s (else a refused client retries forever at one instant)',
    });
  if (w.arrivals?.profile !== undefined) {
    let prev = -1;
    w.arrivals.profile.forEach((pt, i) => {
      const path = `workload.arrivals.profile[${i}].at`;
      if (pt.at >= 86400)
        out.errors.push({
          path,
          message: `a daily profile point is within the day (before 24h); received ${pt.at}s`,
        });
      else if (pt.at <= prev)
        out.errors.push({ path, message: 'profile points are in increasing order of at' });
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
      out.errors.push({
        path: at,
        message: `a fault has exactly one of ${FAULT_KEYS.join(', ')}; received ${present.length === 0 ? 'none' : present.join(', ')}`,
      });
      return;
    }
    if (f.random !== undefined) {
      if (f.at !== undefined)
        out.errors.push({
          path: `${at}.at`,
          message: 'a random fault process runs for the whole run; remove at',
        });
      if (f.random.servers !== 'all') {
        f.random.servers.forEach((n, j) => refCheck(out, `${at}.random.servers[${j}]`, 'server', n, servers));
      }
      return;
    }
    if (f.at === undefined)
      out.errors.push({ path: `${at}.at`, message: 'a scheduled fault needs at, the time it happens' });
    else if (f.at > s.duration)
      out.errors.push({
        path: `${at}.at`,
        message: `a fault happens within the run (duration ${s.duration}s); received ${f.at}s`,
      });
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
        out.errors.push({
          path: at,
          message: "a compliance fault needs the pool's compliance.enabled: true",
        });
      return;
    default:
      return unknownKind(kind);
  }
}

function checkActions(s: ParsedScenario, out: RuleResult, limit: LimitFn): void {
  const pools = s.topology.pools;
  const servers = pools.flatMap((p) => p.servers.map((x) => x.name));
  s.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    const present = ACTION_KEYS.filter((k) => a[k] !== undefined);
    if (present.length !== 1) {
      out.errors.push({
        path: at,
        message: `an action has exactly one of ${ACTION_KEYS.join(', ')}; received ${present.length === 0 ? 'none' : present.join(', ')}`,
      });
      return;
    }
    if (a.at > s.duration)
      out.errors.push({
        path: `${at}.at`,
        message: `an action happens within the run (duration ${s.duration}s); received ${a.at}s`,
      });
    const kind = actionKindOf(a);
    const allowed: Record<typeof kind, readonly string[]> = {
      setActive: ['servers'],
      swap: [],
      drain: ['mode', 'deadline'],
      activate: [],
      failback: ['duration'],
    };
    for (const extra of ['servers', 'mode', 'deadline', 'duration'] as const) {
      if (a[extra] !== undefined && !allowed[kind].includes(extra))
        out.errors.push({ path: `${at}.${extra}`, message: `${extra} does not apply to ${kind}` });
    }
    if (kind === 'drain' || kind === 'activate') {
      refCheck(out, `${at}.${kind}`, 'server', a[kind] ?? '', servers);
      if (kind === 'drain' && a.mode === 'force' && a.deadline === undefined)
        out.errors.push({
          path: `${at}.deadline`,
          message: 'a force drain needs a deadline, when the remaining users are disconnected',
        });
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
    if (kind === 'failback' && a.duration === undefined)
      out.errors.push({
        path: `${at}.duration`,
        message: 'a failback needs a duration: all active servers are cleared until it completes',
      });
    if (kind !== 'setActive') return;
    const list = a.servers ?? [];
    const own = (pools[p]?.servers ?? []).map((x) => x.name);
    if (a.servers === undefined || list.length === 0)
      out.errors.push({
        path: `${at}.servers`,
        message: 'setActive needs the list of servers to make active',
      });
    list.forEach((n, j) => {
      if (!own.includes(n))
        out.errors.push({
          path: `${at}.servers[${j}]`,
          message: `server "${n}" is not in pool "${poolName}"; expected one of ${own.join(', ')}`,
        });
    });
    if (list.length > LIMITS.maxActivePerPool)
      limit(
        `${at}.servers`,
        `a pool has at most ${LIMITS.maxActivePerPool} active servers; received ${list.length}`,
      );
  });
}

/**
 * After any failover all active servers must be in the data center of the pool's current database
 * [doc]. Replays the scheduled site failures, site failovers and failbacks to know, for each
 * setActive, where the database is at that time.
 */
function checkFailoverSites(s: ParsedScenario, out: RuleResult): void {
  const after = s.failover.site?.after;
  s.topology.pools.forEach((pool) => {
    const primary = primarySite(pool);
    const backup = backupSite(pool);
    if (after === undefined || backup === undefined) return;
    const siteOf = new Map(pool.servers.map((x) => [x.name, x.site]));
    // [time, site the database is in from then on]
    const moves: [number, string][] = [];
    for (const f of s.faults)
      if (f.failSite === primary && f.at !== undefined) moves.push([f.at + after, backup]);
    s.actions.forEach((a) => {
      if (a.failback === pool.name) moves.push([a.at + (a.duration ?? 0), primary]);
    });
    moves.sort((x, y) => x[0] - y[0]);
    s.actions.forEach((a, i) => {
      if (a.setActive !== pool.name) return;
      const last = moves.filter(([t]) => t <= a.at).at(-1);
      if (last === undefined || last[1] === primary) return;
      (a.servers ?? []).forEach((n, j) => {
        const site = siteOf.get(n);
        if (site !== undefined && site !== last[1]) {
          out.errors.push({
            path: `actions[${i}].servers[${j}]`,
            message: `after a failover all active servers are in the site of the pool's current database (${last[1]}); received ${n} in ${site}`,
          });
        }
      });
    });
  });
}

function refCheck(
  out: RuleResult,
  path: string,
  what: string,
  value: string,
  known: readonly string[],
): void {
  if (!known.includes(value)) {
    out.errors.push({ path, message: `unknown ${what} "${value}"; expected one of ${known.join(', ')}` });
  }
}
