// Sharding: `--shard i/n` runs the tasks whose index ≡ i (mod n), i counted from 0 as a batch
// engine's array index is (Kubernetes JOB_COMPLETION_INDEX, Slurm SLURM_ARRAY_TASK_ID with --array=0-N).
import { UsageError } from '../../errors.js';
import type { TaskSource } from '../run/replicate.js';

/** Shard `index` of `count` (0 ≤ index < count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n`. @throws UsageError naming the rule and what was received. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(count >= 1 && index < count)) {
    throw new UsageError(
      `--shard: expected i/n with n ≥ 1 and 0 ≤ i < n (i counts from 0); received "${text}"`,
    );
  }
  return { index, count };
}

/**
 * The task indices of a shard: round-robin (index mod count), so shards get a fair mix of cheap and
 * costly sweep points. Without a shard, every index.
 */
export function shardIndices(total: number, shard: Shard | null): number[] {
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (shard === null || i % shard.count === shard.index) out.push(i);
  return out;
}

/** The tasks of a shard of `all`, made on demand: the k-th is task index + k × count. Without a shard, all. */
export function shardTasks(all: TaskSource, shard: Shard | null): TaskSource {
  if (shard === null) return all;
  return {
    count: Math.max(0, Math.ceil((all.count - shard.index) / shard.count)),
    task: (k) => all.task(shard.index + k * shard.count),
  };
}
