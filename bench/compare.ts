// `npm run bench -- --compare bench/results.json`: the change of every figure against a saved
// results file (the committed one), instead of timed unit tests as a regression guard.
import { readFileSync } from 'node:fs';
import type { AllocRow } from './alloc.bench.js';
import type { EngineBenchRow } from './engine.bench.js';
import type { FloorBenchRow } from './floor.bench.js';
import type { ModelBenchRow } from './model.bench.js';
import { table } from './report.js';
import type { ScenarioBenchRow } from './scenario.bench.js';
import type { ThreadsBenchRow } from './threads.bench.js';

/** bench/results.json. */
export interface BenchResults {
  command: string;
  node: string;
  cpu: string;
  cores: number;
  date: string;
  hold: EngineBenchRow[];
  scenarios: ScenarioBenchRow[];
  allocation: AllocRow[];
  /** Whole-model rows; absent from results files written before the section existed. */
  model?: ModelBenchRow[];
  /** Floor rows; absent from results files written before the section existed. */
  floor?: FloorBenchRow[];
  /** Second-thread rows; absent from results files written before the section existed. */
  threads?: ThreadsBenchRow[];
}

/** Reads a results file. @throws Error naming the file if it is missing or not a results file. */
export function readResults(file: string): BenchResults {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read a bench results file (${(e as Error).message})`);
  }
  const r = data as Partial<BenchResults>;
  if (
    typeof r !== 'object' ||
    r === null ||
    !Array.isArray(r.hold) ||
    !Array.isArray(r.scenarios) ||
    !Array.isArray(r.allocation)
  ) {
    throw new Error(`${file}: not a bench results file (expected hold, scenarios and allocation lists)`);
  }
  return r as BenchResults;
}

/** One compared figure: what, saved value, new value, and whether higher is better. */
type Figure = [label: string, before: number, after: number, higherIsBetter: boolean];

function change([label, before, after, higherIsBetter]: Figure): string[] {
  const pct = before === 0 ? (after === 0 ? 0 : Infinity) : ((after - before) / Math.abs(before)) * 100;
  const better = after === before ? '' : after > before === higherIsBetter ? 'better' : 'worse';
  const fmt = (x: number): string => (Math.abs(x) >= 1e5 ? x.toExponential(3) : x.toFixed(3));
  return [label, fmt(before), fmt(after), `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`, better];
}

function holdFigures(old: BenchResults, now: Partial<BenchResults>): Figure[] {
  const out: Figure[] = [];
  for (const row of now.hold ?? []) {
    const was = old.hold.find((r) => r.n === row.n);
    if (!was) continue;
    out.push([`hold n=${row.n} engine events/s`, was.engineEventsPerS, row.engineEventsPerS, true]);
    out.push([`hold n=${row.n} flatqueue events/s`, was.flatqueueEventsPerS, row.flatqueueEventsPerS, true]);
    out.push([`hold n=${row.n} engine/flatqueue`, was.ratio, row.ratio, true]);
  }
  return out;
}

function scenarioFigures(old: BenchResults, now: Partial<BenchResults>): Figure[] {
  const out: Figure[] = [];
  for (const row of now.scenarios ?? []) {
    const was = old.scenarios.find((r) => r.scenario === row.scenario && r.mode === row.mode);
    if (!was) continue;
    const key = `${row.scenario} ${row.mode}`;
    if (was.events !== row.events) out.push([`${key} events (model changed?)`, was.events, row.events, true]);
    out.push([`${key} wall s`, was.wallS, row.wallS, false]);
    out.push([`${key} events/s`, was.eventsPerS, row.eventsPerS, true]);
    out.push([`${key} peak RSS MB`, was.peakRssMB, row.peakRssMB, false]);
    out.push([`${key} bytes/user`, was.bytesPerUser, row.bytesPerUser, false]);
  }
  return out;
}

function modelFigures(old: BenchResults, now: Partial<BenchResults>): Figure[] {
  const out: Figure[] = [];
  for (const row of now.model ?? []) {
    const was = old.model?.find((r) => r.scenario === row.scenario);
    if (!was) continue;
    const key = `${row.scenario} whole CLI`;
    if (was.events !== row.events) out.push([`${key} events (model changed?)`, was.events, row.events, true]);
    out.push([`${key} wall s`, was.wallS, row.wallS, false]);
    out.push([`${key} cpu s`, was.cpuS, row.cpuS, false]);
    out.push([`${key} model/flatqueue`, was.ratio, row.ratio, true]);
    out.push([`${key} bytes/user`, was.bytesPerUser, row.bytesPerUser, false]);
  }
  return out;
}

function allocFigures(old: BenchResults, now: Partial<BenchResults>): Figure[] {
  const out: Figure[] = [];
  for (const row of now.allocation ?? []) {
    const was = old.allocation.find((r) => r.name === row.name);
    if (!was) continue;
    out.push([`${row.name} bytes/event`, was.bytesPerEvent, row.bytesPerEvent, false]);
    out.push([`${row.name} GC runs`, was.gcRuns, row.gcRuns, false]);
  }
  return out;
}

function floorFigures(old: BenchResults, now: Partial<BenchResults>): Figure[] {
  const out: Figure[] = [];
  for (const row of now.floor ?? []) {
    const was = old.floor?.find((r) => r.scenario === row.scenario && r.mode === row.mode);
    if (!was) continue;
    const key = `${row.scenario} floor ${row.mode}`;
    out.push([`${key} events/cpu s`, was.eventsPerCpuS, row.eventsPerCpuS, true]);
    out.push([`${key} vs flatqueue`, was.cpuRatio, row.cpuRatio, true]);
  }
  return out;
}

function threadsFigures(old: BenchResults, now: Partial<BenchResults>): Figure[] {
  const out: Figure[] = [];
  for (const row of now.threads ?? []) {
    const was = old.threads?.find((r) => r.scenario === row.scenario);
    if (!was) continue;
    out.push([`${row.scenario} thread on wall s`, was.onWallS, row.onWallS, false]);
    out.push([`${row.scenario} thread wall on/off`, was.wallRatio, row.wallRatio, false]);
  }
  return out;
}

/** The comparison table; speeds from different runs compare only roughly on a shared machine. */
export function compareText(file: string, old: BenchResults, now: Partial<BenchResults>): string {
  const figures = [
    ...holdFigures(old, now),
    ...scenarioFigures(old, now),
    ...modelFigures(old, now),
    ...allocFigures(old, now),
    ...floorFigures(old, now),
    ...threadsFigures(old, now),
  ];
  return [
    `Change against ${file} (${old.date}, ${old.node}, ${old.cpu}):`,
    table(['figure', 'saved', 'now', 'change', ''], figures.map(change)),
    '  Speeds from two runs compare only roughly on a shared machine; the engine/flatqueue ratio is measured within one run.',
  ].join('\n');
}
