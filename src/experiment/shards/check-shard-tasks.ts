// A shard count above the experiment's tasks would leave shards with nothing to do.
import { UsageError } from '../../errors.js';
import type { Shard } from './shard.js';

/** Refuses `--shard i/n` with n above `tasks` (replications × grid points). @throws UsageError */
export function checkShardTasks(shard: Shard | null, tasks: number): void {
  if (shard !== null && shard.count > tasks)
    throw new UsageError(
      `--shard: n is at most the experiment's ${tasks} tasks (replications × grid points); received ${shard.count}`,
    );
}
