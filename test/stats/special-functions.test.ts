// The special functions against closed forms: Φ at known quantiles, P(a, x) for whole a (a Poisson
// tail), I_x(a, b) where it is a power of x.
import { describe, expect, it } from 'vitest';
import { gammaP, incompleteBeta, normalCdf } from '../../src/stats/special-functions.js';

describe('the special functions', () => {
  it('give Φ within the 1.2e-7 of erfcc', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 7);
  });

  it('give P(n, x) = 1 − e^−x Σ_{k<n} x^k / k! for whole n, by the series and the continued fraction', () => {
    const poissonBelow = (n: number, x: number): number => {
      let term = Math.exp(-x);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        sum += term;
        term *= x / (k + 1);
      }
      return sum;
    };
    for (const n of [1, 2, 5, 30])
      for (const x of [0.1, 1, 4, 29, 40])
        expect(gammaP(n, x), `${n} ${x}`).toBeCloseTo(1 - poissonBelow(n, x), 11);
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaP(2, Infinity)).toBe(1);
  });

  it('give I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b', () => {
    for (const x of [0.05, 0.3, 0.8]) {
      expect(incompleteBeta(x, 2.5, 1)).toBeCloseTo(Math.pow(x, 2.5), 12);
      expect(incompleteBeta(x, 1, 3)).toBeCloseTo(1 - Math.pow(1 - x, 3), 12);
    }
  });
});
