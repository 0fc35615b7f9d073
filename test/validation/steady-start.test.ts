import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RunCursor, runToEnd } from '../../src/experiment/run/run-cursor.js';
import { summarise, type Summary } from '../../src/model/summary.js';
import { loadScenario, scenarioFromObject } from '../../src/scenario/load.js';
import { expectInside, FAMILY_LEVEL, pick, replicate } from './replicate.js';

// A closed population starting in steady state by default (scenarios/closed-workday.yaml): 150,000
// users with lognormal 8 h sessions and lognormal 16 h off-times (sd 2 h each), 50,000 of them on at
// t = 0 = population × E[session] / (E[session] + E[offTime]). Users on at t = 0 get residual sessions
// and users off residual off-times (initialSessions: residual), so every sample of `connected` stays
// near 50,000. With whole off-times the 100,000 users off at t = 0 came back in one wave: seed 1 went
// from 819 to 80,000 connected, 7.8% of sign-ins refused, 37,964 users lost. Its time average, over
// replications, is 50,000.
const BAND: readonly [number, number] = [47_500, 52_500];
const EXPECTED = (150_000 * 8) / (8 + 16);

interface Run {
  summary: Summary;
  connected: number[];
}

/** Runs `doc` (the scenario file's object, the seed replaced) and keeps every sample of `connected`. */
function run(doc: Record<string, unknown>, seed: number, extra: Record<string, unknown> = {}): Run {
  const cursor = new RunCursor(scenarioFromObject({ ...doc, seed, ...extra }, 'closed-workday.yaml'));
  const connected: number[] = [];
  const column = cursor.world.timelineColumns().indexOf('connected');
  runToEnd(
    cursor,
    (row) => connected.push(row[column] as number),
    () => cursor.world.log.drain(),
  );
  const summary = summarise(cursor.world);
  cursor.world.discard();
  return { summary, connected };
}

describe('a closed population starts in steady state by default', () => {
  const doc = parse(readFileSync('scenarios/closed-workday.yaml', 'utf8')) as Record<string, unknown>;
  // Light: 3 replications of the scenario's 3 days; tight: 12.
  const runs = replicate(pick(3, 12), (seed) => run(doc, seed));

  it(`keeps every sample of connected within [${BAND.join(', ')}], refusing and losing nobody`, async () => {
    const shipped = (await loadScenario('scenarios/closed-workday.yaml')).seed;
    for (const r of [run(doc, shipped), ...runs]) {
      expect(Math.min(...r.connected)).toBeGreaterThanOrEqual(BAND[0]);
      expect(Math.max(...r.connected)).toBeLessThanOrEqual(BAND[1]);
      expect([r.summary.signIns.denied, r.summary.signIns.gaveUp, r.summary.users.lost]).toEqual([0, 0, 0]);
    }
  });

  it('has a time-average of connected users of population × E[on] / (E[on] + E[off])', () => {
    const means = runs.map((r) => r.summary.connected.mean);
    expectInside('closed-workday connected (time average)', EXPECTED, means, FAMILY_LEVEL, 0.01 * EXPECTED);
  });

  it('keeps whole off-times with initialSessions: fresh, whose returns come in a wave', () => {
    const workload = { ...(doc['workload'] as object), initialSessions: 'fresh' };
    const fresh = run(doc, 1, { duration: '1d', workload });
    expect(Math.max(...fresh.connected) - Math.min(...fresh.connected)).toBeGreaterThan(20_000);
  });
});
