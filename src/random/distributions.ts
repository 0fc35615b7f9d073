// Duration distributions (seconds) drawn from a caller's Rng, their parameters (lognormal μ and σ, Weibull scale)
// derived once for samplers and estimates alike, plus the gamma function Weibull needs.
// Samplers keep no random state of their own, so one Distribution may serve many streams.
import { EngineError } from '../errors.js';
import type { Rng } from './rng.js';

/** A distribution's parameters, already normalised to seconds. */
export type DistSpec =
  | { dist: 'fixed'; mean: number }
  | { dist: 'exponential'; mean: number }
  /** `mean` and `sd` of the variable itself, not of its log. */
  | { dist: 'lognormal'; mean: number; sd: number }
  /** scale = mean / Γ(1 + 1/shape). */
  | { dist: 'weibull'; mean: number; shape: number }
  | { dist: 'uniform'; min: number; max: number };

/** A sampler of non-negative durations. */
export interface Distribution {
  /** Expected value, in seconds. */
  readonly mean: number;
  /** One draw, in seconds, from `rng`. Allocates nothing. */
  sample(rng: Rng): number;
}

const TWO_PI = 2 * Math.PI;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
// Lanczos (1964) approximation as in Numerical Recipes §6.1 (gammln), with Paul Godfrey's g = 7,
// 9-term coefficients: relative error ~1e-15 for moderate x, ~1e-13 near overflow.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/**
 * The gamma function Γ(x), by the Lanczos approximation (relative error ≲ 1e-13), with the
 * reflection formula Γ(x)Γ(1−x) = π / sin(πx) for x < 0.5.
 * @returns Γ(x); NaN at the poles (0, −1, −2, …) and for NaN; Infinity above x ≈ 171.6 (overflow).
 */
export function gamma(x: number): number {
  if (x < 0.5) {
    if (Number.isInteger(x)) return NaN;
    return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  }
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  // t^(z+0.5) split in two halves so it does not overflow before Γ itself does (x up to ~171).
  const half = Math.pow(t, (z + 0.5) / 2);
  return SQRT_TWO_PI * half * (half * Math.exp(-t)) * a;
}

/** ln Γ(x) for x ≥ 0.5, by the same Lanczos series in log form (no overflow for large x). */
export function logGamma(x: number): number {
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return Math.log(SQRT_TWO_PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** A lognormal's parameters from the `mean` and `sd` of the variable itself: σ² = ln(1 + sd² / mean²), μ = ln(mean) − σ²/2. */
export interface LognormalParameters {
  readonly mu: number;
  readonly sigma: number;
  /** σ². */
  readonly s2: number;
}

/** The μ, σ and σ² of a lognormal of mean `mean` > 0 and standard deviation `sd` (of the variable, not of its log). */
export function lognormalParameters(mean: number, sd: number): LognormalParameters {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2), s2 };
}

/** The scale of a Weibull of mean `mean` and shape `shape`: mean / Γ(1 + 1/shape). */
export function weibullScale(mean: number, shape: number): number {
  return mean / gamma(1 + 1 / shape);
}

function fail(spec: DistSpec, rule: string): never {
  throw new EngineError(`Invalid ${spec.dist} distribution: ${rule}; received ${JSON.stringify(spec)}`);
}

/** Always `mean`. */
class Fixed implements Distribution {
  constructor(readonly mean: number) {}
  sample(_rng: Rng): number {
    return this.mean;
  }
}

/** Exponential by inverse CDF: one uniform per draw. */
class Exponential implements Distribution {
  constructor(readonly mean: number) {}
  sample(rng: Rng): number {
    return -this.mean * Math.log(rng.nextOpen());
  }
}

/**
 * Lognormal: exp(mu + sigma·Z), with Z from Box–Muller keeping only the cosine normal (two
 * uniforms per draw). Caching the sine spare here would let one stream's draw leak into another
 * stream sharing this Distribution, so it is dropped.
 */
class Lognormal implements Distribution {
  private readonly mu: number;
  private readonly sigma: number;
  constructor(
    readonly mean: number,
    sd: number,
  ) {
    const p = lognormalParameters(mean, sd);
    this.sigma = p.sigma;
    this.mu = p.mu;
  }
  sample(rng: Rng): number {
    const r = Math.sqrt(-2 * Math.log(rng.nextOpen()));
    const z = r * Math.cos(TWO_PI * rng.next());
    return Math.exp(this.mu + this.sigma * z);
  }
}

/** Weibull by inverse CDF: scale·(−ln U)^(1/shape), one uniform per draw. */
class Weibull implements Distribution {
  private readonly scale: number;
  private readonly invShape: number;
  constructor(
    readonly mean: number,
    shape: number,
  ) {
    this.invShape = 1 / shape;
    this.scale = weibullScale(mean, shape);
  }
  sample(rng: Rng): number {
    return this.scale * Math.pow(-Math.log(rng.nextOpen()), this.invShape);
  }
}

/** Uniform on [min, max). */
class Uniform implements Distribution {
  readonly mean: number;
  private readonly width: number;
  constructor(
    private readonly min: number,
    max: number,
  ) {
    this.mean = (min + max) / 2;
    this.width = max - min;
  }
  sample(rng: Rng): number {
    return this.min + this.width * rng.next();
  }
}

/**
 * Builds the sampler for a spec. Parameters are trusted to have been validated by the scenario
 * layer; only impossible ones are rejected here.
 * @throws EngineError on a non-finite parameter, mean ≤ 0 (mean < 0 for fixed), sd < 0,
 *   shape ≤ 0 (or so small that Γ(1 + 1/shape) overflows), or max < min.
 */
export function makeDistribution(spec: DistSpec): Distribution {
  switch (spec.dist) {
    case 'fixed':
      if (!(spec.mean >= 0 && spec.mean < Infinity)) fail(spec, 'mean must be finite and ≥ 0');
      return new Fixed(spec.mean);
    case 'exponential':
      if (!(spec.mean > 0 && spec.mean < Infinity)) fail(spec, 'mean must be finite and > 0');
      return new Exponential(spec.mean);
    case 'lognormal':
      if (!(spec.mean > 0 && spec.mean < Infinity)) fail(spec, 'mean must be finite and > 0');
      if (!(spec.sd >= 0 && spec.sd < Infinity)) fail(spec, 'sd must be finite and ≥ 0');
      return new Lognormal(spec.mean, spec.sd);
    case 'weibull': {
      if (!(spec.mean > 0 && spec.mean < Infinity)) fail(spec, 'mean must be finite and > 0');
      if (!(spec.shape > 0 && spec.shape < Infinity)) fail(spec, 'shape must be finite and > 0');
      if (!(gamma(1 + 1 / spec.shape) < Infinity)) fail(spec, 'shape too small: Γ(1 + 1/shape) overflows');
      return new Weibull(spec.mean, spec.shape);
    }
    case 'uniform':
      if (!(Number.isFinite(spec.min) && Number.isFinite(spec.max))) fail(spec, 'min and max must be finite');
      if (spec.max < spec.min) fail(spec, 'max must be ≥ min');
      return new Uniform(spec.min, spec.max);
  }
}
