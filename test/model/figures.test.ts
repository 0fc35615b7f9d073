// The catalogue of figures against real outputs: every leaf of every shipped scenario's summary.json
// (single run, 3 replications, and the same merged from two shards) names exactly one declaration, and
// every declaration names a leaf of one of them or of the warm-up fixture.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimConfig } from '../../src/model/config.js';
import { finishRun } from '../../src/experiment/replications/finish-run.js';
import { replicationPlan } from '../../src/experiment/replications/replications.js';
import { runTasks } from '../../src/experiment/run/task-runner.js';
import { collectPartials, fingerprint, writePartial } from '../../src/experiment/shards/partial.js';
import { shardIndices } from '../../src/experiment/shards/shard.js';
import { loadScenario } from '../../src/scenario/load.js';
import { TIMELINE_COLUMNS } from '../../src/model/figures/timeline-columns.js';
import { tempDir } from '../helpers.js';
import {
  DECLARED,
  leaves,
  replicatedMatches,
  singleMatches,
  withLists,
  type Declared,
} from './figure-leaves.js';

const SCENARIOS = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** A single run's summary of each shipped scenario, as the golden test checks them against fresh runs. */
const singles = SCENARIOS.map((f) => {
  const golden = JSON.parse(
    readFileSync(join('test', 'golden', 'outputs', `${basename(f, '.yaml')}.json`), 'utf8'),
  ) as { summary: unknown };
  return { name: f, summary: golden.summary };
});

/** summary.json of 3 replications, unsharded and merged from shards 0/2 and 1/2 of the same results. */
async function replicated(config: SimConfig, warmupS: number | null): Promise<[unknown, unknown]> {
  const { meta, tasks } = replicationPlan(config, 3, warmupS);
  const { results } = await runTasks(tasks, { workers: 1 });
  const dir = tempDir();
  await finishRun(meta, results, join(dir, 'whole'));
  const shards = [0, 1].map((index) => join(dir, `s${index}`));
  shards.forEach((d, index) => {
    const shard = { index, count: 2 };
    const mine = shardIndices(tasks.count, shard).map((i) => results[i]);
    writePartial(d, meta, fingerprint(meta, tasks), shard, mine as never, config);
  });
  const parts = collectPartials(shards);
  if (parts.meta.kind !== 'run') throw new Error('not the shards of a run');
  await finishRun(parts.meta, parts.results, join(dir, 'merged'));
  const read = (d: string): unknown => JSON.parse(readFileSync(join(dir, d, 'summary.json'), 'utf8'));
  return [read('whole'), read('merged')];
}

const replicatedRuns: { name: string; summary: unknown }[] = [];

beforeAll(async () => {
  for (const f of SCENARIOS) {
    const [whole, merged] = await replicated(await loadScenario(join('scenarios', f)), null);
    replicatedRuns.push(
      { name: `${f} --replications 3`, summary: whole },
      { name: `${f} merged`, summary: merged },
    );
  }
  // The warm-up fixture: steady-state means of every timeline column, messages and compliance included.
  const warm = await loadScenario(join('scenarios', 'compliance-outage.yaml'), { warmup: 3600 });
  const [whole] = await replicated(warm, 3600);
  replicatedRuns.push({ name: 'compliance-outage.yaml --replications 3 --warmup 1h', summary: whole });
}, 240_000);

const show = (path: readonly string[]): string => path.join('.').replace(/\.\[\]/g, '[]');
const names = (list: readonly Declared[]): string[] => list.map((d) => d.name);

describe('the catalogue of figures', () => {
  it("names every leaf of every shipped scenario's single-run summary exactly once", () => {
    const bad: string[] = [];
    for (const s of singles)
      for (const leaf of leaves(s.summary)) {
        const m = singleMatches(leaf);
        if (m.length !== 1) bad.push(`${s.name}: ${show(leaf)} → ${JSON.stringify(names(m))}`);
      }
    expect(bad).toEqual([]);
  });

  it('names every leaf of their replicated and merged summaries exactly once', () => {
    expect(replicatedRuns.length).toBe(2 * SCENARIOS.length + 1);
    const bad: string[] = [];
    for (const s of replicatedRuns)
      for (const leaf of leaves(s.summary)) {
        const m = replicatedMatches(leaf, s.summary);
        if (m.length !== 1) bad.push(`${s.name}: ${show(leaf)} → ${JSON.stringify(names(m))}`);
      }
    expect(bad).toEqual([]);
  });

  it('declares nothing that no output has', () => {
    // The sample time is timeline.csv's first column; the steady-state means leave it out, and the
    // running totals (refusals and messages so far).
    const used = new Set<string>([
      'column time_s',
      ...TIMELINE_COLUMNS.filter((c) => c.cumulative === true).map((c) => `column ${c.name}`),
    ]);
    const use = (list: readonly Declared[]): void =>
      list.forEach((d) => withLists(d).forEach((n) => used.add(n)));
    for (const s of singles) for (const leaf of leaves(s.summary)) use(singleMatches(leaf));
    for (const s of replicatedRuns)
      for (const leaf of leaves(s.summary)) use(replicatedMatches(leaf, s.summary));
    expect(DECLARED.map((d) => d.name).filter((n) => !used.has(n))).toEqual([]);
  });

  it('tells a leaf that no declaration names, and one two declarations name', () => {
    expect(names(singleMatches(['signIns', 'blockingRate']))).toEqual([]);
    expect(names(singleMatches(['servers', 'pc1', 'peak']))).toEqual(['servers.*.peak']);
    expect(names(replicatedMatches(['metrics', 'recovery_s', 'count', 'mean'], {}))).toEqual([
      'recovery_s.count',
    ]);
    expect(names(replicatedMatches(['metrics', 'recovery_s', 'mean'], {}))).toEqual(['recovery_s.mean']);
    expect(names(replicatedMatches(['metrics', 'outages', 'count', 'ci95', '[]'], {}))).toEqual(['outages']);
  });
});
