// Poisson variates: inversion for small means, Hörmann's PTRS transformed rejection (1993) for
// means ≥ 10, so a count over an interval costs O(1) whatever its size.
import { logGamma } from './distributions.js';
import type { Rng } from './rng.js';

/** One Poisson(mean) draw from `rng`; 0 for mean ≤ 0. Allocates nothing. */
export function poisson(mean: number, rng: Rng): number {
  if (!(mean > 0)) return 0;
  return mean < 10 ? poissonInversion(mean, rng) : poissonPtrs(mean, rng);
}

function poissonInversion(mean: number, rng: Rng): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rng.next();
  while (u > cdf && p > 0) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

function poissonPtrs(mean: number, rng: Rng): number {
  const slam = Math.sqrt(mean);
  const logLam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logLam - logGamma(k + 1)
    )
      return k;
  }
}
