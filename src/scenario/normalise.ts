// Turns a parsed, rule-checked scenario into the model's frozen SimConfig (indices instead of names).
import type {
  Action,
  ActionKind,
  Fault,
  FaultAction,
  FaultKind,
  PoolConfig,
  RandomFaultConfig,
  ServerConfig,
  SimConfig,
} from '../model/config.js';
import { NO_ADMISSION_LIMIT, unknownKind } from '../model/config.js';
import type { ScenarioWarning } from '../model/limits.js';
import { expectedStationary } from '../model/stationary-start.js';
import { actionKindOf, allSites, backupSite, faultKindOf, primarySite } from './rules.js';
import type { ParsedScenario } from './schema.js';

/** Builds the SimConfig; `warnings` are the rule warnings. Assumes checkRules passed. */
export function normalise(s: ParsedScenario, warnings: readonly ScenarioWarning[]): SimConfig {
  const sites = allSites(s);
  const servers: ServerConfig[] = [];
  const shareTotal = s.topology.pools.reduce((a, p) => a + p.userShare, 0);
  const pools: PoolConfig[] = s.topology.pools.map((p, pi) => {
    const indices = p.servers.map((srv) => {
      servers.push(
        Object.freeze({
          name: srv.name,
          site: srv.site,
          siteIndex: sites.indexOf(srv.site),
          pool: pi,
          role: srv.role,
        }),
      );
      return servers.length - 1;
    });
    return Object.freeze({
      name: p.name,
      collocated: p.collocated,
      capacityPerServer: p.capacityPerServer,
      admissionLimitPerServer: p.admissionLimitPerServer ?? NO_ADMISSION_LIMIT,
      signInRatePerServer: p.signInRatePerServer ?? Infinity,
      userShare: p.userShare / shareTotal,
      servers: Object.freeze(indices),
      database: Object.freeze({
        mirror: p.database.mirror,
        witness: p.database.witness,
        mirrorFailoverTime: p.database.mirrorFailoverTime,
        adminReactionTime: p.database.adminReactionTime,
        site: sites.indexOf(primarySite(p)),
        mirrorSite: p.database.mirror ? sites.indexOf(p.database.mirrorSite ?? primarySite(p)) : -1,
        backupSite: sites.indexOf(backupSite(s, p) ?? ''),
      }),
      compliance: Object.freeze({
        enabled: p.compliance.enabled,
        adapterIntervalS: p.compliance.adapterInterval,
        drainRatePerS: p.compliance.drainRatePerS,
        site: sites.indexOf(p.compliance.site ?? primarySite(p)),
      }),
    });
  });
  const poolIndex = (n: string): number => pools.findIndex((x) => x.name === n);
  const serverIndex = (n: string): number => servers.findIndex((x) => x.name === n);
  const faults: FaultAction[] = [];
  const randomFaults: RandomFaultConfig[] = [];
  for (const f of s.faults) {
    if (f.random !== undefined) {
      const list = f.random.servers === 'all' ? servers.map((_, i) => i) : f.random.servers.map(serverIndex);
      randomFaults.push(
        Object.freeze({ servers: Object.freeze(list), mtbf: f.random.mtbf, mttr: f.random.mttr }),
      );
    } else {
      faults.push(Object.freeze(faultOf(f, faultKindOf(f), serverIndex, sites, poolIndex)));
    }
  }
  for (const a of s.actions) faults.push(Object.freeze(actionOf(a, actionKindOf(a), serverIndex, poolIndex)));
  // Stable sort: faults at the same time keep file order.
  faults.sort((a, b) => a.at - b.at);
  const w = s.workload;
  const arrivals =
    w.arrivals === undefined ? null : (w.arrivals.profile ?? [{ at: 0, rate: w.arrivals.rate ?? 0 }]);
  const initial =
    w.initialConnected === 'stationary'
      ? expectedStationary(pools, servers, {
          arrivals,
          population: w.population ?? null,
          offTime: w.offTime ?? null,
          session: w.session,
        })
      : w.initialConnected;
  return Object.freeze({
    name: s.name,
    seed: s.seed,
    durationS: s.duration,
    sampleEveryS: s.sampleEvery,
    // auto: NaN until the pilot run finds it (experiment/run/auto-warmup.ts); a world refuses NaN.
    warmupS: s.warmup === 'auto' ? NaN : s.warmup,
    warmupAuto: s.warmup === 'auto',
    edition: s.topology.edition,
    allowUnsupported: s.allowUnsupported,
    sites: Object.freeze(sites),
    linkedSites: Object.freeze(
      sites.map((site) =>
        Object.freeze(
          sites
            .map((_, i) => i)
            .filter(
              (i) =>
                sites[i] !== site &&
                s.topology.lowLatencySites.some((g) => g.includes(site) && g.includes(sites[i] ?? '')),
            ),
        ),
      ),
    ),
    pools: Object.freeze(pools),
    servers: Object.freeze(servers),
    workload: Object.freeze({
      arrivals,
      population: w.population ?? null,
      offTime: w.offTime ?? null,
      session: w.session,
      initialConnected: initial,
      initialStationary: w.initialConnected === 'stationary',
      initialSessions: w.initialSessions,
      balancing: w.balancing,
      reconnectDelay: w.reconnectDelay,
      retry: Object.freeze({
        delay: w.retry.delay,
        backoff: w.retry.backoff,
        jitter: w.retry.jitter,
        maxDelayS: w.retry.maxDelay,
        maxAttempts: w.retry.maxAttempts === 'unlimited' ? Infinity : w.retry.maxAttempts,
      }),
    }),
    faults: Object.freeze(faults),
    randomFaults: Object.freeze(randomFaults),
    failover: Object.freeze({
      promoteStandbyAfter: s.failover.promoteStandbyAfter ?? Infinity,
      onRestore: s.failover.onRestore,
      rebalanceOnRestore: s.failover.rebalanceOnRestore,
      siteAfter: s.failover.site?.after ?? Infinity,
    }),
    messages: s.messages === undefined ? null : Object.freeze({ ...s.messages }),
    warnings: Object.freeze([...warnings]),
  });
}

