import { describe, expect, it } from 'vitest';
import type { DistSpec } from '../../src/random/distributions.js';
import { makeResidual } from '../../src/random/residual.js';
import { Rng } from '../../src/random/rng.js';

// The residual life of a stationary renewal process has mean E[L²] / (2 E[L]); each case states it.
const cases: [DistSpec, number][] = [
  [{ dist: 'fixed', mean: 100 }, 50],
  [{ dist: 'exponential', mean: 100 }, 100],
  [{ dist: 'lognormal', mean: 100, sd: 50 }, (100 * (1 + 0.25)) / 2],
  [{ dist: 'uniform', min: 20, max: 180 }, (20 * 20 + 20 * 180 + 180 * 180) / (3 * 200)],
  [{ dist: 'weibull', mean: 100, shape: 2 }, (100 * 4) / (Math.PI * 2)], // E[L²] = 4·mean²/π for shape 2
];

describe('residual life', () => {
  for (const [spec, expected] of cases) {
    it(`draws ${spec.dist} residuals with mean E[L²]/(2E[L]) = ${expected.toFixed(2)}`, () => {
      const d = makeResidual(spec);
      expect(d.mean).toBeCloseTo(expected, 6);
      const rng = new Rng('residual-test');
      const n = 200_000;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const x = d.sample(rng);
        sum += x;
        sumSq += x * x;
      }
      const mean = sum / n;
      const se = Math.sqrt((sumSq / n - mean * mean) / n);
      // Four standard errors: a false alarm about once in 16,000 runs, and the seed is fixed.
      expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
    });
  }
});
