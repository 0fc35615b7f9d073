// The topology and reference rules zod cannot express: documented product limits, structural
// rules of the four topologies, and names that must refer to something. Collects every issue at once.
import { issue } from '../errors.js';
import { checkActions, checkActiveSites } from './action-rules.js';
import { checkDatabases } from './database-rules.js';
import { checkFaults } from './fault-rules.js';
import { allSites, refCheck, type LimitFn, type RuleResult } from './rule-helpers.js';
import { scenarioWarning } from './rule-warnings.js';
import type { ParsedScenario } from './schema.js';
import { checkTopology } from './topology-rules.js';
import { checkWorkload } from './workload-rules.js';

export { LIMITS, actionKindOf, allSites, backupSite, faultKindOf, primarySite } from './rule-helpers.js';
export type { RuleResult } from './rule-helpers.js';

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

/** Every site in topology.lowLatencySites is a site of the topology. */
function checkLowLatencySites(s: ParsedScenario, out: RuleResult): void {
  const sites = allSites(s);
  s.topology.lowLatencySites.forEach((group, g) =>
    group.forEach((site, j) => refCheck(out, `topology.lowLatencySites[${g}][${j}]`, 'site', site, sites)),
  );
}
