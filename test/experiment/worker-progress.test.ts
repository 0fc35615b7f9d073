// Runs on worker threads say how far they are while they run. Worker threads need compiled JavaScript,
// so this test drives the built runner (dist/, rebuilt first when stale) as the CLI does.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Replicate from '../../src/experiment/run/replicate.js';
import type * as Runner from '../../src/experiment/run/task-runner.js';
import type { Progress } from '../../src/experiment/run/task-runner.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { ensureBuilt } from '../cli/built-cli.js';

/** A module of the built dist/, by its path under src/. */
async function built<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(resolve('dist', path)).href)) as T;
}

let runner: typeof Runner;
let replicate: typeof Replicate;

beforeAll(async () => {
  ensureBuilt();
  runner = await built('experiment/run/task-runner.js');
  replicate = await built('experiment/run/replicate.js');
}, 200_000);

describe('progress of runs on worker threads', () => {
  it('moves while the runs go, before any has ended, and leaves their results as unwatched', async () => {
    // About a second of simulation per run: long enough for several readings, short for a test.
    const config = loadScenarioFile('scenarios/db-mirror-witness.yaml');
    const tasks = replicate.replicationTasks([config], 2, { timeline: true, events: true, warmupS: null });
    const seen: Progress[] = [];
    const watched = await runner.runTasks(tasks, { workers: 2, onProgress: (p) => seen.push(p) });
    expect(watched.threads).toBe(2);
    const inRun = seen.filter((p) => p.done === 0 && p.running !== undefined);
    expect(inRun.length, 'readings before the first run ended').toBeGreaterThan(0);
    for (const p of inRun) {
      const r = p.running as NonNullable<Progress['running']>;
      expect(r.runs).toBeGreaterThanOrEqual(1);
      expect(r.runs).toBeLessThanOrEqual(2);
      expect(r.events).toBeGreaterThan(0);
      expect(p.events).toBe(r.events);
      expect(p.simulatedS).toBe(r.simulatedS);
      expect(r.simulatedS).toBeLessThan(r.durationS);
      expect(r.durationS).toBe(r.runs * config.durationS);
    }
    seen.forEach((b, i) => {
      const a = seen[Math.max(0, i - 1)] as Progress;
      expect(b.simulatedS).toBeGreaterThanOrEqual(a.simulatedS);
      expect(b.events).toBeGreaterThanOrEqual(a.events);
    });
    // The first replication as the main thread runs it, watched by nobody: the same result.
    const alone = await runner.runTasks(tasks.slice(0, 1), { workers: 1 });
    const [w, a] = [watched.results[0], alone.results[0]];
    expect(w?.summary).toEqual(a?.summary);
    expect(w?.events).toEqual(a?.events);
    expect(Array.from(w?.timeline ?? [])).toEqual(Array.from(a?.timeline ?? [null]));
  });
});
