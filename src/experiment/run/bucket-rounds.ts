// How many sign-ins a token bucket gives rounds of attempts at one instant each, in the long run: a
// bucket holds one second's worth (at least one token), so rounds closer than it takes to fill wastes
// the part of a token refilled while it is full. For the cost estimate's retries in lockstep.

/** Rounds followed from a full bucket to find the period of its refills (assumption: ample; beyond, the mean so far). */
const MAX_ROUNDS = 1000;

/** Tokens a full bucket refilled at `ratePerS` holds: one second's worth, at least one (Infinity without a limit). */
export function bucketTokens(ratePerS: number): number {
  return Math.max(1, ratePerS);
}

/**
 * Sign-ins a round takes on average from a bucket refilled at `ratePerS`, holding max(1, ratePerS)
 * tokens, with a round every `waitS` seconds and always someone waiting: a whole token each as long as
 * the bucket has one, the fraction left kept, the refill beyond a full bucket lost (as the servers'
 * and the pool's buckets in model/server-table.ts). Infinity without a limit.
 */
export function roundSeats(ratePerS: number, waitS: number): number {
  if (ratePerS === Infinity) return Infinity;
  const cap = bucketTokens(ratePerS);
  const add = ratePerS * waitS;
  if (!(add > 0)) return 0;
  if (add >= cap) return Math.floor(cap);
  // Holding one token: it fills in ceil(1 / add) rounds, and the rest of the last is lost.
  if (cap === 1) return 1 / Math.ceil(1 / add);
  // Below a whole token left, a refill never reaches the top.
  if (add <= cap - 1) return add;
  // Otherwise periodic from each round that finds it full: follow one period.
  let level = cap - Math.floor(cap);
  let seats = 0;
  for (let k = 1; k <= MAX_ROUNDS; k++) {
    const l = level + add;
    if (l >= cap) return (seats + Math.floor(cap)) / k;
    seats += Math.floor(l);
    level = l - Math.floor(l);
  }
  return seats / MAX_ROUNDS;
}
