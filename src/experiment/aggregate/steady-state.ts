// The steady-state section of a replicated run or sweep point: per timeline column, the statistics of
// each replication's mean of its samples at t ≥ the warm-up, every interval within the column's range.
import { POOL_ON_MIRROR } from '../../model/database.js';
import { aggregateValues, MetricStats, type Aggregate } from './aggregate.js';

type Tree = { [key: string]: Aggregate };

function isTree(v: Aggregate | undefined): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof MetricStats);
}

/** The `peakBound` of `tree` (aggregated, the same in every replication), or Infinity where it has none. */
function boundOf(tree: Aggregate | undefined): number {
  const b = isTree(tree) ? tree['peakBound'] : undefined;
  return b instanceof MetricStats ? b.max : Infinity;
}

/**
 * The most each timeline column can be, from the aggregated summary `metrics`: connected and waiting
 * users their `peakBound`, a server's users its `peakBound`, `active_servers` the servers, a
 * `<pool>_state` the highest pool state; other columns (counts, sizes) only ≥ 0.
 */
function columnMost(metrics: Aggregate, column: string): number {
  const m = isTree(metrics) ? metrics : {};
  const servers = isTree(m['servers']) ? m['servers'] : {};
  const pools = isTree(m['pools']) ? m['pools'] : {};
  if (column === 'connected' || column === 'waiting') return boundOf(m[column]);
  if (column === 'active_servers') return Object.keys(servers).length;
  if (Object.hasOwn(servers, column)) return boundOf(servers[column]);
  if (column.endsWith('_state') && Object.hasOwn(pools, column.slice(0, -'_state'.length)))
    return POOL_ON_MIRROR;
  return Infinity;
}

/** Per column, the statistics of the replications' steady-state means, each interval within [0, its most]. */
export function steadyStateStats(
  steady: readonly ({ [column: string]: number } | null)[],
  metrics: Aggregate,
): Aggregate {
  const tree = aggregateValues(steady);
  if (!isTree(tree)) return tree;
  const out: Tree = {};
  for (const [k, v] of Object.entries(tree))
    out[k] = v instanceof MetricStats ? v.clip(0, columnMost(metrics, k)) : v;
  return out;
}