type ParsedFault = ParsedScenario['faults'][number];
type ParsedAction = ParsedScenario['actions'][number];
type Index = (n: string) => number;

function faultOf(
  f: ParsedFault,
  kind: FaultKind,
  serverIndex: Index,
  sites: readonly string[],
  poolIndex: Index,
): Fault {
  const at = f.at ?? 0;
  const key = f[kind] ?? '';
  switch (kind) {
    case 'fail':
    case 'restore':
      return { at, kind, target: serverIndex(key) };
    case 'failSite':
    case 'restoreSite':
      return { at, kind, target: sites.indexOf(key) };
    case 'failDatabase':
    case 'restoreDatabase':
    case 'failCompliance':
    case 'restoreCompliance':
      return { at, kind, target: poolIndex(key) };
    default:
      return unknownKind(kind);
  }
}

function actionOf(a: ParsedAction, kind: ActionKind, serverIndex: Index, poolIndex: Index): Action {
  const { at } = a;
  const key = a[kind] ?? '';
  switch (kind) {
    case 'setActive':
      return { at, kind, target: poolIndex(key), servers: Object.freeze((a.servers ?? []).map(serverIndex)) };
    case 'swap':
      return { at, kind, target: poolIndex(key) };
    case 'drain':
      return { at, kind, target: serverIndex(key), force: a.mode === 'force', seconds: a.deadline ?? 0 };
    case 'activate':
      return { at, kind, target: serverIndex(key) };
    case 'failback':
      return {
        at,
        kind,
        target: poolIndex(key),
        seconds: a.duration ?? 0,
        servers: a.servers === undefined ? null : Object.freeze(a.servers.map(serverIndex)),
      };
    default:
      return unknownKind(kind);
  }
}
