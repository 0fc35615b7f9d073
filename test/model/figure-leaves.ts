// Which declarations of the catalogue a leaf of a summary.json matches, worked out from the patterns
// alone (an oracle independent of catalogue.ts's lookup): a single run's leaves name a figure; a
// replicated run's name a figure plus a statistic (`.mean`, `.ci95[]`, `.count.max`, `.counts.<text>`).
import { EXPERIMENT_FIGURES } from '../../src/model/figures/experiment-figures.js';
import type { Figure } from '../../src/model/figures/figure.js';
import { SUMMARY_FIGURES } from '../../src/model/figures/summary-figures.js';
import { TIMELINE_COLUMNS } from '../../src/model/figures/timeline-columns.js';

/** A declaration as the test sees it: a name for messages and a pattern of segments. */
export interface Declared {
  readonly name: string;
  readonly pattern: readonly string[];
  readonly kind: Figure['kind'];
}

const segs = (path: string): string[] =>
  path.split('.').flatMap((p) => (p.endsWith('[]') ? [p.slice(0, -2), '[]'] : [p]));

/** Every declaration: summary.json's, the replicated run's own, the timeline's columns (under `steadyState`). */
export const DECLARED: readonly Declared[] = [
  ...Object.entries(SUMMARY_FIGURES).map(([p, f]) => ({ name: p, pattern: segs(p), kind: f.kind })),
  ...Object.entries(EXPERIMENT_FIGURES).map(([p, f]) => ({
    name: `experiment ${p}`,
    pattern: segs(p),
    kind: f.kind,
  })),
  ...TIMELINE_COLUMNS.map((c) => ({ name: `column ${c.name}`, pattern: [c.name], kind: c.kind })),
];

const SUMMARY = DECLARED.filter((d) => !d.name.startsWith('experiment ') && !d.name.startsWith('column '));
const EXPERIMENT = DECLARED.filter((d) => d.name.startsWith('experiment '));
const COLUMNS = DECLARED.filter((d) => d.name.startsWith('column '));
const WARNINGS = DECLARED.filter((d) => d.pattern[0] === 'warnings');

/** Every leaf of a JSON tree as segments (list entries as `[]`); an empty list or object is a leaf too. */
export function leaves(tree: unknown, path: readonly string[] = []): string[][] {
  if (Array.isArray(tree))
    return tree.length === 0 ? [[...path]] : tree.flatMap((v) => leaves(v, [...path, '[]']));
  if (typeof tree === 'object' && tree !== null) {
    const entries = Object.entries(tree);
    return entries.length === 0 ? [[...path]] : entries.flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [[...path]];
}

const STATS = new Set(['mean', 'sd', 'min', 'max', 'n', 'clipped']);
const NUMERIC = new Set<Figure['kind']>([
  'count',
  'span',
  'seconds',
  'instant',
  'ratio',
  'yesno',
  'level',
  'setting',
]);

/** True when a declared pattern (with `*`) names exactly `path`. */
function named(pattern: readonly string[], path: readonly string[]): boolean {
  return (
    pattern.length === path.length &&
    pattern.every((p, i) => p === path[i] || (p === '*' && path[i] !== '[]'))
  );
}

/** The ways `rest` can follow a figure of this kind in a replicated summary (`[]`: the value itself). */
function statisticOf(kind: Figure['kind'], rest: readonly string[]): boolean {
  if (rest.length === 0) return true;
  if (NUMERIC.has(kind))
    return (rest.length === 1 && STATS.has(rest[0] ?? '')) || (rest[0] === 'ci95' && rest[1] === '[]');
  if (kind === 'text') return rest.length === 2 && rest[0] === 'counts';
  if (kind === 'list') return rest[0] === 'count' && rest.length > 1 && statisticOf('count', rest.slice(1));
  return false;
}

/** A leaf of a single run's summary → the declarations it names. */
export function singleMatches(path: readonly string[]): Declared[] {
  return SUMMARY.filter((d) => named(d.pattern, path));
}

/** A leaf of a replicated summary → the declarations it can be (figure + statistic), by section. */
export function replicatedMatches(path: readonly string[], summary: unknown): Declared[] {
  const [head, ...rest] = path;
  if (head === 'metrics') return withStatistic(SUMMARY, rest);
  if (head === 'outagesByOrder') return withStatistic(SUMMARY, ['outages', ...rest]);
  if (head === 'warnings') return withStatistic(WARNINGS, path);
  if (head === 'steadyState') {
    const [column = '', ...stat] = rest;
    return COLUMNS.filter((d) => columnNamed(d, column, summary) && statisticOf(d.kind, stat));
  }
  return EXPERIMENT.filter((d) => named(d.pattern, path));
}

/** The declarations `inner` names, followed by one of the statistics of its kind. */
function withStatistic(list: readonly Declared[], inner: readonly string[]): Declared[] {
  return list.filter((d) =>
    Array.from({ length: inner.length + 1 }, (_, i) => i).some(
      (i) => named(d.pattern, inner.slice(0, i)) && statisticOf(d.kind, inner.slice(i)),
    ),
  );
}

/** A fixed column by its name; a server's by the run's servers; a pool state's by the run's pools. */
function columnNamed(d: Declared, column: string, summary: unknown): boolean {
  const c = TIMELINE_COLUMNS.find((x) => `column ${x.name}` === d.name);
  const metrics = (summary as { metrics?: { servers?: object; pools?: object } }).metrics;
  if (c === undefined) return false;
  if (c.per === 'server') return Object.keys(metrics?.servers ?? {}).includes(column);
  if (c.per === 'pool') return Object.keys(metrics?.pools ?? {}).some((p) => `${p}_state` === column);
  return c.name === column;
}

/** `d` and the lists it is an entry of (`outages` for `outages[].start`): a leaf naming `d` uses them all. */
export function withLists(d: Declared): string[] {
  return DECLARED.filter(
    (l) =>
      l === d ||
      (l.kind === 'list' &&
        l.pattern.every((p, i) => p === d.pattern[i]) &&
        d.pattern[l.pattern.length] === '[]'),
  ).map((l) => l.name);
}
