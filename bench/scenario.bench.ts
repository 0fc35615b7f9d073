// Section 2, whole scenarios: each bench scenario runs in a child process (in memory, then streamed
// to files) so its peak RSS is its own; an `empty` child (same imports, scenario loaded, no run)
// gives the baseline that bytes per user are counted above.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';
import type { ChildReport } from './scenario-child.js';

/** One row of section 2 (medians over runs). */
export interface ScenarioBenchRow {
  /** Scenario file name without the extension, with `@duration` when the duration is overridden. */
  scenario: string;
  /** `memory`: simulate() with no output; `files`: runScenario() writing timeline/events/summary. */
  mode: 'memory' | 'files';
  users: number;
  events: number;
  wallS: number;
  eventsPerS: number;
  peakRssMB: number;
  /** Peak RSS of the empty child (Node, the modules, the scenario loaded). */
  emptyRssMB: number;
  /** (peak RSS − empty RSS) / users. */
  bytesPerUser: number;
}

/** The bench scenarios, in bench/scenarios/, in the order of the issue: (a) then (b). */
export const BENCH_SCENARIOS = ['year-80k', 'million-week'] as const;
/** Scenario (a) cut to a fifth of its length: streamed to files, its peak RSS should match (a)'s. */
const SHORT_RUN = { scenario: 'year-80k', duration: '73d' } as const;

const MB = 1024 * 1024;

/** Path of a bench scenario; from dist-bench/bench/ the sources are two folders up. */
function scenarioPath(name: string): string {
  return fileURLToPath(new URL(`../../bench/scenarios/${name}.yaml`, import.meta.url));
}

/** Runs the child for one scenario and mode; the child prints one JSON line last. */
function runChild(name: string, mode: ChildReport['mode'], duration?: string): ChildReport {
  const child = fileURLToPath(new URL('./scenario-child.js', import.meta.url));
  const args = [child, scenarioPath(name), mode, ...(duration === undefined ? [] : [duration])];
  const out = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * MB,
  });
  const last = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as ChildReport;
}

/** Median row of `runs` child runs of one scenario and mode. */
function measure(
  name: string,
  mode: 'memory' | 'files',
  runs: number,
  emptyRss: number,
  duration?: string,
): ScenarioBenchRow {
  const reports = Array.from({ length: runs }, () => runChild(name, mode, duration));
  const first = reports[0] as ChildReport;
  const peak = median(reports.map((r) => r.peakRssBytes));
  const wallS = median(reports.map((r) => r.wallS));
  return {
    scenario: duration === undefined ? name : `${name}@${duration}`,
    mode,
    users: first.users,
    events: first.events,
    wallS,
    eventsPerS: median(reports.map((r) => r.events / r.wallS)),
    peakRssMB: peak / MB,
    emptyRssMB: emptyRss / MB,
    bytesPerUser: (peak - emptyRss) / first.users,
  };
}

/**
 * Section 2: every bench scenario, in memory and streamed to files, plus (a) cut to a fifth of its
 * length, `runs` times each (one child process per run). Runs are deterministic, so every run of a
 * row fires the same events.
 * @param onRow - called as each row completes (the runs take a while).
 */
export function benchScenarios(
  runs: number,
  onRow: (row: ScenarioBenchRow) => void = () => undefined,
): ScenarioBenchRow[] {
  const rows: ScenarioBenchRow[] = [];
  const add = (row: ScenarioBenchRow): void => {
    rows.push(row);
    onRow(row);
  };
  for (const name of BENCH_SCENARIOS) {
    const emptyRss = median(Array.from({ length: runs }, () => runChild(name, 'empty').peakRssBytes));
    for (const mode of ['memory', 'files'] as const) add(measure(name, mode, runs, emptyRss));
    if (name === SHORT_RUN.scenario) add(measure(name, 'files', runs, emptyRss, SHORT_RUN.duration));
  }
  return rows;
}
