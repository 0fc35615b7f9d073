// replications.csv of a replicated run: one row per replication (in order) with its seed and every
// numeric figure of its summary, by dotted path, and the seconds above each documented limit passed
// (`warnings.<code>.<subject>.seconds`, 0 where not), so `compare` can pair replications that share seeds.
import { CsvFile } from '../../io/csv-file.js';
import { figureOf } from '../../model/figures/catalogue.js';
import { metricsOf, seedOf, type Json, type ReplicationResult } from '../run/replicate.js';
import { WARNING_FIGURE, warningSeconds } from '../aggregate/warning-stats.js';

/**
 * Every figure of a summary tree that measures something, as `[path, value]` in tree order: numbers and
 * nulls, lists left out, and the figures that name the run rather than measure it (the seed: kind
 * `id` in the catalogue) too.
 */
export function numericLeaves(
  tree: Json | undefined,
  path: readonly string[] = [],
): [string, number | null][] {
  if (path.length > 0 && figureOf(path)?.kind === 'id') return [];
  if (typeof tree === 'number') return [[path.join('.'), tree]];
  if (tree === null) return path.length === 0 ? [] : [[path.join('.'), null]];
  if (typeof tree !== 'object' || Array.isArray(tree)) return [];
  const out: [string, number | null][] = [];
  for (const [k, v] of Object.entries(tree)) out.push(...numericLeaves(v, [...path, k]));
  return out;
}

/** Writes replications.csv: `replication,seed`, then every figure any replication has (empty = none). */
export async function writeReplicationsCsv(
  results: readonly ReplicationResult[],
  path: string,
): Promise<void> {
  const rows = results.map(
    (r) => new Map([...numericLeaves(metricsOf(r)), ...warningSeconds(r.summary['warnings'])]),
  );
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const k of row.keys())
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
  const csv = new CsvFile(path, ['replication', 'seed', ...columns]);
  try {
    results.forEach((r, i) => {
      const row = rows[i] as Map<string, number | null>;
      const seed = seedOf(r);
      // A replication that did not pass a limit spent 0 s above it.
      const cell = (c: string) => row.get(c) ?? (c.startsWith(WARNING_FIGURE) ? 0 : '');
      csv.write([r.index, seed ?? '', ...columns.map(cell)]);
    });
    await csv.close();
  } catch (e) {
    await csv.abort();
    throw e;
  }
}
