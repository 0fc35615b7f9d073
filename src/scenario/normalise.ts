// Turns a parsed, rule-checked scenario into the model's frozen SimConfig (indices instead of names).
import type {
  FaultAction,
  FaultKind,
  PoolConfig,
  RandomFaultConfig,
  ServerConfig,
  SimConfig,
} from '../model/config.js';
import * as K from '../model/config.js';
import { allSites, backupSite, primarySite } from './rules.js';
import type { ParsedScenario } from './schema.js';

/** Builds the SimConfig; `warnings` are the rule warnings, already formatted. Assumes checkRules passed. */
export function normalise(s: ParsedScenario, warnings: readonly string[]): SimConfig {
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
      admissionLimitPerServer: p.admissionLimitPerServer ?? p.capacityPerServer,
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
        backupSite: sites.indexOf(backupSite(p) ?? ''),
      }),
      compliance: Object.freeze({
        enabled: p.compliance.enabled,
        adapterIntervalS: p.compliance.adapterInterval,
        drainRatePerS: p.compliance.drainRatePerS,
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
      const [kind, target] = faultTarget(f, serverIndex, sites, poolIndex);
      faults.push(Object.freeze({ at: f.at ?? 0, kind, target }));
    }
  }
  for (const a of s.actions) faults.push(Object.freeze(actionOf(a, serverIndex, poolIndex)));
  // Stable sort: faults at the same time keep file order.
  faults.sort((a, b) => a.at - b.at);
  const w = s.workload;
  return Object.freeze({
    name: s.name,
    seed: s.seed,
    durationS: s.duration,
    sampleEveryS: s.sampleEvery,
    edition: s.topology.edition,
    allowUnsupported: s.allowUnsupported,
    sites: Object.freeze(sites),
    pools: Object.freeze(pools),
    servers: Object.freeze(servers),
    workload: Object.freeze({
      arrivals:
        w.arrivals === undefined ? null : (w.arrivals.profile ?? [{ at: 0, rate: w.arrivals.rate ?? 0 }]),
      population: w.population ?? null,
      offTime: w.offTime ?? null,
      session: w.session,
      initialConnected: w.initialConnected,
      initialSessions: w.initialSessions,
      balancing: w.balancing,
      reconnectDelay: w.reconnectDelay,
      retry: w.retry,
    }),
    faults: Object.freeze(faults),
    randomFaults: Object.freeze(randomFaults),
    failover: Object.freeze({
      promoteStandbyAfter: s.failover.promoteStandbyAfter ?? Infinity,
      onRestore: s.failover.onRestore,
      siteAfter: s.failover.site?.after ?? Infinity,
    }),
    messages: s.messages === undefined ? null : Object.freeze({ ...s.messages }),
    warnings: Object.freeze([...warnings]),
  });
}

type Fault = ParsedScenario['faults'][number];
type Action = ParsedScenario['actions'][number];
type Index = (n: string) => number;

function faultTarget(
  f: Fault,
  serverIndex: Index,
  sites: readonly string[],
  poolIndex: Index,
): [FaultKind, number] {
  if (f.fail !== undefined) return [K.FAULT_FAIL, serverIndex(f.fail)];
  if (f.restore !== undefined) return [K.FAULT_RESTORE, serverIndex(f.restore)];
  if (f.failSite !== undefined) return [K.FAULT_FAIL_SITE, sites.indexOf(f.failSite)];
  if (f.restoreSite !== undefined) return [K.FAULT_RESTORE_SITE, sites.indexOf(f.restoreSite)];
  if (f.failDatabase !== undefined) return [K.FAULT_FAIL_DB, poolIndex(f.failDatabase)];
  if (f.restoreDatabase !== undefined) return [K.FAULT_RESTORE_DB, poolIndex(f.restoreDatabase)];
  if (f.failCompliance !== undefined) return [K.FAULT_FAIL_COMPLIANCE, poolIndex(f.failCompliance)];
  return [K.FAULT_RESTORE_COMPLIANCE, poolIndex(f.restoreCompliance ?? '')];
}

function actionOf(a: Action, serverIndex: Index, poolIndex: Index): FaultAction {
  if (a.setActive !== undefined) {
    return {
      at: a.at,
      kind: K.ACTION_SET_ACTIVE,
      target: poolIndex(a.setActive),
      servers: Object.freeze((a.servers ?? []).map(serverIndex)),
    };
  }
  if (a.swap !== undefined) return { at: a.at, kind: K.ACTION_SWAP, target: poolIndex(a.swap) };
  if (a.drain !== undefined)
    return {
      at: a.at,
      kind: K.ACTION_DRAIN,
      target: serverIndex(a.drain),
      force: a.mode === 'force',
      seconds: a.deadline ?? 0,
    };
  if (a.activate !== undefined) return { at: a.at, kind: K.ACTION_ACTIVATE, target: serverIndex(a.activate) };
  return { at: a.at, kind: K.ACTION_FAILBACK, target: poolIndex(a.failback ?? ''), seconds: a.duration ?? 0 };
}
