// Whole-model section: each bench scenario as a whole process of the built CLI writing its
// files (`run … --quiet`), against the bare flatqueue hold loop at the same pending-event count, the
// two alternating in child processes of the same run so the ratio sees the same machine load.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { estimateRuns } from '../src/experiment/run/cost-estimate.js';
import { parseScenarioText } from '../src/scenario/load.js';
import type { ExitReport } from './exit-report.js';
import type { FlatReport } from './flat-child.js';
import { median } from './median.js';

/** One row of the whole-model section (medians over runs; ratios are medians of paired ratios). */
export interface ModelBenchRow {
  scenario: string;
  /** Closed population (every user holds one pending event: the flatqueue loop's n). */
  users: number;
  events: number;
  /** Whole process, start to exit, as the parent saw it. */
  wallS: number;
  /** User + system CPU time of the whole process. */
  cpuS: number;
  /** events / wallS. */
  eventsPerS: number;
  /** The bare flatqueue hold loop at n = users, events per second of wall time; NaN when not paired (huge). */
  flatEventsPerS: number;
  /** Median over runs of (events/s of the run) / (flatqueue events/s of the paired flatqueue child); NaN when not paired. */
  ratio: number;
  /** The same ratio with both sides per CPU second (less sensitive to a busy machine); NaN when not paired. */
  cpuRatio: number;
  peakRssMB: number;
  /** The up-front cost estimate's peak memory for the run (what `run` refuses without --yes beyond 70% of the machine's). */
  estimatedMB?: number;
  /** Peak RSS of `validate` on the same scenario: Node, the CLI's modules, the scenario loaded. */
  emptyRssMB: number;
  /** (peak RSS − empty RSS) / users. */
  bytesPerUser: number;
}

/** Which run of the section a scenario belongs to: always, with --big, or with --huge. */
export type ModelSize = 'base' | 'big' | 'huge';

/**
 * The whole-model scenarios and their targets; `big` ones run only with --big, `huge` ones only with
 * --huge (minutes each, not paired with flatqueue: a hold loop of 10^8 events takes minutes to build).
 */
export const MODEL_SCENARIOS: readonly {
  name: string;
  maxWallS: number;
  maxBytesPerUser: number;
  size: ModelSize;
}[] = [
  { name: 'year-150k', maxWallS: 20, maxBytesPerUser: Infinity, size: 'base' },
  { name: 'million-users-week', maxWallS: 8, maxBytesPerUser: 100, size: 'base' },
  { name: 'ten-million-users-week', maxWallS: 90, maxBytesPerUser: 100, size: 'big' },
  { name: 'hundred-million-users-day', maxWallS: 300, maxBytesPerUser: 50, size: 'huge' },
];

const MB = 1024 * 1024;

function here(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}

/** From dist-bench/bench/: the scenario sources two folders up, the CLI built next door. */
export function scenarioPath(name: string): string {
  return here(`../../bench/scenarios/${name}.yaml`);
}

export interface CliRun {
  wallS: number;
  report: ExitReport;
}

/**
 * The environment of the section's children: with `hugePages`, glibc's malloc asks the kernel for
 * transparent huge pages (`madvise`) for the large blocks Node's typed arrays live in.
 */
function childEnv(hugePages: boolean, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...(hugePages ? { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } : {}), ...extra };
}

