import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/random/distributions.js';
import { poisson } from '../../src/random/poisson.js';
import { Rng } from '../../src/random/rng.js';

describe('poisson variates', () => {
  it('computes ln Γ without overflow', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(1001)).toBeCloseTo(5912.128178939938, 6); // ln(1000!)
  });

  for (const mean of [0.3, 4, 12, 250, 1e6]) {
    it(`draws Poisson(${mean}) with the right mean and variance`, () => {
      const rng = new Rng(`poisson-${mean}`);
      const n = 100_000;
      let sum = 0;
      let sumSq = 0;
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const k = poisson(mean, rng);
        if (!Number.isInteger(k) || k < 0) bad++;
        sum += k;
        sumSq += k * k;
      }
      expect(bad).toBe(0);
      const m = sum / n;
      const v = sumSq / n - m * m;
      // Mean within 4 standard errors (sd = √mean); variance within 5% (its relative sd is ~0.5% here).
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(mean / n));
      expect(Math.abs(v / mean - 1)).toBeLessThan(0.05);
    });
  }

  it('draws zero for a zero mean', () => {
    expect(poisson(0, new Rng('z'))).toBe(0);
  });
});
