// The scenario in plain words for the report: topology, workload, faults and admin actions, failover.
// Reads the frozen SimConfig, so what it says is what the model ran, defaults included.
import {
  NO_ADMISSION_LIMIT,
  unknownKind,
  type FaultAction,
  type PoolConfig,
  type SimConfig,
} from '../../model/config.js';
import type { DistSpec } from '../../random/distributions.js';
import { num as n } from './html.js';

/** One titled group of plain sentences. */
export interface Paragraph {
  readonly title: string;
  readonly lines: readonly string[];
}

/** Seconds as the scenario files write them: `90s`, `15m`, `2h45m`, `7d`. */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return 'never';
  if (s === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(s);
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const k = Math.floor(rest / size);
    if (k > 0) parts.push(`${k}${unit}`);
    rest -= k * size;
  }
  return parts.join('');
}

/** A duration distribution in words, e.g. `lognormal, mean 8h, sd 2h`. */
export function describeDist(d: DistSpec): string {
  switch (d.dist) {
    case 'fixed':
      return `fixed ${formatDuration(d.mean)}`;
    case 'exponential':
      return `exponential, mean ${formatDuration(d.mean)}`;
    case 'lognormal':
      return `lognormal, mean ${formatDuration(d.mean)}, sd ${formatDuration(d.sd)}`;
    case 'weibull':
      return `Weibull, mean ${formatDuration(d.mean)}, shape ${d.shape}`;
    case 'uniform':
      return `uniform between ${formatDuration(d.min)} and ${formatDuration(d.max)}`;
  }
}

function poolLines(c: SimConfig, p: PoolConfig): string[] {
  const bySite = new Map<string, string[]>();
  for (const s of p.servers) {
    const srv = c.servers[s];
    if (srv === undefined) continue;
    bySite.set(srv.site, [...(bySite.get(srv.site) ?? []), `${srv.name} (${srv.role})`]);
  }
  const sites = [...bySite].map(([site, list]) => `${site}: ${list.join(', ')}`).join('; ');
  const db = p.database;
  const site = (i: number): string => c.sites[i] ?? '?';
  const copies = [`content database in ${site(db.site)}`];
  if (db.mirror)
    copies.push(
      `SQL mirror in ${site(db.mirrorSite)} ${db.witness ? `with a witness (automatic failover after ${formatDuration(db.mirrorFailoverTime)})` : `without a witness (an admin fails over after ${formatDuration(db.adminReactionTime)})`}`,
    );
  if (db.backupSite >= 0)
    copies.push(
      `log-shipped backup in ${site(db.backupSite)}, brought up to date every ${formatDuration(db.logShippingIntervalS)}${db.logShippingOffsetS === 0 ? '' : ` from ${formatDuration(db.logShippingOffsetS)}`} (an assumption: a site failover loses what was written since)`,
    );
  const limits =
    p.admissionLimitPerServer === NO_ADMISSION_LIMIT
      ? `Each server supports ${n(p.capacityPerServer)} users and takes every sign-in sent to it (no admission limit: an assumption; above ${n(p.capacityPerServer)} the model counts time only, not slower service or 503s)`
      : `Each server supports ${n(p.capacityPerServer)} users and refuses new sign-ins at ${n(p.admissionLimitPerServer)}${p.admissionLimitPerServer > p.capacityPerServer ? ` (above ${n(p.capacityPerServer)} the model counts time only, not slower service or 503s)` : ''}`;
  const cp = p.compliance;
  const compliance = cp.enabled
    ? `; compliance on: mgccomp in ${site(cp.site)} (never failed over), exported every ${formatDuration(cp.adapterIntervalS)}`
    : '';
  const rate =
    (Number.isFinite(p.signInRatePerServer)
      ? `, accepting at most ${p.signInRatePerServer} sign-ins/s per server`
      : '') +
    (Number.isFinite(p.signInRatePerPool) ? `, at most ${p.signInRatePerPool} sign-ins/s for the pool` : '');
  return [
    `Pool ${p.name}${p.collocated ? ' (collocated on the Front End server)' : ''}: ${p.servers.length} server${p.servers.length === 1 ? '' : 's'} — ${sites}.`,
    `${limits}${rate}; ${(p.userShare * 100).toFixed(0)}% of the users; ${copies.join(', ')}${compliance}.`,
  ];
}

function workloadLines(c: SimConfig): string[] {
  const w = c.workload;
  const lines: string[] = [];
  if (w.population !== null)
    lines.push(
      `Closed model: ${n(w.population)} users; a signed-out user returns after ${w.offTime === null ? 'never' : describeDist(w.offTime)}.`,
    );
  if (w.arrivals !== null) {
    const rates = w.arrivals.map((a) => a.rate);
    lines.push(
      w.arrivals.length === 1
        ? `Sign-ins arrive at ${rates[0]} per second (Poisson).`
        : `Sign-ins follow a daily profile between ${Math.min(...rates)} and ${Math.max(...rates)} per second (Poisson).`,
    );
  }
  lines.push(
    w.initialStationary
      ? `About ${n(w.initialConnected)} users are signed in at the start, drawn from the pool's steady state (stationary), each with the remaining part of a session; sessions are ${describeDist(w.session)}.`
      : `${n(w.initialConnected)} users are signed in at the start (${w.initialSessions === 'residual' ? 'with the remaining part of a session' : 'each with a whole new session'}); sessions are ${describeDist(w.session)}.`,
  );
  lines.push(
    `New sign-ins go to a server by ${w.balancing}. A user dropped by a failure reconnects after ${describeDist(w.reconnectDelay)}.`,
  );
  lines.push(
    w.retry.maxAttempts === 0
      ? 'A refused sign-in is not retried.'
      : `A refused sign-in is retried after ${describeDist(w.retry.delay)}${w.retry.backoff > 1 ? `, ×${w.retry.backoff} each time up to ${formatDuration(w.retry.maxDelayS)}` : ''}${w.retry.jitter > 0 ? `, each wait scaled by a random factor in [${1 - w.retry.jitter}, ${1 + w.retry.jitter}]` : ''}, ${w.retry.maxAttempts === Infinity ? 'without giving up' : `up to ${w.retry.maxAttempts} retries`}.`,
  );
  if (c.messages !== null)
    lines.push(
      `Chat: ${c.messages.perUserPerHour} messages per connected user per hour, ${n(c.messages.bytesPerMessage)} bytes each in the content database.`,
    );
  return lines;
}

