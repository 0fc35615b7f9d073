// Rng and streamSeed: determinism, stream independence, ranges, and uniformity within 4 standard errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/errors.js';
import { Rng, streamSeed } from '../../src/random/rng.js';

const N = 200_000;

function draws(rng: Rng, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(rng.next());
  return out;
}

describe('Rng', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        expect(draws(new Rng(seed), 20)).toEqual(draws(new Rng(seed), 20));
      }),
    );
  });

  it('gives different sequences for different stream names', () => {
    const a = draws(new Rng(streamSeed(7, 'arrivals')), 20);
    const b = draws(new Rng(streamSeed(7, 'session')), 20);
    const c = draws(new Rng(streamSeed(7, 'faults.0', 0)), 20);
    const d = draws(new Rng(streamSeed(7, 'faults.0', 1)), 20);
    for (const [x, y] of [
      [a, b],
      [a, c],
      [b, c],
      [c, d],
    ] as const) {
      expect(x.filter((v, i) => v === y[i])).toEqual([]);
    }
  });

  it('keeps the pinned xor4096 output for a fixed seed', () => {
    // Golden values: a change here means every saved result changes, so update deliberately.
    const rng = new Rng('42/golden');
    expect(rng.next()).toBe(0.32488686513049525);
    expect(rng.next()).toBe(0.28824424710839025);
    expect(rng.int(1000)).toBe(768);
    expect(rng.nextOpen()).toBe(0.9567281967249966);
  });

  it('keeps next() in [0, 1) and nextOpen() in (0, 1)', () => {
    const rng = new Rng('range');
    for (let i = 0; i < N; i++) {
      const u = rng.next();
      const v = rng.nextOpen();
      if (!(u >= 0 && u < 1 && v > 0 && v < 1)) expect.fail(`out of range: ${u}, ${v}`);
    }
  });

  it('has a uniform mean and variance within 4 standard errors (n = 200,000)', () => {
    const rng = new Rng('moments');
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < N; i++) {
      const u = rng.next();
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / N;
    // U(0,1): mean 1/2, sd sqrt(1/12); U² has mean 1/3 and variance 1/5 − 1/9 = 4/45.
    expect(Math.abs(mean - 0.5)).toBeLessThan((4 * Math.sqrt(1 / 12)) / Math.sqrt(N));
    expect(Math.abs(sumSq / N - 1 / 3)).toBeLessThan((4 * Math.sqrt(4 / 45)) / Math.sqrt(N));
  });

  it('draws int(n) in [0, n) with each value within 4 binomial standard errors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.string(), (n, seed) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 50; i++) {
          const k = rng.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
    const n = 7;
    const counts = new Array<number>(n).fill(0);
    const rng = new Rng('int');
    for (let i = 0; i < N; i++) counts[rng.int(n)]! += 1;
    const p = 1 / n;
    const tol = 4 * Math.sqrt(N * p * (1 - p));
    for (const c of counts) expect(Math.abs(c - N * p)).toBeLessThan(tol);
  });

  it('rejects int(n) unless n is an integer in [1, 2^32]', () => {
    const rng = new Rng('bad');
    for (const n of [0, -1, 1.5, NaN, Infinity, 2 ** 32 + 1]) {
      expect(() => rng.int(n)).toThrow(EngineError);
    }
    expect(rng.int(1)).toBe(0);
  });
});

describe('streamSeed', () => {
  it('joins seed, name and index with slashes', () => {
    expect(streamSeed(42, 'arrivals')).toBe('42/arrivals');
    expect(streamSeed('run-a', 'faults.1', 3)).toBe('run-a/faults.1/3');
  });

  it('gives distinct seeds for distinct (seed, name, index)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer(), fc.stringMatching(/^[^/]*$/), fc.option(fc.nat(), { nil: undefined })),
        fc.tuple(fc.integer(), fc.stringMatching(/^[^/]*$/), fc.option(fc.nat(), { nil: undefined })),
        (a, b) => {
          const same = a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
          expect(streamSeed(...a) === streamSeed(...b)).toBe(same);
        },
      ),
    );
  });

  it('rejects a slash in the seed or name, and a bad index', () => {
    expect(() => streamSeed('a/b', 'x')).toThrow(EngineError);
    expect(() => streamSeed(1, 'x/2')).toThrow(EngineError);
    expect(() => streamSeed(1, 'x', -1)).toThrow(EngineError);
    expect(() => streamSeed(1, 'x', 0.5)).toThrow(EngineError);
  });
});

describe('Rng against seedrandom', () => {
  it('draws exactly the words and doubles of seedrandom.xor4096', async () => {
    const { default: seedrandom } = await import('seedrandom');
    for (const seed of ['a', '7/arrivals', '12345/faults.0/3']) {
      const ours = new Rng(seed);
      const ref = seedrandom.xor4096(seed);
      for (let k = 0; k < 5000; k++) expect(ours.next()).toBe(ref.double());
      const ours2 = new Rng(seed);
      const ref2 = seedrandom.xor4096(seed);
      for (let k = 0; k < 5000; k++) expect(ours2.int(1000)).toBe((ref2.int32() >>> 0) % 1000);
    }
  });

  it('draws the same words when int() and next() interleave across buffer refills', async () => {
    const { default: seedrandom } = await import('seedrandom');
    const ours = new Rng('mix');
    const ref = seedrandom.xor4096('mix');
    // An odd number of words between doubles puts a double across every refill boundary.
    for (let k = 0; k < 3000; k++) {
      if (k % 3 === 0) expect(ours.int(7)).toBe((ref.int32() >>> 0) % 7);
      else expect(ours.next()).toBe(ref.double());
    }
  });
});
