// The retries of the users random server failures cut off, for the cost estimate: those held back by
// the survivors' sign-in rate limits, and those of a failure that leaves its pool no active server,
// who retry until a server is back. In constant time whatever the run's length.
import type { RandomFaultConfig, SimConfig } from '../../model/config.js';
import { makeDistribution, type DistSpec } from '../../random/distributions.js';
import { failureRetries, type FailureLoad, type FailureRetries } from './failure-retries.js';
import { trapezoid } from './pile-up.js';
import { promotionAfterS } from './pool-outages.js';
import { activeServers } from './sign-in-tokens.js';
import { endsWithin } from './session-ends.js';

/** Mean repairs beyond which the chance that one is still going is left to a bound (assumption: e^−8 of an exponential's). */
const REPAIR_MEANS = 8;

/**
 * The retries of one failure of each active server of random fault `r`, summed over its servers: every
 * other active server of the pool that `r` fails is down mttr / (mtbf + mttr) of the time, and those
 * down when one fails share its survivors (rate-limited retries), weighed by their binomial chances.
 *
 * A failure that leaves its pool no active server strands the pool's users (as many as its admission
 * limit holds: all seated on it) until one is back: the first of its own repair and those of the others
 * down, or the promotion of a standby that `r` never fails. Standbys that `r` fails are counted among
 * the others down (a restored server comes back as a standby, which no one may promote), and as taking
 * over from the failed servers while up, so that the pool's failures come once an mtbf, not once a
 * cycle (mtbf + mttr). Their retries are counted as those of the mean wait, at most the run's length
 * (a user's retries grow no faster than its wait: the mean wait's are at least the mean of the waits').
 * Users with no room while some server is left are not counted here.
 */
export function randomFailureRetries(
  config: SimConfig,
  r: RandomFaultConfig,
  load: FailureLoad,
): Omit<FailureRetries, 'users'> {
  const mtbf = makeDistribution(r.mtbf).mean;
  const mttr = makeDistribution(r.mttr).mean;
  const p = mtbf + mttr > 0 ? mttr / (mtbf + mttr) : 1;
  const role = (s: number): string | undefined => config.servers[s]?.role;
  const active = r.servers.filter((s) => role(s) === 'active');
  let stranded = 0;
  let rateLimited = 0;
  for (const s of active) {
    const pool = config.servers[s]?.pool ?? -1;
    const home = config.pools[pool];
    const inPool = home === undefined ? 0 : activeServers(config, home);
    const others = active.filter((o) => o !== s && config.servers[o]?.pool === pool).length;
    // chance = C(others, j) p^j (1 − p)^(others − j), for j others down with it.
    let chance = Math.pow(1 - p, others);
    for (let j = 0; j <= others; j++) {
      if (chance > 0 && 1 + j === inPool) stranded += chance * noneLeft(config, r, s, j, load);
      else if (chance > 0)
        rateLimited +=
          chance * failureRetries(config, { at: 0, target: s }, load, { down: 1 + j }).rateLimited;
      chance = p < 1 ? (chance * (others - j) * p) / ((j + 1) * (1 - p)) : j + 1 === others ? 1 : 0;
    }
  }
  return { stranded, rateLimited };
}

/** The retries of the failure of `s`, under `r`, that leaves its pool no active server, the `j` others down. */
function noneLeft(config: SimConfig, r: RandomFaultConfig, s: number, j: number, load: FailureLoad): number {
  const pool = config.servers[s]?.pool ?? -1;
  const standbysInR = r.servers.filter(
    (i) => config.servers[i]?.pool === pool && config.servers[i]?.role === 'standby',
  ).length;
  // Standbys `r` fails too may be down, or back as standbys no one promotes: wait for a repair (safe side).
  const promoteS = standbysInR > 0 ? Infinity : promotionAfterS(config, pool);
  const backS = meanRepairS(r.mttr, j + standbysInR, Math.min(promoteS, config.durationS));
  // All the pool's users seated on it (before: j, seated since long), for the mean wait.
  const outage = { down: 1 + j, before: j, sinceS: Infinity, backAt: backS };
  const waits = failureRetries(config, { at: 0, target: s }, load, outage).stranded;
  // Standbys keep the pool serving, so its active servers fail once an mtbf (assumption: promptly).
  const mtbf = makeDistribution(r.mtbf).mean;
  return standbysInR > 0 && mtbf > 0 ? (waits * (mtbf + makeDistribution(r.mttr).mean)) / mtbf : waits;
}

/**
 * E[min(R, R₁ … R_k, capS)]: the mean time until the first of a fresh repair R of `spec` and the rests
 * of `k` repairs going (residual), at most `capS`. Numerically over up to {@link REPAIR_MEANS} means,
 * the rest bounded by the fresh repair's own tail (its mean less what was integrated).
 */
export function meanRepairS(spec: DistSpec, k: number, capS: number): number {
  const mean = makeDistribution(spec).mean;
  const upS = Math.min(capS, REPAIR_MEANS * mean);
  if (!(upS > 0)) return 0;
  const fresh = (t: number): number => 1 - endsWithin(spec, t, false);
  const first = trapezoid((t) => fresh(t) * Math.pow(1 - endsWithin(spec, t, true), k), 0, upS);
  return first + (upS < capS ? Math.max(0, mean - trapezoid(fresh, 0, upS)) : 0);
}
