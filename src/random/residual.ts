// Equilibrium residual life: the remaining session of a user found connected at a random instant
// of a stationary system (density (1 − F(x)) / mean). Drawn as U · L*, with L* the length-biased
// session (density x·f(x) / mean) and U uniform on (0,1) — the inspection paradox made exact.
import { EngineError } from '../errors.js';
import {
  gamma,
  lognormalParameters,
  weibullScale,
  type DistSpec,
  type Distribution,
} from './distributions.js';
import type { Rng } from './rng.js';

const TWO_PI = 2 * Math.PI;

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(TWO_PI * rng.next());
}

/** Gamma(shape ≥ 1, scale 1) by Marsaglia & Tsang (2000). */
function gammaVariate(shape: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(rng);
    const v0 = 1 + c * z;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.nextOpen();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Draws a residual session; `mean` is E[L²] / (2 E[L]). */
class Residual implements Distribution {
  constructor(
    readonly mean: number,
    private readonly lengthBiased: (rng: Rng) => number,
  ) {}
  sample(rng: Rng): number {
    return rng.nextOpen() * this.lengthBiased(rng);
  }
}

/**
 * The stationary residual-life distribution of `spec` (used for the sessions of the users
 * connected at t = 0, so a run starts in steady state rather than with a wave of fresh sessions).
 */
export function makeResidual(spec: DistSpec): Distribution {
  switch (spec.dist) {
    case 'fixed':
      return new Residual(spec.mean / 2, () => spec.mean);
    case 'exponential':
      // Memoryless: the residual is the session itself (length-biased = Gamma(2)).
      return new Residual(spec.mean, (rng) => spec.mean * gammaVariate(2, rng));
    case 'lognormal': {
      const { mu: mu0, sigma, s2 } = lognormalParameters(spec.mean, spec.sd);
      const mu = mu0 + s2; // length-biasing a lognormal shifts mu by sigma²
      return new Residual((spec.mean * (1 + (spec.sd * spec.sd) / (spec.mean * spec.mean))) / 2, (rng) =>
        Math.exp(mu + sigma * normal(rng)),
      );
    }
    case 'weibull': {
      const k = spec.shape;
      const scale = weibullScale(spec.mean, k);
      const mean = (scale * scale * gamma(1 + 2 / k)) / (2 * spec.mean);
      // L*^k ~ scale^k · Gamma(1 + 1/k).
      return new Residual(mean, (rng) => scale * Math.pow(gammaVariate(1 + 1 / k, rng), 1 / k));
    }
    case 'uniform': {
      const { min: a, max: b } = spec;
      if (b === 0) throw new EngineError('Invalid uniform distribution: a residual needs max > 0');
      // Density ∝ x on [a, b]: inverse CDF sqrt(a² + U (b² − a²)).
      return new Residual((a * a + a * b + b * b) / (3 * (a + b)), (rng) =>
        Math.sqrt(a * a + rng.next() * (b * b - a * a)),
      );
    }
  }
}
