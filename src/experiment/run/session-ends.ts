// The chance that a session, or the rest of one already going, ends within a span: how many of the
// users on at t = 0, and of the arrivals, sign out before the run ends, for the cost estimate. Closed
// forms per distribution (the residual is the equilibrium distribution, density (1 − F(x)) / mean, as
// random/residual.ts draws it).
import {
  lognormalParameters,
  makeDistribution,
  weibullScale,
  type DistSpec,
} from '../../random/distributions.js';
import { gammaP, normalCdf } from '../../stats/special-functions.js';

/** The arrival profile's period: a day (as random/poisson-process.ts's default). */
const DAY_S = 86_400;
/** Mean sessions before the run's end beyond which arrivals are counted as signing out (assumption: safe side, few are still on). */
const STILL_ON_MEANS = 8;

/**
 * Expected arrivals of the daily profile `points` (rates from each `at` on, repeating daily) within
 * `durationS` whose session of `spec` is still going at its end, so never signs out in the run:
 * ∫₀ᵀ rate(t) (1 − F(T − t)) dt, per piece of the profile rate × mean × (F_e(T − a) − F_e(T − b)).
 * Safe side: arrivals more than {@link STILL_ON_MEANS} mean sessions before the end are left out.
 */
export function stillOnAtEnd(
  spec: DistSpec,
  points: readonly { readonly at: number; readonly rate: number }[],
  durationS: number,
): number {
  const mean = makeDistribution(spec).mean;
  const fromS = Math.max(0, durationS - STILL_ON_MEANS * mean);
  const last = points[points.length - 1];
  if (last === undefined || !(mean > 0) || !(durationS > fromS)) return 0;
  const F = (s: number): number => endsWithin(spec, s, true);
  let total = 0;
  for (let day = Math.floor(fromS / DAY_S) * DAY_S; day < durationS; day += DAY_S)
    // Before the day's first change, the rate is the day's last one (the profile repeats).
    [{ at: 0, rate: last.rate }, ...points].forEach((p, i, all) => {
      const a = Math.max(fromS, day + p.at);
      const b = Math.min(durationS, day + (all[i + 1]?.at ?? DAY_S));
      if (b > a) total += p.rate * mean * (F(durationS - a) - F(durationS - b));
    });
  return total;
}

/**
 * P(a session of `spec` ends within `spanS` seconds): of a fresh session, or with `residual` of the
 * rest of one found going at a random instant (F_e(t) = ∫₀ᵗ (1 − F) / mean).
 */
export function endsWithin(spec: DistSpec, spanS: number, residual: boolean): number {
  if (!(spanS > 0)) return 0;
  if (spanS === Infinity) return 1;
  switch (spec.dist) {
    case 'fixed':
      if (!(spec.mean > 0)) return 1;
      return residual ? Math.min(1, spanS / spec.mean) : spanS >= spec.mean ? 1 : 0;
    case 'exponential':
      // Memoryless: the rest of a session is a session.
      return 1 - Math.exp(-spanS / spec.mean);
    case 'uniform':
      return uniformEnds(spec.min, spec.max, spanS, residual);
    case 'lognormal':
      return lognormalEnds(spec.mean, spec.sd, spanS, residual);
    case 'weibull':
      return weibullEnds(spec.mean, spec.shape, spanS, residual);
  }
}

function uniformEnds(a: number, b: number, t: number, residual: boolean): number {
  if (!residual) return b > a ? Math.min(1, Math.max(0, (t - a) / (b - a))) : t >= a ? 1 : 0;
  if (!(b > 0)) return 1;
  // ∫₀ᵗ (1 − F): all of min(t, a), then the falling part of [a, min(t, b)].
  const u = Math.max(0, Math.min(t, b) - a);
  const integral = Math.min(t, a) + (b > a ? u - (u * u) / (2 * (b - a)) : 0);
  return Math.min(1, integral / ((a + b) / 2));
}

function lognormalEnds(mean: number, sd: number, t: number, residual: boolean): number {
  if (!(sd > 0)) return endsWithin({ dist: 'fixed', mean }, t, residual);
  const { mu, sigma, s2 } = lognormalParameters(mean, sd);
  const F = normalCdf((Math.log(t) - mu) / sigma);
  if (!residual) return F;
  // ∫₀ᵗ (1 − F) = t (1 − F(t)) + ∫₀ᵗ x f(x) dx, the partial mean mean · Φ((ln t − μ − σ²) / σ).
  return Math.min(1, (t * (1 - F)) / mean + normalCdf((Math.log(t) - mu - s2) / sigma));
}

function weibullEnds(mean: number, shape: number, t: number, residual: boolean): number {
  const scale = weibullScale(mean, shape);
  const x = Math.pow(t / scale, shape);
  // ∫₀ᵗ exp(−(u/scale)^k) du = mean · P(1/k, (t/scale)^k).
  return residual ? gammaP(1 / shape, x) : 1 - Math.exp(-x);
}
