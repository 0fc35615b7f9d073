// Standby servers in a plan: whether the template's admin promotes one in time to matter, and which
// candidates would only repeat another. The admin promotes one standby per failed active server, so with
// k failed at most k standbys are ever promoted; more standbys change nothing unless an action a
// candidate keeps puts them to use, or they differ in site (promotion prefers the database's site).
import { ACTION_KINDS, type Action, type FaultAction, type SimConfig } from '../../model/config.js';
import { LIMITS } from '../../scenario/rules.js';
import { actionRule } from './plan-actions.js';
import { buildVariant, type PlanTemplate } from './plan-variant.js';

/** Whether standbys are tried at all, and why (a line of plan.txt). */
export interface StandbyPolicy {
  readonly helps: boolean;
  readonly note: string;
}

/** Whether a standby can change the outcome: the admin promotes one, in time, before the run ends. */
export function standbyNote(t: PlanTemplate, failAtS: number, runEndS: number): StandbyPolicy {
  const after = t.config.failover.promoteStandbyAfter;
  if (!Number.isFinite(after))
    return {
      helps: false,
      note: 'standby servers not tried: failover.promoteStandbyAfter is not set, so no standby is ever promoted (promotion is an admin action [doc])',
    };
  if (failAtS + after >= runEndS)
    return {
      helps: false,
      note: `standby servers not tried: the admin promotes one ${after} s after the failure, after the run ends`,
    };
  return {
    helps: true,
    note: `standby servers tried: the admin promotes one ${after} s after a failure (failover.promoteStandbyAfter)`,
  };
}

const isAction = (f: FaultAction): f is Action => (ACTION_KINDS as readonly string[]).includes(f.kind);

/**
 * Whether an action a candidate keeps (plan-actions.ts) can make a standby server active: a swap, or an
 * activate, setActive or failback naming one.
 */
function actionsUseStandby(c: SimConfig): boolean {
  const standby = (s: number): boolean => c.servers[s]?.role === 'standby';
  return c.faults.some((f) => {
    if (!isAction(f) || !actionRule(f.kind).kept) return false;
    switch (f.kind) {
      case 'swap':
        return true;
      case 'activate':
        return standby(f.target);
      case 'setActive':
        return f.servers.some(standby);
      case 'failback':
        return (f.servers ?? []).some(standby);
      default:
        return false;
    }
  });
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
  if (failed >= maxStandby || actionsUseStandby(t.config)) return null;
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
