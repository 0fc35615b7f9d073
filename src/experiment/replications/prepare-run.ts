// What `run` checks before anything runs: the scenario with the command's overrides, `warmup: auto`,
// the checkpoint asked for, and the up-front cost of a single or replicated run.
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { readScenario } from '../../scenario/load.js';
import { refuseCostly } from '../run/cost-estimate.js';
import { checkAutoWarmup } from '../run/check-auto-warmup.js';
import type { CheckpointRequest } from './replications.js';

/** The run as the command asks for it; an absent override keeps the scenario's value. */
export interface RunRequest {
  readonly seed?: number | undefined;
  /** Seconds, or a duration as typed, checked against the scenario. */
  readonly duration?: number | string | undefined;
  readonly warmup?: number | 'auto' | undefined;
  readonly replications?: number | undefined;
  /** `i/n` as typed. */
  readonly shard?: string | undefined;
  readonly checkpointAt?: number | undefined;
  /** --yes: run past the cost limits. */
  readonly yes: boolean;
}

/** The checked run: its config, whether it is replicated, and the checkpoint to write. */
export interface PreparedRun {
  readonly config: SimConfig;
  readonly replicated: boolean;
  readonly checkpoint: CheckpointRequest | null;
}

/** Reads and checks `file` for a run. @throws ScenarioError, UsageError */
export async function prepareRun(file: string, r: RunRequest): Promise<PreparedRun> {
  const overrides: Record<string, unknown> = {};
  if (r.seed !== undefined) overrides['seed'] = r.seed;
  if (r.duration !== undefined) overrides['duration'] = r.duration;
  if (r.warmup !== undefined) overrides['warmup'] = r.warmup;
  const { config, data } = await readScenario(file, overrides);
  checkAutoWarmup([config], file, r.warmup);
  const checkpoint = checkpointRequest(r, config, file, data);
  const replicated = r.replications !== undefined || r.shard !== undefined;
  const n = replicated ? (r.replications ?? 1) : 1;
  refuseCostly([config], n, file, r.yes, replicated ? 'kept' : 'streamed');
  return { config, replicated, checkpoint };
}

/**
 * `--checkpoint-at T`: what the run's checkpoint records, or null without the option.
 * @throws UsageError for an instant outside the run, or with --shard
 */
function checkpointRequest(
  r: RunRequest,
  config: SimConfig,
  file: string,
  data: unknown,
): CheckpointRequest | null {
  const at = r.checkpointAt;
  if (at === undefined) return null;
  if (r.shard !== undefined)
    throw new UsageError(
      `--checkpoint-at: a checkpoint holds every replication of the run, so a shard cannot write one; received --shard ${r.shard}`,
    );
  if (!(at >= 0 && at < config.durationS))
    throw new UsageError(
      `--checkpoint-at: the instant is within the run, from 0 to before its end (duration ${config.durationS} s); received ${at} s`,
    );
  const scenario =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  return { atS: at, scenarioFile: file, scenario };
}
