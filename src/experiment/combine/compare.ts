// `compare`: two or more result folders (single or replicated runs) side by side. Every numeric figure
// of their summary.json (a replicated run's mean) and the seconds above each limit passed, the
// difference of each run from the first, and for two replicated runs its 95% interval from their
// replications.csv: paired by replication number when the replications share their seeds (common
// random numbers), unpaired (Welch) and said so when they do not. A replications.csv that disagrees
// with its own summary.json is refused.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../../errors.js';
import { experimentFigure, figure } from '../../model/figures/catalogue.js';
import { round9 } from '../aggregate/aggregate.js';
import type { ComparedRun, CompareRow } from '../../io/report/compare-table.js';
import { summaryWarmupS, warningMessages } from '../../io/report/key-figures.js';
import type { Json } from '../run/replicate.js';
import { numericLeaves } from '../replications/replications-csv.js';
import { WARNING_FIGURE, warningSeconds } from '../aggregate/warning-stats.js';
import { differenceInterval, unpaired } from './difference-interval.js';

const SCENARIO = figure('scenario');
const SEED = figure('seed');
const DURATION = figure('duration_s');
const REPLICATIONS = experimentFigure('replications');
const SEEDS = experimentFigure('seeds');
const METRICS = experimentFigure('metrics');
const WARNINGS = experimentFigure('warnings');
const BY_ORDER = experimentFigure('outagesByOrder');
const OUTAGES = figure('outages');
const AFFECTED = figure('outages[].usersAffected');
const RECOVERY_95 = figure('outages[].recovery95_s');
const SECONDS_OVER = figure('servers.*.secondsOverCapacity');

/** compare.csv's row of the worst server's time over capacity: per run (and replication), the most of any server. */
export const WORST_OVER = `max(${SECONDS_OVER.path})`;
/** compare.csv's row of the longest time until 95% of an outage's users were back, over the run's outages. */
export const WORST_95 = `max(${RECOVERY_95.path})`;

const isServerOver = (path: string): boolean =>
  path.startsWith('servers.') && path.endsWith(`.${SECONDS_OVER.path.split('.').pop() ?? ''}`);

/** The most of the per-server times over capacity among `figures` (null when no server has one). */
function worstOver(entries: Iterable<[string, number | null]>): number | null {
  let worst: number | null = null;
  for (const [k, v] of entries) if (isServerOver(k) && v !== null && (worst === null || v > worst)) worst = v;
  return worst;
}

/**
 * The longest time until 95% of an outage's users were back, over the outages that cut users off (a
 * replicated run: over its outages by order, their means); null when none did, or one never got there.
 */
function worst95(summary: Json, replicated: boolean): number | null {
  const list = replicated ? BY_ORDER.at(summary) : OUTAGES.at(summary);
  if (!Array.isArray(list)) return null;
  let worst: number | null = null;
  for (const o of list) {
    const affected = AFFECTED.at(o);
    const mean = (v: unknown): unknown => (isObject(v as Json) ? (v as { [k: string]: Json })['mean'] : v);
    if (!((mean(affected) as number) > 0)) continue;
    const r = mean(RECOVERY_95.at(o));
    if (typeof r !== 'number') return null;
    if (worst === null || r > worst) worst = r;
  }
  return worst;
}

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

/** A line saying replications.csv is damaged: it disagrees with its own summary.json. */
function damaged(path: string, what: string): UsageError {
  return new UsageError(`${path}: ${what}; the file disagrees with its summary.json (damaged): run it again`);
}

/**
 * replications.csv as figure → values, entry k being replication k's, checked against summary.json:
 * every replication 0 to N − 1 once, each with the seed summary.json gives it, every row whole.
 * @throws UsageError naming the first replication (or line) that disagrees
 */
function readReplicationsCsv(path: string, seeds: readonly number[]): Map<string, (number | null)[]> {
  const [head, ...lines] = readFileSync(path, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const columns = (head ?? '').split(',');
  if (columns[0] !== 'replication' || columns[1] !== 'seed')
    throw damaged(
      path,
      `line 1: expected the header to begin with replication,seed; received ${JSON.stringify((head ?? '').slice(0, 40))}`,
    );
  const n = seeds.length;
  const rows = new Array<(number | null)[] | undefined>(n);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const at = `line ${i + 2}`;
    if (cells.length !== columns.length)
      throw damaged(path, `${at}: expected ${columns.length} cells; received ${cells.length}`);
    const k = Number(cells[0]);
    if (!(Number.isInteger(k) && k >= 0 && k < n))
      throw damaged(
        path,
        `${at}: replication ${cells[0] ?? ''} is not one of its ${n} replications (0 to ${n - 1})`,
      );
    if (rows[k] !== undefined) throw damaged(path, `replication ${k} appears twice`);
    if (Number(cells[1]) !== seeds[k] || cells[1] === '')
      throw damaged(path, `replication ${k} has seed ${cells[1] ?? ''}, summary.json ${seeds[k] ?? ''}`);
    rows[k] = cells.map((c, j) => {
      const v = c === '' ? null : Number(c);
      if (v !== null && !Number.isFinite(v))
        throw damaged(
          path,
          `replication ${k}: ${columns[j] ?? ''}: expected a number; received ${JSON.stringify(c)}`,
        );
      return v;
    });
  });
  const missing = rows.findIndex((r) => r === undefined);
  if (missing >= 0) throw damaged(path, `replication ${missing} is missing (of ${n})`);
  return new Map(columns.map((c, j) => [c, rows.map((r) => (r as (number | null)[])[j] ?? null)]));
}

