// Child process of section 2: runs one bench scenario in memory or streamed to files, alone in its
// process so the peak RSS is its own, and prints one JSON line. Mode `empty` loads and stops.
// An optional third argument overrides the scenario's duration (e.g. 73d).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/experiment/run/run-scenario.js';
import { simulate } from '../src/experiment/run/simulate.js';
import { loadScenarioFile } from '../src/scenario/load.js';

/** What the child reports; sizes in bytes, times in seconds. */
export interface ChildReport {
  mode: 'memory' | 'files' | 'empty';
  /** Users of the scenario: the closed population, else those on at t = 0. */
  users: number;
  events: number;
  wallS: number;
  peakRssBytes: number;
}

/** Modes: `memory` = simulate(); `files` = runScenario() into a temporary folder, then removed. */
export const CHILD_MODES = ['memory', 'files', 'empty'] as const;

async function main(
  file: string,
  mode: ChildReport['mode'],
  duration: string | undefined,
): Promise<ChildReport> {
  const config = loadScenarioFile(file, duration === undefined ? {} : { duration });
  const users = config.workload.population ?? config.workload.initialConnected;
  if (mode === 'empty') return { mode, users, events: 0, wallS: 0, peakRssBytes: peakRss() };
  const dir = mode === 'files' ? mkdtempSync(join(tmpdir(), 'pchat-bench-')) : '';
  try {
    const started = performance.now();
    const summary = mode === 'memory' ? simulate(config) : (await runScenario(config, dir)).summary;
    const wallS = (performance.now() - started) / 1000;
    return { mode, users, events: summary.events_processed, wallS, peakRssBytes: peakRss() };
  } finally {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak resident set size of this process so far; resourceUsage reports KiB. */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

const [file, mode, duration] = process.argv.slice(2);
if (file === undefined || !CHILD_MODES.includes(mode as ChildReport['mode'])) {
  process.stderr.write(`usage: scenario-child.js <scenario.yaml> <${CHILD_MODES.join('|')}> [duration]\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await main(file, mode as ChildReport['mode'], duration))}\n`);