/** Runs the built CLI with `args` in its own process, the exit hook preloaded; `env` adds to its environment. */
export function runCli(
  args: readonly string[],
  dir: string,
  hugePages: boolean,
  env: Record<string, string> = {},
): CliRun {
  const reportFile = join(dir, 'exit-report.json');
  const started = performance.now();
  const res = spawnSync(
    process.execPath,
    ['--import', here('./exit-report.js'), here('../src/cli/main.js'), ...args],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: childEnv(hugePages, { ...env, PCHAT_BENCH_REPORT: reportFile }),
    },
  );
  const wallS = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`pchat-sim ${args.join(' ')} exited with ${res.status}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ExitReport;
  return { wallS, report };
}

/** One whole run writing its files into a temporary folder (removed afterwards). */
function runScenarioCli(name: string, hugePages: boolean): CliRun & { events: number } {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-bench-'));
  try {
    const out = join(dir, 'out');
    // --yes: the row measures the run, whatever this machine's memory says of its estimate.
    const run = runCli(
      ['run', scenarioPath(name), '--quiet', '--out', out, '--force', '--yes'],
      dir,
      hugePages,
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      events_processed: number;
    };
    return { ...run, events: summary.events_processed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `validate` on the scenario: the empty process that bytes per user are counted above. */
function emptyRss(name: string, hugePages: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-bench-'));
  try {
    return runCli(['validate', scenarioPath(name)], dir, hugePages).report.peakRssBytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The flatqueue hold loop at n pending events, in its own process. */
export function runFlat(n: number, hugePages: boolean): FlatReport {
  const out = spawnSync(process.execPath, [here('./flat-child.js'), String(n)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: childEnv(hugePages),
  });
  if (out.status !== 0) throw new Error(`flat-child ${n} exited with ${out.status}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as FlatReport;
}

export function populationOf(name: string): number {
  const m = /^\s*population:\s*(\d+)/m.exec(readFileSync(scenarioPath(name), 'utf8'));
  if (m === null) throw new Error(`${name}: no population (the bench compares closed populations)`);
  return Number(m[1]);
}

/** The up-front estimate of a single run's peak memory, bytes (as `run` computes it). */
function estimatedBytes(name: string): number {
  const file = scenarioPath(name);
  return estimateRuns([parseScenarioText(readFileSync(file, 'utf8'), file)], 1, 'streamed').memoryBytes;
}

/** One scenario: `runs` pairs of (whole CLI run, flatqueue child at n = users), alternating; no flatqueue if not `paired`. */
function measure(name: string, runs: number, hugePages: boolean, paired: boolean): ModelBenchRow {
  const users = populationOf(name);
  const empty = median(Array.from({ length: runs }, () => emptyRss(name, hugePages)));
  const cli: (CliRun & { events: number })[] = [];
  const flat: FlatReport[] = [];
  for (let i = 0; i < runs; i++) {
    cli.push(runScenarioCli(name, hugePages));
    if (paired) flat.push(runFlat(users, hugePages));
  }
  const pair = (f: (r: CliRun, fl: FlatReport) => number): number =>
    paired ? median(cli.map((r, i) => f(r, flat[i] as FlatReport))) : NaN;
  const events = (cli[0] as CliRun & { events: number }).events;
  const peak = median(cli.map((r) => r.report.peakRssBytes));
  return {
    scenario: name,
    users,
    events,
    wallS: median(cli.map((r) => r.wallS)),
    cpuS: median(cli.map((r) => r.report.cpuS)),
    eventsPerS: median(cli.map((r) => events / r.wallS)),
    flatEventsPerS: paired ? median(flat.map((f) => f.eventsPerS)) : NaN,
    ratio: pair((r, fl) => events / r.wallS / fl.eventsPerS),
    cpuRatio: pair((r, fl) => events / r.report.cpuS / fl.eventsPerCpuS),
    peakRssMB: peak / MB,
    estimatedMB: estimatedBytes(name) / MB,
    emptyRssMB: empty / MB,
    bytesPerUser: (peak - empty) / users,
  };
}

/**
 * The whole-model section: each scenario of the chosen sizes (`base` always), `runs` alternating
 * pairs of whole CLI run and flatqueue child (the huge row alone, without flatqueue).
 * @param hugePages - run the children with transparent huge pages for malloc (see childEnv).
 * @param onRow - called as each row completes (the runs take minutes).
 */
export function benchModel(
  runs: number,
  sizes: readonly ModelSize[],
  hugePages: boolean,
  onRow: (row: ModelBenchRow) => void = () => undefined,
): ModelBenchRow[] {
  const rows: ModelBenchRow[] = [];
  for (const s of MODEL_SCENARIOS) {
    if (s.size !== 'base' && !sizes.includes(s.size)) continue;
    const row = measure(s.name, runs, hugePages, s.size !== 'huge');
    rows.push(row);
    onRow(row);
  }
  return rows;
}