/** replications.csv's figures with each replication's worst server's time over capacity added. */
function withWorstOver(byFigure: Map<string, (number | null)[]>): Map<string, (number | null)[]> {
  const servers = [...byFigure].filter(([k]) => isServerOver(k));
  const n = byFigure.get('seed')?.length ?? 0;
  byFigure.set(
    WORST_OVER,
    Array.from({ length: n }, (_, k) => worstOver(servers.map(([name, v]) => [name, v[k] ?? null]))),
  );
  return byFigure;
}

/** A summary's window end: `duration_s`, a replicated summary's mean of it. */
function durationOf(summary: { [k: string]: Json }, replicated: boolean): number {
  const d = DURATION.at(replicated ? METRICS.at(summary) : summary) as Json | undefined;
  const v = isObject(d) ? d['mean'] : d;
  return typeof v === 'number' ? v : NaN;
}

/** Reads one result folder. @throws UsageError when it has no summary.json of a run, or a damaged replications.csv. */
export function readComparedRun(dir: string): Omit<ComparedRun, 'name'> {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) throw new UsageError(`${dir}: no summary.json (not the results folder of a run)`);
  const summary = readJson(path);
  const scenario = SCENARIO.at(summary);
  if (!isObject(summary) || typeof scenario !== 'string')
    throw new UsageError(`${path}: not the summary of a run or replicated run`);
  const metrics = METRICS.at(summary) as Json | undefined;
  const replicated = typeof REPLICATIONS.at(summary) === 'number' && isObject(metrics);
  const seedList = SEEDS.at(summary);
  const seeds = replicated
    ? (Array.isArray(seedList) ? seedList : []).map(Number)
    : [Number(SEED.at(summary))];
  const figures = new Map([
    ...(replicated ? meanLeaves(metrics) : numericLeaves(summary)),
    ...warningSeconds(WARNINGS.at(summary) as Json | undefined),
  ]);
  figures.set(WORST_OVER, worstOver(figures));
  figures.set(WORST_95, worst95(summary, replicated));
  const count = replicated ? Number(REPLICATIONS.at(summary)) : 1;
  if (replicated && seeds.length !== count)
    throw new UsageError(`${path}: seeds: expected one per replication (${count}); received ${seeds.length}`);
  const csv = join(dir, 'replications.csv');
  return {
    dir,
    scenario,
    replications: count,
    seeds,
    figures,
    warnings: warningMessages(summary),
    warmupS: summaryWarmupS(summary) ?? 0,
    durationS: durationOf(summary, replicated),
    perReplication: replicated && existsSync(csv) ? withWorstOver(readReplicationsCsv(csv, seeds)) : null,
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

/**
 * Lines a reader of the comparison must see: runs compared without pairing (different seeds), and runs
 * whose windows (warm-up, duration) differ.
 */
export function compareNotes(runs: readonly ComparedRun[]): string[] {
  const first = runs[0];
  if (first === undefined) return [];
  const notes: string[] = [];
  for (const r of runs.slice(1))
    if (unpaired(first, r))
      notes.push(
        `note: ${first.name} and ${r.name} ran different seeds, so their replications are not paired: the difference intervals are unpaired (Welch), wider than paired ones`,
      );
  const window = (r: ComparedRun): string => `${r.name} ${r.warmupS}-${r.durationS} s`;
  if (runs.some((r) => r.warmupS !== first.warmupS || r.durationS !== first.durationS))
    notes.push(
      `warning: the runs' windows (warmup_s to duration_s) differ: ${runs.map(window).join(', ')}; their figures are not over the same span of time`,
    );
  return notes;
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
      return { d, ...differenceInterval(first, r, figure) };
    });
    return { figure, values, differences };
  });
}

/** Default output folder: results/compare-<name1>-vs-<name2>... */
export function defaultCompareDir(runs: readonly ComparedRun[]): string {
  return join('results', `compare-${runs.map((r) => basename(r.name)).join('-vs-')}`);
}
