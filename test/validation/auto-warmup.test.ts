import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReplications } from '../../src/experiment/replications/replications.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { erlangB } from '../../src/stats/erlang.js';
import { tempDir } from '../helpers.js';

// An Erlang loss system started empty: 40 places (2 servers, an explicit admission limit of 20 each),
// Poisson sign-ins at 0.36/s and exponential sessions of mean 100 s (36 erlangs offered), no retries,
// 1,000 s runs sampled every 10 s. Its blocking is Erlang B(40, 36) ≈ 0.0654 once in steady state; from
// empty it starts at 0, so the whole run's blocking is too low. `warmup: auto` over 100 replications
// (a pilot pass, MSER-5 on the replication-averaged connected users, then the runs with that warm-up)
// must give blocking within 2.6 standard errors (of the replications' mean) of Erlang B, and the very
// same runs with no warm-up must not: the check can fail, and fails without the method. The same
// settings in `npm test` and `npm run validate` (a few seconds).
const PLACES = 40;
const ERLANGS = 36;
const REPLICATIONS = 100;
const Z = 2.6;

function scenario(warmup: number | 'auto'): unknown {
  return {
    name: 'loss-from-empty',
    seed: 7,
    duration: 1000,
    sampleEvery: 10,
    warmup,
    topology: {
      edition: 'enterprise',
      pools: [{ name: 'p', admissionLimitPerServer: 20, servers: [{ name: 'a' }, { name: 'b' }] }],
    },
    workload: {
      arrivals: { rate: 0.36 },
      session: { dist: 'exponential', mean: 100 },
      initialConnected: 0,
      retry: { maxAttempts: 0 },
    },
  };
}

/** Each replication's blocking, read from replications.csv of the replicated run; and its warm-up. */
async function blocking(warmup: number | 'auto'): Promise<{ values: number[]; warmupS: number }> {
  const dir = tempDir();
  const config = scenarioFromObject(scenario(warmup), 'loss-from-empty');
  await runReplications(config, dir, { replications: REPLICATIONS, workers: 1, shard: null, warmupS: null });
  const [header, ...rows] = readFileSync(join(dir, 'replications.csv'), 'utf8').trim().split('\n');
  const col = (header ?? '').split(',').indexOf('signIns.blocking');
  const values = rows.map((r) => Number(r.split(',')[col]));
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { warmup_s: number | null };
  return { values, warmupS: summary.warmup_s ?? 0 };
}

/** The replications' mean blocking in standard errors from Erlang B. */
function zScore(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return (mean - erlangB(PLACES, ERLANGS)) / (sd / Math.sqrt(n));
}

describe('warmup: auto against Erlang B from an empty start', () => {
  it(`gives Erlang B(${PLACES}, ${ERLANGS}) within ${Z} standard errors, and no warm-up does not`, async () => {
    const auto = await blocking('auto');
    const none = await blocking(0);
    const zAuto = zScore(auto.values);
    const zNone = zScore(none.values);
    console.log(
      `Erlang B(${PLACES}, ${ERLANGS}) = ${erlangB(PLACES, ERLANGS).toPrecision(4)}; ${REPLICATIONS} replications of 1,000 s from empty: warmup auto (${auto.warmupS} s) ${zAuto.toFixed(2)} SE, no warm-up ${zNone.toFixed(2)} SE`,
    );
    expect(auto.values).toHaveLength(REPLICATIONS);
    expect(auto.warmupS).toBeGreaterThan(0);
    expect(Math.abs(zAuto)).toBeLessThanOrEqual(Z);
    expect(Math.abs(zNone)).toBeGreaterThan(Z);
  });
});
