// Standby servers in a plan: whether the template's admin promotes one in time to matter, and which
// candidates would only repeat another. The admin promotes one standby per failed active server, so with
// k failed at most k standbys are ever promoted; more standbys change nothing unless an action a
// candidate keeps puts them to use, or they differ in site (promotion prefers the database's site).
import type { SimConfig } from '../../model/config.js';
import { LIMITS } from '../../scenario/rules.js';
import { actionRule } from './plan-actions.js';
import { buildVariant, type PlanTemplate } from './plan-variant.js';

/** Whether standbys are tried at all, and why (a line of plan.txt). */
export interface StandbyPolicy {
  readonly helps: boolean;
  readonly note: string;
}

/**
 * Whether a standby can change the outcome: the admin promotes one in time, before the run ends, or an
 * activate the candidates keep (plan-actions.ts) names one, at or before `runEndS`.
 */
export function standbyNote(t: PlanTemplate, failAtS: number, runEndS: number): StandbyPolicy {
  const after = t.config.failover.promoteStandbyAfter;
  const activated = activatedStandbys(t.config, runEndS);
  const promoted = Number.isFinite(after) && failAtS + after < runEndS;
  const activates =
    activated.length === 0
      ? ''
      : `an activate the plan keeps makes ${activated.join(', ')} active before the run ends`;
  if (promoted)
    return {
      helps: true,
      note: `standby servers tried: the admin promotes one ${after} s after a failure (failover.promoteStandbyAfter)${activates === '' ? '' : `, and ${activates}`}`,
    };
  const why = Number.isFinite(after)
    ? `the admin promotes one ${after} s after the failure, after the run ends`
    : 'failover.promoteStandbyAfter is not set, so no standby is ever promoted (promotion is an admin action [doc])';
  return activates === ''
    ? { helps: false, note: `standby servers not tried: ${why}` }
    : { helps: true, note: `standby servers tried: ${activates}; otherwise ${why}` };
}

/** The standby servers an activate the candidates keep names, at or before `runEndS`, in file order. */
function activatedStandbys(c: SimConfig, runEndS: number): string[] {
  const names = c.faults.flatMap((f) => {
    if (f.kind !== 'activate' || !actionRule(f.kind).kept || f.at > runEndS) return [];
    const s = c.servers[f.target];
    return s?.role === 'standby' ? [s.name] : [];
  });
  return [...new Set(names)];
}

/**
 * The most standby servers worth simulating in pool `pool` with `failed` active servers failed: `failed`
 * when the actions a candidate keeps use no standby and every standby of the largest candidate (4 active +
 * `maxStandby`) is in one site, so the promotions pick the same servers whatever the count; else null
 * (every count is simulated).
 */
export function promotableStandbys(
  t: PlanTemplate,
  pool: number,
  failed: number,
  maxStandby: number,
  failAtS: number,
): number | null {
  if (failed >= maxStandby || activatedStandbys(t.config, Infinity).length > 0) return null;
  const { config } = buildVariant(t, {
    pool,
    count: `${LIMITS.maxActivePerPool}+${maxStandby}`,
    users: t.config.workload.initialConnected,
    failed: 0,
    failAtS,
  });
  const sites = new Set(config.servers.filter((s) => s.role === 'standby').map((s) => s.site));
  return sites.size <= 1 ? failed : null;
}
