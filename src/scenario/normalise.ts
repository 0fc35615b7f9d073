// Turns a parsed, rule-checked scenario into the model's frozen SimConfig (indices instead of names).
import type { FaultAction, FaultKind, PoolConfig, RandomFaultConfig, ServerConfig, SimConfig } from '../model/config.js';
import { FAULT_FAIL, FAULT_FAIL_SITE, FAULT_RESTORE, FAULT_RESTORE_SITE } from '../model/config.js';
import type { ParsedScenario } from './schema.js';

/** Builds the SimConfig; `warnings` are the rule warnings, already formatted. Assumes checkRules passed. */
export function normalise(s: ParsedScenario, warnings: readonly string[]): SimConfig {
  const sites: string[] = [];
  const servers: ServerConfig[] = [];
  const shareTotal = s.topology.pools.reduce((a, p) => a + p.userShare, 0);
  const pools: PoolConfig[] = s.topology.pools.map((p, pi) => {
    const indices = p.servers.map((srv) => {
      if (!sites.includes(srv.site)) sites.push(srv.site);
      servers.push(Object.freeze({ name: srv.name, site: srv.site, siteIndex: sites.indexOf(srv.site), pool: pi, role: srv.role }));
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
    });
  });
  const serverIndex = (n: string): number => servers.findIndex((x) => x.name === n);
  const faults: FaultAction[] = [];
  const randomFaults: RandomFaultConfig[] = [];
  for (const f of s.faults) {
    if (f.random !== undefined) {
      const list = f.random.servers === 'all' ? servers.map((_, i) => i) : f.random.servers.map(serverIndex);
      randomFaults.push(Object.freeze({ servers: Object.freeze(list), mtbf: f.random.mtbf, mttr: f.random.mttr }));
    } else {
      const [kind, target] = faultTarget(f, serverIndex, sites);
      faults.push(Object.freeze({ at: f.at ?? 0, kind, target }));
    }
  }
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
      arrivals: w.arrivals === undefined ? null : w.arrivals.profile ?? [{ at: 0, rate: w.arrivals.rate ?? 0 }],
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
    failover: Object.freeze({ promoteStandbyAfter: s.failover.promoteStandbyAfter ?? Infinity, onRestore: s.failover.onRestore }),
    warnings: Object.freeze([...warnings]),
  });
}

type Fault = ParsedScenario['faults'][number];

function faultTarget(f: Fault, serverIndex: (n: string) => number, sites: readonly string[]): [FaultKind, number] {
  if (f.fail !== undefined) return [FAULT_FAIL, serverIndex(f.fail)];
  if (f.restore !== undefined) return [FAULT_RESTORE, serverIndex(f.restore)];
  if (f.failSite !== undefined) return [FAULT_FAIL_SITE, sites.indexOf(f.failSite)];
  return [FAULT_RESTORE_SITE, sites.indexOf(f.restoreSite ?? '')];
}
