// Whole-model section: each bench scenario as a whole process of the built CLI writing its
// files (`run … --quiet`), against the bare flatqueue hold loop at the same pending-event count, the
// two alternating in child processes of the same run so the ratio sees the same machine load.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
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
  /** The bare flatqueue hold loop at n = users, events per second of wall time. */
  flatEventsPerS: number;
  /** Median over runs of (events/s of the run) / (flatqueue events/s of the paired flatqueue child). */
  ratio: number;
  /** The same ratio with both sides per CPU second (less sensitive to a busy machine). */
  cpuRatio: number;
  peakRssMB: number;
  /** Peak RSS of `validate` on the same scenario: Node, the CLI's modules, the scenario loaded. */
  emptyRssMB: number;
  /** (peak RSS − empty RSS) / users. */
  bytesPerUser: number;
}

/** The issue-14 scenarios and their targets; `big` ones run only with --big (minutes each). */
export const MODEL_SCENARIOS = [
  { name: 'year-150k', maxWallS: 20, maxBytesPerUser: Infinity, big: false },
  { name: 'million-users-week', maxWallS: 8, maxBytesPerUser: 100, big: false },
  { name: 'ten-million-users-week', maxWallS: 90, maxBytesPerUser: 100, big: true },
] as const;

const MB = 1024 * 1024;

function here(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}

/** From dist-bench/bench/: the scenario sources two folders up, the CLI built next door. */
export function scenarioPath(name: string): string {
  return here(`../../bench/scenarios/${name}.yaml`);
}

interface CliRun {
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

/** Runs the built CLI with `args` in its own process, the exit hook preloaded. */
function runCli(args: readonly string[], dir: string, hugePages: boolean): CliRun {
  const reportFile = join(dir, 'exit-report.json');
  const started = performance.now();
  const res = spawnSync(
    process.execPath,
    ['--import', here('./exit-report.js'), here('../src/cli/main.js'), ...args],
    { stdio: ['ignore', 'ignore', 'inherit'], env: childEnv(hugePages, { PCHAT_BENCH_REPORT: reportFile }) },
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
    const run = runCli(['run', scenarioPath(name), '--quiet', '--out', out, '--force'], dir, hugePages);
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

/** One scenario: `runs` pairs of (whole CLI run, flatqueue child at n = users), alternating. */
function measure(name: string, runs: number, hugePages: boolean): ModelBenchRow {
  const users = populationOf(name);
  const empty = median(Array.from({ length: runs }, () => emptyRss(name, hugePages)));
  const cli: (CliRun & { events: number })[] = [];
  const flat: FlatReport[] = [];
  for (let i = 0; i < runs; i++) {
    cli.push(runScenarioCli(name, hugePages));
    flat.push(runFlat(users, hugePages));
  }
  const events = (cli[0] as CliRun & { events: number }).events;
  const peak = median(cli.map((r) => r.report.peakRssBytes));
  return {
    scenario: name,
    users,
    events,
    wallS: median(cli.map((r) => r.wallS)),
    cpuS: median(cli.map((r) => r.report.cpuS)),
    eventsPerS: median(cli.map((r) => events / r.wallS)),
    flatEventsPerS: median(flat.map((f) => f.eventsPerS)),
    ratio: median(cli.map((r, i) => events / r.wallS / (flat[i] as FlatReport).eventsPerS)),
    cpuRatio: median(cli.map((r, i) => events / r.report.cpuS / (flat[i] as FlatReport).eventsPerCpuS)),
    peakRssMB: peak / MB,
    emptyRssMB: empty / MB,
    bytesPerUser: (peak - empty) / users,
  };
}

/**
 * The whole-model section: each issue-14 scenario (the ten-million one only with `big`), `runs`
 * alternating pairs of whole CLI run and flatqueue child.
 * @param hugePages - run the children with transparent huge pages for malloc (see childEnv).
 * @param onRow - called as each row completes (the runs take minutes).
 */
export function benchModel(
  runs: number,
  big: boolean,
  hugePages: boolean,
  onRow: (row: ModelBenchRow) => void = () => undefined,
): ModelBenchRow[] {
  const rows: ModelBenchRow[] = [];
  for (const s of MODEL_SCENARIOS) {
    if (s.big && !big) continue;
    const row = measure(s.name, runs, hugePages);
    rows.push(row);
    onRow(row);
  }
  return rows;
}
