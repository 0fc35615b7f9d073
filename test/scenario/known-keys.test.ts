import { describe, expect, it } from 'vitest';
import { didYouMean, distance } from '../../src/scenario/known-keys.js';

describe('distance', () => {
  it('counts a swap of two adjacent characters as one edit', () => {
    expect(distance('sede', 'seed')).toBe(1);
    expect(distance('ab', 'ba')).toBe(1);
    expect(distance('duraiton', 'duration')).toBe(1);
  });

  it('counts insertions, deletions and substitutions as Levenshtein does', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('', 'abc')).toBe(3);
    expect(distance('seed', 'seed')).toBe(0);
    expect(distance('replicatoins', 'replications')).toBe(1);
  });

  it('is optimal string alignment: a swapped pair is not edited again', () => {
    // Unrestricted Damerau gives 2 (ca → ac → abc); OSA may not insert between a swapped pair.
    expect(distance('ca', 'abc')).toBe(3);
  });
});

describe('didYouMean', () => {
  const options = ['seed', 'out', 'duration', 'warmup', 'quiet', 'force', 'yes', 'replications', 'workers'];

  it('suggests the option a transposition came from', () => {
    expect(didYouMean('sede', options)).toBe('seed');
    expect(didYouMean('wramup', options)).toBe('warmup');
  });

  it('suggests nothing for unrelated words', () => {
    expect(didYouMean('banana', options)).toBeUndefined();
    expect(didYouMean('verbose', options)).toBeUndefined();
    expect(didYouMean('xyz', options)).toBeUndefined();
  });
});
