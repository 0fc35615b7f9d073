// `compare`: two or more result folders (single or replicated runs) side by side. Every numeric figure
// of their summary.json (a replicated run's mean) and the seconds above each limit passed, the
// difference of each run from the first, and where both are replicated with the same seeds (common
// random numbers), the paired difference's 95% interval from their replications.csv.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../../errors.js';
import { confidenceInterval } from '../../stats/student-t.js';
import { round9 } from '../aggregate/aggregate.js';
import type { ComparedRun, CompareRow } from '../../io/report/compare-table.js';
import { summaryWarmupS, warningMessages } from '../../io/report/key-figures.js';
import type { Json } from '../run/replicate.js';
import { numericLeaves } from '../replications/replications-csv.js';
import { WARNING_FIGURE, warningSeconds } from '../aggregate/warning-stats.js';

function readJson(path: string): Json {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Figures of a replicated summary's metrics: the mean of every statistics leaf. */
function meanLeaves(tree: Json | undefined, prefix = ''): [string, number | null][] {
  if (!isObject(tree)) return [];
  if ('mean' in tree && 'ci95' in tree)
    return [[prefix, typeof tree['mean'] === 'number' ? tree['mean'] : null]];
  const out: [string, number | null][] = [];
  for (const [k, v] of Object.entries(tree)) out.push(...meanLeaves(v, prefix === '' ? k : `${prefix}.${k}`));
  return out;
}

/** replications.csv as figure → values in replication order. */
function readReplicationsCsv(path: string): Map<string, (number | null)[]> {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = (head ?? '').split(',');
  const out = new Map<string, (number | null)[]>(columns.map((c) => [c, []]));
  for (const line of lines) {
    const cells = line.split(',');
    columns.forEach((c, i) =>
      out.get(c)?.push(cells[i] === undefined || cells[i] === '' ? null : Number(cells[i])),
    );
  }
  return out;
}

/** Reads one result folder. @throws UsageError when it has no summary.json of a run. */
export function readComparedRun(dir: string): Omit<ComparedRun, 'name'> {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) throw new UsageError(`${dir}: no summary.json (not the results folder of a run)`);
  const summary = readJson(path);
  if (!isObject(summary) || typeof summary['scenario'] !== 'string')
    throw new UsageError(`${path}: not the summary of a run or replicated run`);
  const replicated = typeof summary['replications'] === 'number' && isObject(summary['metrics']);
  const seeds = replicated
    ? (Array.isArray(summary['seeds']) ? summary['seeds'] : []).map(Number)
    : [Number(summary['seed'])];
  const figures = new Map([
    ...(replicated ? meanLeaves(summary['metrics']) : numericLeaves(summary).filter(([k]) => k !== 'seed')),
    ...warningSeconds(summary['warnings']),
  ]);
  const csv = join(dir, 'replications.csv');
  return {
    dir,
    scenario: summary['scenario'],
    replications: replicated ? Number(summary['replications']) : 1,
    seeds,
    figures,
    warnings: warningMessages(summary),
    warmupS: summaryWarmupS(summary) ?? 0,
    perReplication: replicated && existsSync(csv) ? readReplicationsCsv(csv) : null,
  };
}

/** Names runs by scenario, by folder when scenario names repeat (and by path when folders do too). */
export function nameRuns(runs: readonly Omit<ComparedRun, 'name'>[]): ComparedRun[] {
  const count = (f: (r: Omit<ComparedRun, 'name'>) => string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of runs) m.set(f(r), (m.get(f(r)) ?? 0) + 1);
    return m;
  };
  const byScenario = count((r) => r.scenario);
  const byFolder = count((r) => basename(r.dir));
  return runs.map((r) => ({
    ...r,
    name:
      (byScenario.get(r.scenario) ?? 0) === 1
        ? r.scenario
        : (byFolder.get(basename(r.dir)) ?? 0) === 1
          ? basename(r.dir)
          : r.dir,
  }));
}

/** True when both runs are replicated with replications.csv and the same seeds in the same order. */
export function paired(a: ComparedRun, b: ComparedRun): boolean {
  return (
    a.perReplication !== null &&
    b.perReplication !== null &&
    a.seeds.length === b.seeds.length &&
    a.seeds.length >= 2 &&
    a.seeds.every((s, i) => s === b.seeds[i])
  );
}

function pairedInterval(
  a: ComparedRun,
  b: ComparedRun,
  figure: string,
): { lo: number | null; hi: number | null } {
  const xs = a.perReplication?.get(figure);
  const ys = b.perReplication?.get(figure);
  if (xs === undefined || ys === undefined) return { lo: null, hi: null };
  const d: number[] = [];
  xs.forEach((x, i) => {
    const y = ys[i];
    if (x !== null && y !== null && y !== undefined) d.push(y - x);
  });
  if (d.length < 2) return { lo: null, hi: null };
  const ci = confidenceInterval(d);
  return { lo: round9(ci.lo), hi: round9(ci.hi) };
}

/** Every figure any run has, in first-seen order, with the differences from the first run. */
export function compareRows(runs: readonly ComparedRun[]): CompareRow[] {
  const figures: string[] = [];
  const seen = new Set<string>();
  for (const r of runs)
    for (const k of r.figures.keys())
      if (!seen.has(k)) {
        seen.add(k);
        figures.push(k);
      }
  const first = runs[0] as ComparedRun;
  return figures.map((figure) => {
    // A run that did not pass a limit spent 0 s above it.
    const absent = figure.startsWith(WARNING_FIGURE) ? 0 : null;
    const values = runs.map((r) => r.figures.get(figure) ?? absent);
    const base = values[0] ?? null;
    const differences = runs.slice(1).map((r, i) => {
      const v = values[i + 1] ?? null;
      const d = base === null || v === null ? null : round9(v - base);
      return { d, ...(paired(first, r) ? pairedInterval(first, r, figure) : { lo: null, hi: null }) };
    });
    return { figure, values, differences };
  });
}

/** Default output folder: results/compare-<name1>-vs-<name2>... */
export function defaultCompareDir(runs: readonly ComparedRun[]): string {
  return join('results', `compare-${runs.map((r) => basename(r.name)).join('-vs-')}`);
}
