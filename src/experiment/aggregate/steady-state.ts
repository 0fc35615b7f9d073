// The steady-state section of a replicated run or sweep point: per timeline column, the statistics of
// each replication's mean of its samples at t ≥ the warm-up, every interval within the column's range
// as its declaration gives it (model/figures/timeline-columns.ts); running totals are left out.
import { figure, group } from '../../model/figures/catalogue.js';
import { TIMELINE_COLUMNS, type Column, poolStateColumn } from '../../model/figures/timeline-columns.js';
import { aggregateValues, MetricStats, type Aggregate } from './aggregate.js';

type Tree = { [key: string]: Aggregate };

function isTree(v: Aggregate | undefined): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof MetricStats);
}

const SERVERS = group('servers');
const POOLS = group('pools');

/** The declaration of a timeline column of the run whose aggregated summary is `metrics`. */
function columnOf(metrics: Aggregate, column: string): Column | undefined {
  const fixed = TIMELINE_COLUMNS.find((c) => c.per === undefined && c.name === column);
  if (fixed !== undefined) return fixed;
  const servers = SERVERS.at(metrics);
  if (isTree(servers as Aggregate) && Object.hasOwn(servers as Tree, column))
    return TIMELINE_COLUMNS.find((c) => c.per === 'server');
  const pools = POOLS.at(metrics);
  if (isTree(pools as Aggregate) && Object.keys(pools as Tree).some((p) => poolStateColumn(p) === column))
    return TIMELINE_COLUMNS.find((c) => c.per === 'pool');
  return undefined;
}

/**
 * The most a timeline column can be, from its declaration and the aggregated summary `metrics`: the
 * figure bounding it (a server's column: that server's), the number of servers, or its highest level.
 */
function columnMost(metrics: Aggregate, name: string): number {
  const c = columnOf(metrics, name);
  if (c === undefined) return Infinity;
  if (c.most === 'servers') {
    const servers = SERVERS.at(metrics);
    return isTree(servers as Aggregate) ? Object.keys(servers as Tree).length : Infinity;
  }
  if (c.most !== undefined) return c.most;
  if (c.boundBy === undefined) return Infinity;
  const bound = figure(c.boundBy).at(metrics, name);
  // A bound is the same in every replication; null is none.
  return bound instanceof MetricStats ? bound.max : Infinity;
}

/**
 * Per column, the statistics of the replications' steady-state means, each interval within [0, its
 * most]; running totals (refusals and messages so far) are left out: their mean over time is no level.
 */
export function steadyStateStats(
  steady: readonly ({ [column: string]: number } | null)[],
  metrics: Aggregate,
): Aggregate {
  const tree = aggregateValues(steady);
  if (!isTree(tree)) return tree;
  const out: Tree = {};
  for (const [k, v] of Object.entries(tree)) {
    if (columnOf(metrics, k)?.cumulative === true) continue;
    out[k] = v instanceof MetricStats ? v.clip(0, columnMost(metrics, k)) : v;
  }
  return out;
}
