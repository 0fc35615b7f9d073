// Fault rules: each fault has exactly one kind, a scheduled one happens within the run and names a
// server, site or pool that exists; a random process names servers and runs for the whole run.
import { issue } from '../errors.js';
import { FAULT_KINDS, unknownKind } from '../model/config.js';
import { allSites, faultKindOf, refCheck, type RuleResult } from './rule-helpers.js';
import type { ParsedScenario } from './schema.js';

const FAULT_KEYS = [...FAULT_KINDS, 'random'] as const;

export function checkFaults(s: ParsedScenario, out: RuleResult): void {
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
