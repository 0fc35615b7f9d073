// Turns a parsed, rule-checked scenario into the model's frozen SimConfig (indices instead of names).
import type { PoolConfig, ServerConfig, SimConfig, WorkloadConfig } from '../model/config.js';
import { NO_ADMISSION_LIMIT } from '../model/config.js';
import type { ScenarioWarning } from '../model/limits.js';
import { expectedStationary } from '../model/stationary-start.js';
import { normaliseFaults } from './normalise-faults.js';
import { allSites, backupSite, primarySite } from './rule-helpers.js';
import type { ParsedScenario } from './schema.js';

type ParsedPool = ParsedScenario['topology']['pools'][number];

/** Builds the SimConfig; `warnings` are the rule warnings. Assumes checkRules passed. */
export function normalise(s: ParsedScenario, warnings: readonly ScenarioWarning[]): SimConfig {
  const sites = allSites(s);
  const { pools, servers } = normaliseTopology(s, sites);
  const { faults, randomFaults } = normaliseFaults(s, {
    servers,
    sites,
    poolIndex: (n) => pools.findIndex((x) => x.name === n),
    serverIndex: (n) => servers.findIndex((x) => x.name === n),
  });
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
    linkedSites: linkedSites(s, sites),
    pools: Object.freeze(pools),
    servers: Object.freeze(servers),
    workload: normaliseWorkload(s, pools, servers),
    faults: Object.freeze(faults),
    randomFaults: Object.freeze(randomFaults),
    failover: Object.freeze({
      promoteStandbyAfter: s.failover.promoteStandbyAfter ?? Infinity,
      onRestore: s.failover.onRestore,
      rebalanceOnRestore: s.failover.rebalanceOnRestore,
      siteAfter: s.failover.site?.after ?? Infinity,
    }),
    outageWindow: Object.freeze({
      maxS: s.outageWindow.max,
      settleS: s.outageWindow.settle ?? s.workload.retry.maxDelay,
    }),
    messages: s.messages === undefined ? null : Object.freeze({ ...s.messages }),
    warnings: Object.freeze([...warnings]),
  });
}

/** The pools and, in file order across pools, their servers. */
function normaliseTopology(
  s: ParsedScenario,
  sites: readonly string[],
): { pools: PoolConfig[]; servers: ServerConfig[] } {
  const servers: ServerConfig[] = [];
  const shareTotal = s.topology.pools.reduce((a, p) => a + p.userShare, 0);
  const pools = s.topology.pools.map((p, pi) => {
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
    return poolConfig(s, p, sites, indices, p.userShare / shareTotal);
  });
  return { pools, servers };
}

function poolConfig(
  s: ParsedScenario,
  p: ParsedPool,
  sites: readonly string[],
  servers: readonly number[],
  userShare: number,
): PoolConfig {
  return Object.freeze({
    name: p.name,
    collocated: p.collocated,
    capacityPerServer: p.capacityPerServer,
    admissionLimitPerServer: p.admissionLimitPerServer ?? NO_ADMISSION_LIMIT,
    signInRatePerServer: p.signInRatePerServer ?? Infinity,
    signInRatePerPool: p.signInRatePerPool ?? Infinity,
    userShare,
    servers: Object.freeze(servers),
    database: Object.freeze({
      mirror: p.database.mirror,
      witness: p.database.witness,
      mirrorFailoverTime: p.database.mirrorFailoverTime,
      adminReactionTime: p.database.adminReactionTime,
      site: sites.indexOf(primarySite(p)),
      mirrorSite: p.database.mirror ? sites.indexOf(p.database.mirrorSite ?? primarySite(p)) : -1,
      backupSite: sites.indexOf(backupSite(s, p) ?? ''),
      logShippingIntervalS: p.database.logShippingInterval,
      logShippingOffsetS: p.database.logShippingOffset,
    }),
    compliance: Object.freeze({
      enabled: p.compliance.enabled,
      adapterIntervalS: p.compliance.adapterInterval,
      drainRatePerS: p.compliance.drainRatePerS,
      site: sites.indexOf(p.compliance.site ?? primarySite(p)),
    }),
  });
}

/** Per site index: the other sites a topology.lowLatencySites group links it to. */
function linkedSites(s: ParsedScenario, sites: readonly string[]): SimConfig['linkedSites'] {
  const linked = (site: string, other: string): boolean =>
    site !== other && s.topology.lowLatencySites.some((g) => g.includes(site) && g.includes(other));
  return Object.freeze(
    sites.map((site) => Object.freeze(sites.map((_, i) => i).filter((i) => linked(site, sites[i] ?? '')))),
  );
}

function normaliseWorkload(
  s: ParsedScenario,
  pools: readonly PoolConfig[],
  servers: readonly ServerConfig[],
): WorkloadConfig {
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
  });
}
