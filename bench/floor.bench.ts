// Floor section: how fast any model of a scenario's closed population can go on this
// engine, measured rather than argued: the engine with the model's user records, then with the
// model's own draws too (floor-child.ts), each against the bare flatqueue hold loop at the same n,
// the three alternating in child processes so the ratios see the same machine load.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FlatReport } from './flat-child.js';
import { median } from './median.js';
import { populationOf, runFlat, scenarioPath } from './model.bench.js';

/** What the floor children run (see floor-child.ts). */
export const FLOOR_MODES = ['records', 'draws'] as const;
export type FloorMode = (typeof FLOOR_MODES)[number];

/** What a floor child reports: a flatqueue child's figures, n being the users (one pending event each). */
export interface FloorReport extends FlatReport {
  mode: FloorMode;
}

/** One row of the floor section (medians over runs; ratios are medians of paired ratios). */
export interface FloorBenchRow {
  scenario: string;
  mode: FloorMode;
  users: number;
  /** Events per CPU second of the child over its timed events. */
  eventsPerCpuS: number;
  /** The flatqueue hold loop at n = users, events per CPU second. */
  flatEventsPerCpuS: number;
  /** Median over runs of (events per CPU s) / (flatqueue's events per CPU s of the same round). */
  cpuRatio: number;
}

/** The scenario whose missed targets the floor bounds. */
export const FLOOR_SCENARIO = 'year-150k';

function runFloor(name: string, mode: FloorMode): FloorReport {
  const out = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./floor-child.js', import.meta.url)), scenarioPath(name), mode],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (out.status !== 0) throw new Error(`floor-child ${name} ${mode} exited with ${out.status}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as FloorReport;
}

/** `runs` rounds of (flatqueue, records, draws) children at n = the scenario's users. */
export function benchFloor(runs: number, name = FLOOR_SCENARIO): FloorBenchRow[] {
  const users = populationOf(name);
  const flat: FlatReport[] = [];
  const floors = new Map<FloorMode, FloorReport[]>(FLOOR_MODES.map((m) => [m, []]));
  for (let i = 0; i < runs; i++) {
    flat.push(runFlat(users, false));
    for (const m of FLOOR_MODES) floors.get(m)?.push(runFloor(name, m));
  }
  return FLOOR_MODES.map((mode) => {
    const rs = floors.get(mode) ?? [];
    return {
      scenario: name,
      mode,
      users,
      eventsPerCpuS: median(rs.map((r) => r.eventsPerCpuS)),
      flatEventsPerCpuS: median(flat.map((f) => f.eventsPerCpuS)),
      cpuRatio: median(rs.map((r, i) => r.eventsPerCpuS / (flat[i] as FlatReport).eventsPerCpuS)),
    };
  });
}
