// What the rule modules share: the documented limits, the issue collector, kind lookups, sites and
// name references of a parsed scenario.
import { EngineError, type Issue } from '../errors.js';
import { ACTION_KINDS, FAULT_KINDS, type ActionKind, type FaultKind } from '../model/config.js';
import { DOC_LIMITS, type ScenarioWarning, type ScenarioWarningCode } from '../model/limits.js';
import type { ParsedScenario } from './schema.js';

/** Documented limits [doc: ../shared/domain.md, "Limits"]. */
export const LIMITS = DOC_LIMITS;

export interface RuleResult {
  readonly errors: Issue[];
  readonly warnings: ScenarioWarning[];
}

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

/** The backup (disaster-recovery) site of a pool: as given, or the first other site of its servers; none on Standard Edition. */
export function backupSite(
  s: ParsedScenario,
  pool: ParsedScenario['topology']['pools'][number],
): string | undefined {
  // Standard Edition has no high availability [doc]: no disaster-recovery backup.
  if (s.topology.edition === 'standard') return undefined;
  const primary = primarySite(pool);
  return pool.database.backupSite ?? pool.servers.find((x) => x.site !== primary)?.site;
}

/** A documented-limit violation: an error, or with allowUnsupported a warning of `code` (the key's `value`). */
export type LimitFn = (code: ScenarioWarningCode, i: Issue, value: number) => void;

/** An error unless `value` is one of `known`. */
export function refCheck(
  out: RuleResult,
  path: string,
  what: string,
  value: string,
  known: readonly string[],
): void {
  if (!known.includes(value)) {
    out.errors.push({
      path,
      expected: `one of ${known.join(', ')}`,
      received: JSON.stringify(value),
      message: `unknown ${what} "${value}"; expected one of ${known.join(', ')}`,
    });
  }
}

/** Whether a server in `site` may be active while the database is in `dbSite` (same site or linked) [doc]. */
export function siteAllowed(s: ParsedScenario, site: string, dbSite: string): boolean {
  return site === dbSite || s.topology.lowLatencySites.some((g) => g.includes(site) && g.includes(dbSite));
}

/** The rule's wording, for messages. */
export function allowedSitesText(dbSite: string): string {
  return `the pool's database site (${dbSite}) or a site linked to it by topology.lowLatencySites [doc: active servers need a low-latency, high-bandwidth link to the database]`;
}
