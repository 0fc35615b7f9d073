// Shared by the theory checks: light settings for `npm test`, tight ones for `npm run validate`
// (PCHAT_SIM_VALIDATE=1), independent replications, and the printed closed form vs estimate.
import { expect } from 'vitest';
import { confidenceInterval, type Interval } from '../../src/stats/student-t.js';

/** True under `npm run validate`: more and longer replications, so narrower intervals. */
export const TIGHT = process.env['PCHAT_SIM_VALIDATE'] === '1';

/** The light value in `npm test`, the tight one under `npm run validate`. */
export function pick<T>(light: T, tight: T): T {
  return TIGHT ? tight : light;
}

/** Each check's overall confidence; split over its comparisons (Bonferroni) when it makes several. */
export const FAMILY_LEVEL = 0.99;

/** Replication k uses seed BASE_SEED + k: fixed, so every run of a check is deterministic. */
const BASE_SEED = 1000;

/** Runs `measure` on replications 0..n-1 and returns each one's value(s). */
export function replicate<T>(n: number, measure: (seed: number) => T): T[] {
  return Array.from({ length: n }, (_, k) => measure(BASE_SEED + k));
}

/**
 * Asserts the closed form lies inside the Student t interval of the replications at `level`, and
 * that the interval is narrower than `maxHalfWidth` (else the check could not fail). Prints all three.
 */
export function expectInside(
  label: string,
  closed: number,
  values: readonly number[],
  level: number,
  maxHalfWidth: number,
): Interval {
  const ci = confidenceInterval(values, level);
  const pct = (level * 100).toPrecision(4).replace(/\.?0+$/, '');
  console.log(
    `${label}: closed form ${fmt(closed)}; estimate ${fmt(ci.mean)} [${fmt(ci.lo)}, ${fmt(ci.hi)}] (${pct}%, ${ci.n} replications${TIGHT ? ', tight' : ''})`,
  );
  expect(ci.hi - ci.mean, `${label}: interval half-width`).toBeLessThan(maxHalfWidth);
  expect(closed, `${label}: closed form vs interval`).toBeGreaterThanOrEqual(ci.lo);
  expect(closed, `${label}: closed form vs interval`).toBeLessThanOrEqual(ci.hi);
  return ci;
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(5);
}
