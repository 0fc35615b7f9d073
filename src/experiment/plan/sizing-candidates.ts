// The sizing step's candidates: 1 to 4 active servers, each with the standby counts worth trying, and
// which of them only repeat another (not simulated).
import { LIMITS } from '../../scenario/rules.js';
import { promotableStandbys } from './plan-standby.js';
import type { PlanTemplate, Variant } from './plan-variant.js';

/** The candidates in order (fewest active, then fewest standby) and, per candidate, the one it repeats or null. */
export interface SizingCandidates {
  readonly variants: Variant[];
  readonly copyOf: (number | null)[];
}

/**
 * The sizing candidates of `base` (a pool, its users, the active servers failed and when); with
 * standbys only when they `help` (plan-standby.ts), a count above what can be promoted repeating the one at it.
 */
export function sizingCandidates(
  t: PlanTemplate,
  base: Omit<Variant, 'count'>,
  helps: boolean,
): SizingCandidates {
  const variants: Variant[] = [];
  const copyOf: (number | null)[] = [];
  const most = helps
    ? promotableStandbys(t, base.pool, base.failed, LIMITS.maxActivePerPool, base.failAtS)
    : null;
  for (let a = 1; a <= LIMITS.maxActivePerPool; a++) {
    const maxStandby = helps ? Math.min(LIMITS.maxActivePerPool, LIMITS.maxServersPerPool - a) : 0;
    const first = variants.length;
    for (let s = 0; s <= maxStandby; s++) {
      variants.push({ ...base, count: `${a}+${s}` });
      copyOf.push(most !== null && s > most ? first + most : null);
    }
  }
  return { variants, copyOf };
}
