// Special functions: the standard normal CDF, the regularised incomplete gamma and beta functions
// (continued fractions after Numerical Recipes §6.2 and §6.4). For Student t intervals, plan's
// binomial bounds and the cost estimate's shares of sessions ending within a span.
import { logGamma } from '../random/distributions.js';

/**
 * Lentz's stand-in for a zero denominator: near the smallest normal double (2.2e-308), so it changes
 * no denominator that is not 0, yet 1 / TINY = 1e300 is still finite.
 */
const TINY = 1e-300;

/** Φ(z), the standard normal CDF, through erfc (Numerical Recipes' erfcc: fractional error below 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.5 * x);
  const poly =
    -x * x -
    1.26551223 +
    k *
      (1.00002368 +
        k *
          (0.37409196 +
            k *
              (0.09678418 +
                k *
                  (-0.18628806 +
                    k *
                      (0.27886807 +
                        k * (-1.13520398 + k * (1.48851587 + k * (-0.82215223 + k * 0.17087277))))))));
  const erfc = k * Math.exp(poly);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * Iterations of gammaP's series or continued fraction at most. Numerical Recipes' gser and gcf stop at
 * ITMAX = 100 for single precision; to GAMMA_TOLERANCE the series takes up to 96 terms at the largest
 * a a Weibull shape allows (1/shape below 171: Γ(1 + 1/shape) finite), the continued fraction under
 * 50, so 200 leaves twice the most needed.
 */
const GAMMA_ITERATIONS = 200;
/**
 * Relative size of the last term (series) or step (continued fraction) at which gammaP stops: far
 * below what a share of users needs, yet well above the 2.2e-16 of a double, so rounding over up to
 * {@link GAMMA_ITERATIONS} terms cannot keep it from being reached.
 */
const GAMMA_TOLERANCE = 1e-12;

/**
 * The regularised lower incomplete gamma P(a, x), a > 0: a series below a + 1, Lentz's continued
 * fraction above. 0 for x ≤ 0, 1 for x = Infinity.
 */
export function gammaP(a: number, x: number): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < GAMMA_ITERATIONS && term > sum * GAMMA_TOLERANCE; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.min(1, sum * front);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = Math.abs(d) < TINY ? TINY : d;
    c = b + an / c;
    c = Math.abs(c) < TINY ? TINY : c;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < GAMMA_TOLERANCE) break;
  }
  return Math.max(0, 1 - front * h);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < TINY ? TINY : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + num / c;
      if (Math.abs(c) < TINY) c = TINY;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}
