// Test helpers: run a scenario (object or file) into a fresh temporary folder and read its outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { runScenario, type RunResult } from '../src/experiment/run/run-scenario.js';
import { ChatWorld } from '../src/model/chat-world.js';
import type { SimConfig } from '../src/model/config.js';
import { ScenarioError } from '../src/errors.js';
import { loadScenario, parseScenarioText, scenarioFromObject } from '../src/scenario/load.js';
import { makeTempDir } from './temp-dirs.js';

export interface RunOutput extends RunResult {
  dir: string;
  timeline: string;
  events: string;
  summaryJson: string;
}

/** A fresh temporary folder, removed after the test file (test/setup.ts). */
export function tempDir(prefix = 'pchat-sim-test-'): string {
  return makeTempDir(prefix);
}

export async function runConfig(config: SimConfig, dir = tempDir()): Promise<RunOutput> {
  const result = await runScenario(config, dir);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    ...result,
    dir,
    timeline: read('timeline.csv'),
    events: read('events.csv'),
    summaryJson: read('summary.json'),
  };
}

export function runObject(doc: unknown): Promise<RunOutput> {
  return runConfig(scenarioFromObject(doc, 'inline.yaml'));
}

export async function runFile(file: string): Promise<RunOutput> {
  return runConfig(await loadScenario(file));
}

/** CSV text → rows of cells (no quoting needed for the numeric timeline). */
export function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

/** The one-line messages a scenario object produces when loaded as `x.yaml`, or [] if it loads. */
export function scenarioProblems(doc: unknown): string[] {
  try {
    parseScenarioText(JSON.stringify(doc), 'x.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.message.split('\n');
  }
}

/**
 * `body`'s result and how many simulated worlds it started in this thread: `worlds: 0` shows that a
 * command refused before anything ran, whatever the machine's speed (no wall-clock bound needed).
 */
export async function countWorlds<T>(body: () => Promise<T>): Promise<{ result: T; worlds: number }> {
  const start = vi.spyOn(ChatWorld.prototype, 'start');
  try {
    const result = await body();
    return { result, worlds: start.mock.calls.length };
  } finally {
    start.mockRestore();
  }
}
