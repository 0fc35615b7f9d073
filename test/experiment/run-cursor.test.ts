// The run seam: the sample schedule, budgeted chunks that change nothing, yielding during a long run,
// and run / replicate / simulate giving the same figures because they all step the same cursor.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runReplication, runReplicationPaced } from '../../src/experiment/run/replicate.js';
import { RunCursor, type RunTick } from '../../src/experiment/run/run-cursor.js';
import { SampleSchedule } from '../../src/experiment/run/sample-schedule.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import { runTasks } from '../../src/experiment/run/task-runner.js';
import { summarise } from '../../src/model/summary.js';
import { loadScenarioFile, scenarioFromObject } from '../../src/scenario/load.js';
import { runConfig } from '../helpers.js';

/** Churn, random failures and promotions over six days, sampled once at the start and once at the end. */
const LONG = `name: long
seed: 9
duration: 6d
sampleEvery: 6d
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 3000
      servers: [{ name: a }, { name: b }, { name: c }, { name: s, role: standby }]
workload:
  arrivals: { rate: 1 }
  session: { dist: exponential, mean: 1h }
  initialConnected: 3600
faults:
  - { random: { servers: all, mtbf: { dist: exponential, mean: 4h }, mttr: { dist: exponential, mean: 30m } } }
failover: { promoteStandbyAfter: 10m }
`;

/** Records the wall-clock gaps between event-loop turns until stopped. */
function turnWatch(): { stop: () => number[] } {
  const turns: number[] = [performance.now()];
  let on = true;
  const again = (): void => {
    if (!on) return;
    turns.push(performance.now());
    setImmediate(again);
  };
  setImmediate(again);
  return {
    stop: () => {
      on = false;
      turns.push(performance.now());
      return turns.slice(1).map((t, i) => t - (turns[i] as number));
    },
  };
}

describe('sample schedule', () => {
  it('samples every interval from 0 and at the end of the run', () => {
    const s = new SampleSchedule({ durationS: 1000, sampleEveryS: 300 });
    expect(Array.from({ length: s.count }, (_, k) => s.timeAt(k))).toEqual([0, 300, 600, 900, 1000]);
    const even = new SampleSchedule({ durationS: 3600, sampleEveryS: 600 });
    expect(even.count).toBe(7);
    expect(even.timeAt(6)).toBe(3600);
  });

  it('computes the k-th time of a schedule of 8.64e11 samples without building it', () => {
    const s = new SampleSchedule({ durationS: 86_400 * 10_000, sampleEveryS: 0.001 });
    expect(s.count).toBe(864_000_000_001);
    expect(s.timeAt(s.count - 1)).toBe(864_000_000);
    expect(s.timeAt(1)).toBe(0.001);
  });
});

describe('run cursor', () => {
  it('gives the same rows and summary in chunks of 7 events and 3 samples as in one go', () => {
    const config = loadScenarioFile('scenarios/compliance-outage.yaml', { duration: '6h' });
    const straight = new RunCursor(config);
    const rows: number[][] = [];
    expect(straight.advance(Infinity, Infinity, (r) => rows.push(Array.from(r)))).toBe(true);
    const chunked = new RunCursor(config);
    const chunkRows: number[][] = [];
    let calls = 0;
    while (!chunked.advance(7, 3, (r, k) => (chunkRows[k] = Array.from(r)))) calls++;
    expect(calls).toBeGreaterThan(100);
    expect(chunkRows).toEqual(rows);
    expect(rows).toHaveLength(straight.schedule.count);
    expect(summarise(chunked.world)).toEqual(summarise(straight.world));
  });

  it('yields to the event loop during a run with one sample interval, and reports progress', async () => {
    const config = scenarioFromObject(parse(LONG), 'long.yaml');
    const ticks: RunTick[] = [];
    const watch = turnWatch();
    const started = performance.now();
    await runConfig(config).then(() => undefined);
    const gaps = watch.stop();
    const wallMs = performance.now() - started;
    expect(wallMs).toBeGreaterThan(200);
    // A run that never yielded would show one gap as long as the run (the seam yields every 50 ms; how
    // soon an interrupt is served is interrupts.test.ts's promise, timed there).
    expect(Math.max(...gaps)).toBeLessThan(wallMs / 2);
    const cursor = new RunCursor(config);
    expect(cursor.tick()).toEqual({ simulatedS: 0, events: 0, durationS: 518_400 });
    await runReplicationPaced({ index: 0, config, timeline: false, events: false, warmupS: null }, (t) =>
      ticks.push(t),
    );
    expect(ticks.length).toBeGreaterThan(1);
    for (let i = 1; i < ticks.length; i++) {
      expect((ticks[i] as RunTick).simulatedS).toBeGreaterThanOrEqual((ticks[i - 1] as RunTick).simulatedS);
      expect((ticks[i] as RunTick).events).toBeGreaterThan((ticks[i - 1] as RunTick).events);
    }
  });

  it('yields in the in-thread replication path without a progress callback (--quiet)', async () => {
    const config = scenarioFromObject(parse(LONG), 'long.yaml');
    const watch = turnWatch();
    const started = performance.now();
    await runTasks([{ index: 0, config, timeline: false, events: false, warmupS: null }], { workers: 1 });
    const gaps = watch.stop();
    const wallMs = performance.now() - started;
    expect(wallMs).toBeGreaterThan(200);
    expect(Math.max(...gaps)).toBeLessThan(wallMs / 2);
  });

  it('yields between short runs in this thread as a long run does inside', async () => {
    // Runs of a few events each: none lasts a turn of 50 ms, yet the experiment never blocks the loop.
    const short = `name: short
duration: 10m
sampleEvery: 10m
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a } ] } ] }
workload: { arrivals: { rate: 0.1 }, session: { dist: exponential, mean: 5m }, initialConnected: 20 }
`;
    const config = scenarioFromObject(parse(short), 'short.yaml');
    const tasks = Array.from({ length: 3000 }, (_, i) => ({
      index: i,
      config,
      timeline: false,
      events: false,
      warmupS: null,
    }));
    const watch = turnWatch();
    const started = performance.now();
    await runTasks(tasks, { workers: 1 });
    const gaps = watch.stop();
    const wallMs = performance.now() - started;
    expect(wallMs).toBeGreaterThan(200);
    expect(Math.max(...gaps)).toBeLessThan(Math.min(1000, wallMs / 2));
  });

  it('makes simulate, a replication and a run give the same summary, messages included', async () => {
    const config = loadScenarioFile('scenarios/compliance-outage.yaml');
    const plain = await runConfig(config);
    const task = { index: 0, config, timeline: true, events: true, warmupS: 3600 };
    const rep = runReplication(task);
    const paced = await runReplicationPaced(task);
    expect(`${JSON.stringify(rep.summary, null, 2)}\n`).toBe(plain.summaryJson);
    expect(`${JSON.stringify(simulate(config), null, 2)}\n`).toBe(plain.summaryJson);
    expect(paced).toEqual(rep);
    const timelineRows = plain.timeline.trim().split('\n').slice(1);
    const cols = (timelineRows[0] as string).split(',').length;
    expect(rep.timeline?.length).toBe(timelineRows.length * cols);
  });
});
