// Variates: batched draws give exactly the sequence of one `sample` per draw, also when other
// distributions draw from the same stream in between; Rng.save/restore replays a stream.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDistribution, type DistSpec } from '../../src/random/distributions.js';
import { makeResidual } from '../../src/random/residual.js';
import { Rng, RngState } from '../../src/random/rng.js';
import { Variates } from '../../src/random/variates.js';

const SPECS: DistSpec[] = [
  { dist: 'fixed', mean: 5 },
  { dist: 'exponential', mean: 60 },
  { dist: 'lognormal', mean: 28_800, sd: 10_800 },
  { dist: 'weibull', mean: 100, shape: 0.7 },
  { dist: 'uniform', min: 1, max: 3 },
];

describe('Variates', () => {
  it('hands out the draws of one sample per draw, across several batches', () => {
    for (const spec of SPECS) {
      const d = makeDistribution(spec);
      const v = new Variates(d, new Rng('v/batch'));
      const oracle = new Rng('v/batch');
      for (let k = 0; k < 700; k++) expect(v.next()).toBe(d.sample(oracle));
    }
  });

  it('keeps the stream exact when other distributions draw from it in between', () => {
    const main = makeDistribution({ dist: 'lognormal', mean: 28_800, sd: 10_800 });
    const others = [
      makeResidual({ dist: 'lognormal', mean: 28_800, sd: 10_800 }),
      makeResidual({ dist: 'exponential', mean: 57_600 }),
      makeDistribution({ dist: 'exponential', mean: 30 }),
    ];
    // A plan is a list of (draws of main, then one draw of another distribution).
    const plan = fc.array(fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 2 })), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.string(), plan, (seed, steps) => {
        const v = new Variates(main, new Rng(seed));
        const oracle = new Rng(seed);
        for (const [n, which] of steps) {
          for (let k = 0; k < n; k++) expect(v.next()).toBe(main.sample(oracle));
          const other = others[which] ?? main;
          expect(v.sample(other)).toBe(other.sample(oracle));
          expect(v.sample(main)).toBe(main.sample(oracle));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('Rng.save and restore', () => {
  it('replays the same draws after a restore, across refills', () => {
    const rng = new Rng('v/save');
    for (let k = 0; k < 77; k++) rng.next();
    const state = new RngState();
    rng.save(state);
    const first = Array.from({ length: 500 }, () => rng.next());
    rng.restore(state);
    expect(Array.from({ length: 500 }, () => rng.next())).toEqual(first);
  });
});