/** One scheduled fault or admin action in words, e.g. `2h: pc2 fails`. */
export function describeFault(c: SimConfig, f: FaultAction): string {
  return `${formatDuration(f.at)}: ${faultWords(c, f)}.`;
}

function faultWords(c: SimConfig, f: FaultAction): string {
  const server = c.servers[f.target]?.name ?? `server ${f.target}`;
  const pool = c.pools[f.target]?.name ?? `pool ${f.target}`;
  const site = c.sites[f.target] ?? `site ${f.target}`;
  switch (f.kind) {
    case 'fail':
      return `${server} fails`;
    case 'restore':
      return `${server} is repaired`;
    case 'failSite':
      return `site ${site} is lost`;
    case 'restoreSite':
      return `site ${site} comes back`;
    case 'failDatabase':
      return `the content database of ${pool} fails`;
    case 'restoreDatabase':
      return `the content database of ${pool} is repaired`;
    case 'failCompliance':
      return `the compliance database of ${pool} fails`;
    case 'restoreCompliance':
      return `the compliance database of ${pool} is repaired`;
    case 'setActive':
      return `the admin sets the active servers of ${pool} to ${names(c, f.servers)}`;
    case 'swap':
      return `the admin swaps the active and idle servers of ${pool}`;
    case 'drain':
      return `the admin drains ${server} (${f.force ? `forced after ${formatDuration(f.seconds)}` : 'soft'})`;
    case 'activate':
      return `the admin puts ${server} back in the active list`;
    case 'failback': {
      const list = f.servers === null ? 'its pre-failure active list' : names(c, f.servers);
      return `the admin fails ${pool} back to its primary site and ${list} (a full outage for ${formatDuration(f.seconds)})`;
    }
    default:
      return unknownKind(f);
  }
}

function names(c: SimConfig, servers: readonly number[]): string {
  return servers.map((s) => c.servers[s]?.name ?? String(s)).join(', ');
}

/** Low-latency links between sites, e.g. `dc1 and dc2 have a low-latency link: ...`. */
function linkLines(c: SimConfig): string[] {
  const pairs = c.linkedSites.flatMap((list, a) =>
    list.filter((b) => b > a).map((b) => `${c.sites[a] ?? ''} and ${c.sites[b] ?? ''}`),
  );
  return pairs.length === 0
    ? []
    : [
        `Low-latency links: ${pairs.join('; ')}; active servers may be in the database's site or one linked to it.`,
      ];
}

function faultLines(c: SimConfig): string[] {
  const lines = c.faults.map((f) => describeFault(c, f));
  for (const r of c.randomFaults) {
    const names =
      r.servers.length === c.servers.length
        ? 'every server'
        : r.servers.map((s) => c.servers[s]?.name ?? '').join(', ');
    lines.push(
      `Random failures on ${names}: time between failures ${describeDist(r.mtbf)}; repair ${describeDist(r.mttr)}.`,
    );
  }
  return lines.length > 0 ? lines : ['No failures.'];
}

/** The scenario as titled groups of plain sentences, in the order the report shows them. */
export function describeScenario(c: SimConfig): Paragraph[] {
  const f = c.failover;
  const edition = c.edition === 'standard' ? 'Standard Edition' : 'Enterprise Edition';
  return [
    {
      title: 'Topology',
      lines: [
        `${edition}, ${c.pools.length} pool${c.pools.length === 1 ? '' : 's'}, ${c.servers.length} servers in ${c.sites.length} site${c.sites.length === 1 ? '' : 's'} (${c.sites.join(', ')}).`,
        ...c.pools.flatMap((p) => poolLines(c, p)),
        ...linkLines(c),
      ],
    },
    { title: 'Workload', lines: workloadLines(c) },
    { title: 'Failures and admin actions', lines: faultLines(c) },
    {
      title: 'Failover',
      lines: [
        Number.isFinite(f.promoteStandbyAfter)
          ? `An administrator promotes a standby ${formatDuration(f.promoteStandbyAfter)} after an active server fails.`
          : 'No standby is ever promoted (no administrator reaction is modelled).',
        `A repaired server rejoins as ${f.onRestore}${f.rebalanceOnRestore ? '; users above capacity on the others move to it' : '; nobody moves to it (no rebalance, an assumption): servers above capacity stay so until their users sign out'}.`,
        ...(Number.isFinite(f.siteAfter)
          ? [`After a site loss, the manual disaster recovery takes ${formatDuration(f.siteAfter)}.`]
          : []),
      ],
    },
    {
      title: 'Run',
      lines: [
        `${formatDuration(c.durationS)} simulated, sampled every ${formatDuration(c.sampleEveryS)}, seed ${c.seed}.`,
      ],
    },
  ];
}
