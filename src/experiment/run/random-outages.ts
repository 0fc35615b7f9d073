// The retries of the users random server failures cut off, for the cost estimate: those held back by
// the survivors' sign-in rate limits, and those of a failure that leaves its pool no active server,
// who retry until a server is back or a standby promoted. In constant time whatever the run's length.
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
 * limit holds: all seated on it) until one is back: its own repair, or the admin's promotion of a standby
 * `promoteStandbyAfter` after it or as soon as one is repaired, whichever is later ({@link noneLeft}).
 * Standbys that `r` fails take over from the failed servers while up, so that the pool's failures come
 * once an mtbf, not once a cycle (mtbf + mttr). Their retries are counted as those of the mean wait, at
 * most the run's length (a user's retries grow no faster than its wait: the mean wait's are at least the
 * mean of the waits'). Users with no room while some server is left are not counted here.
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

/**
 * The retries of the failure of `s`, under `r`, that leaves its pool no active server, the `j` others down:
 * its users wait for the first of: a repair of it or of the others; a standby `r` never fails, promoted
 * `promoteStandbyAfter` (A) later. When `r` fails every standby: its own repair, or the promotion of a
 * server `r` fails, at A or at its repair if later (the admin promotes a standby repaired late). The
 * standbys are counted as down at the failure, and a repaired server as out of the list (rejoining as a
 * standby; one of the others may have been replaced), so none counts before A: safe side, as a standby
 * is down at a failure more often than its chance mttr / (mtbf + mttr) says (weighed by that chance, the
 * estimate fell below the mean of the runs in random-outages.test.ts). Without promotion
 * (`promoteStandbyAfter: never` or no standby) the first repair of the active servers down ends the wait.
 */
function noneLeft(config: SimConfig, r: RandomFaultConfig, s: number, j: number, load: FailureLoad): number {
  const pool = config.servers[s]?.pool ?? -1;
  const standbys = config.servers.filter((c) => c.pool === pool && c.role === 'standby').length;
  const standbysInR = r.servers.filter(
    (i) => config.servers[i]?.pool === pool && config.servers[i]?.role === 'standby',
  ).length;
  const promoteS = promotionAfterS(config, pool);
  const mtbf = makeDistribution(r.mtbf).mean;
  const mttr = makeDistribution(r.mttr).mean;
  const capS = config.durationS;
  const backS =
    promoteS === Infinity || standbysInR < standbys
      ? meanRepairS(r.mttr, j, Math.min(promoteS, capS))
      : meanRepairS(r.mttr, j + standbysInR, capS, promoteS);
  // All the pool's users seated on it (before: j, seated since long), for the mean wait.
  const outage = { down: 1 + j, before: j, sinceS: Infinity, backAt: backS };
  const waits = failureRetries(config, { at: 0, target: s }, load, outage).stranded;
  // Standbys keep the pool serving, so its active servers fail once an mtbf (assumption: promptly).
  return standbysInR > 0 && mtbf > 0 ? (waits * (mtbf + mttr)) / mtbf : waits;
}

/**
 * E[min(R, max(fromS, min(R₁ … R_k)), capS)]: the mean time until the first of a fresh repair R of
 * `spec` and the rests of `k` repairs going (residual), these counting only from `fromS` on (0: at once),
 * at most `capS`. Numerically over up to {@link REPAIR_MEANS} means, the rest bounded by the fresh
 * repair's own tail (its mean less what was integrated).
 */
export function meanRepairS(spec: DistSpec, k: number, capS: number, fromS = 0): number {
  const mean = makeDistribution(spec).mean;
  const upS = Math.min(capS, REPAIR_MEANS * mean);
  if (!(upS > 0)) return 0;
  const fresh = (t: number): number => 1 - endsWithin(spec, t, false);
  // Split at `fromS`: the others' factor steps in there, which the trapezoid rule would smear.
  const splitS = Math.min(Math.max(0, fromS), upS);
  const alone = splitS > 0 ? trapezoid(fresh, 0, splitS) : 0;
  const withOthers =
    splitS < upS ? trapezoid((t) => fresh(t) * Math.pow(1 - endsWithin(spec, t, true), k), splitS, upS) : 0;
  const tail = upS < capS ? Math.max(0, mean - trapezoid(fresh, 0, upS)) : 0;
  return alone + withOthers + tail;
}
