// Distributions: sample means within 4 standard errors of the closed form (n = 200,000 draws,
// tolerance 4·σ/√n), lognormal sd, gamma at known values, and EngineError on impossible parameters.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/errors.js';
import { gamma, makeDistribution, type DistSpec } from '../../src/random/distributions.js';
import { Rng, streamSeed } from '../../src/random/rng.js';

const N = 200_000;

interface Moments {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

function moments(spec: DistSpec, name: string): Moments {
  const d = makeDistribution(spec);
  const rng = new Rng(streamSeed(1, name));
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 1; i <= N; i++) {
    const x = d.sample(rng);
    const delta = x - mean;
    mean += delta / i;
    m2 += delta * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { mean, sd: Math.sqrt(m2 / (N - 1)), min, max };
}

/** |sample mean − μ| < 4·σ/√N. */
function expectMean(m: Moments, mu: number, sigma: number): void {
  expect(Math.abs(m.mean - mu)).toBeLessThan((4 * sigma) / Math.sqrt(N));
}

describe('gamma', () => {
  it('matches known values', () => {
    expect(gamma(5)).toBeCloseTo(24, 12);
    expect(gamma(1)).toBeCloseTo(1, 14);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 14);
    expect(gamma(1 + 1 / 1.5)).toBeCloseTo(0.9027452929509336, 14); // Γ(5/3)
    expect(gamma(-0.5)).toBeCloseTo(-2 * Math.sqrt(Math.PI), 13);
    expect(gamma(171) / 7.257415615307999e306).toBeCloseTo(1, 12); // 170!
  });

  it('returns NaN at the poles and Infinity past overflow', () => {
    expect(gamma(0)).toBeNaN();
    expect(gamma(-3)).toBeNaN();
    expect(gamma(172)).toBe(Infinity);
  });
});

describe('makeDistribution', () => {
  it('returns the fixed value every time', () => {
    const m = moments({ dist: 'fixed', mean: 30 }, 'fixed');
    expect([m.min, m.max, makeDistribution({ dist: 'fixed', mean: 0 }).mean]).toEqual([30, 30, 0]);
  });

  it('samples exponential with the right mean', () => {
    const m = moments({ dist: 'exponential', mean: 600 }, 'exp');
    expectMean(m, 600, 600);
    expect(m.min).toBeGreaterThan(0);
  });

  it('samples lognormal with the right mean and sd', () => {
    const mean = 1800;
    const sd = 900;
    const m = moments({ dist: 'lognormal', mean, sd }, 'lognormal');
    expectMean(m, mean, sd);
    // Standard error of the sample sd ≈ √((μ4 − σ⁴)/N) / (2σ), μ4 the 4th central moment,
    // from the raw moments E[X^k] = exp(kμ + k²s²/2) of the lognormal.
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    const mu = Math.log(mean) - s2 / 2;
    const raw = (k: number): number => Math.exp(k * mu + (k * k * s2) / 2);
    const mu4 = raw(4) - 4 * mean * raw(3) + 6 * mean ** 2 * raw(2) - 3 * mean ** 4;
    const seSd = Math.sqrt((mu4 - sd ** 4) / N) / (2 * sd);
    expect(Math.abs(m.sd - sd)).toBeLessThan(4 * seSd);
  });

  it('samples weibull with the right mean', () => {
    for (const shape of [0.7, 1.5, 3]) {
      const mean = 86_400;
      const scale = mean / gamma(1 + 1 / shape);
      const sigma = scale * Math.sqrt(gamma(1 + 2 / shape) - gamma(1 + 1 / shape) ** 2);
      const m = moments({ dist: 'weibull', mean, shape }, `weibull.${shape}`);
      expectMean(m, mean, sigma);
    }
  });

  it('reduces weibull with shape 1 to exponential', () => {
    const w = makeDistribution({ dist: 'weibull', mean: 5, shape: 1 });
    const e = makeDistribution({ dist: 'exponential', mean: 5 });
    const a = new Rng('w1');
    const b = new Rng('w1');
    for (let i = 0; i < 100; i++) expect(w.sample(a)).toBeCloseTo(e.sample(b), 10);
  });

  it('samples uniform within [min, max) with the right mean', () => {
    const m = moments({ dist: 'uniform', min: 10, max: 70 }, 'uniform');
    expectMean(m, 40, 60 / Math.sqrt(12));
    expect(m.min).toBeGreaterThanOrEqual(10);
    expect(m.max).toBeLessThan(70);
    expect(makeDistribution({ dist: 'uniform', min: 10, max: 70 }).mean).toBe(40);
  });

  it('draws depend only on the stream passed in, even when streams share a distribution', () => {
    const d = makeDistribution({ dist: 'lognormal', mean: 10, sd: 4 });
    const alone = new Rng('a');
    const expected = Array.from({ length: 20 }, () => d.sample(alone));
    const a = new Rng('a');
    const b = new Rng('b');
    const got: number[] = [];
    for (let i = 0; i < 20; i++) {
      got.push(d.sample(a));
      d.sample(b);
    }
    expect(got).toEqual(expected);
  });

  it('throws EngineError on impossible parameters', () => {
    const bad: DistSpec[] = [
      { dist: 'fixed', mean: -1 },
      { dist: 'exponential', mean: 0 },
      { dist: 'exponential', mean: NaN },
      { dist: 'lognormal', mean: 0, sd: 1 },
      { dist: 'lognormal', mean: 1, sd: -1 },
      { dist: 'weibull', mean: 1, shape: 0 },
      { dist: 'weibull', mean: 0, shape: 1 },
      { dist: 'weibull', mean: 1, shape: 0.001 },
      { dist: 'uniform', min: 2, max: 1 },
      { dist: 'uniform', min: 0, max: Infinity },
    ];
    for (const spec of bad) expect(() => makeDistribution(spec), JSON.stringify(spec)).toThrow(EngineError);
  });
});
